package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"hotline/config"
)

// TestEveryLandmarkNamesItsDistrict reads the landmarks from the config, not
// from a copy: each one alone and in a sentence names its district, and a
// district named outright in the same message wins over it.
func TestEveryLandmarkNamesItsDistrict(t *testing.T) {
	cfg := testConfig(t)
	x := NewExtractor(cfg)
	n := 0
	for _, d := range cfg.Districts {
		if len(d.Landmarks) == 0 {
			t.Errorf("%s has no landmarks", d.Name)
		}
		for _, l := range d.Landmarks {
			n++
			for _, text := range []string{l, "你好，" + l + "附近的路灯坏了好几天了", "俺在" + l + "门口，垃圾没人清"} {
				if got, _, conf := x.Place(text); got != d.Name || conf <= 0 {
					t.Errorf("Place(%q) = %q (%.2f), want %s", text, got, conf, d.Name)
				}
			}
			for _, o := range cfg.Districts {
				if o.Name == d.Name {
					continue
				}
				text := "俺是" + o.Name + "的，上个月去" + l + "玩，回来想反映个事"
				if got, _, _ := x.Place(text); got != o.Name {
					t.Errorf("Place(%q) = %q, want %s (named outright)", text, got, o.Name)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("%d landmarks in the default config; the list was never that short", n)
	}
}

// TestEveryAliasAndTownNamesItsDistrict: a district's aliases and its towns'
// full names name it, also in a sentence.
func TestEveryAliasAndTownNamesItsDistrict(t *testing.T) {
	cfg := testConfig(t)
	x := NewExtractor(cfg)
	for _, d := range cfg.Districts {
		for _, a := range d.Aliases {
			if got, _, _ := x.Place("俺家在" + a + "，路灯坏了"); got != d.Name {
				t.Errorf("alias %s: district %q, want %s", a, got, d.Name)
			}
		}
		for _, town := range d.Towns {
			got, gotTown, _ := x.Place("俺家在" + town + "，路灯坏了")
			if got != d.Name || gotTown != town {
				t.Errorf("town %s: %q, %q; want %s", town, got, gotTown, d.Name)
			}
		}
	}
}

// TestAccidentalShortNames: a town's short form or an alias of two
// characters that ordinary text makes across a word boundary, or that is
// an ordinary word, a river or a person's name, gives no district; a
// village (村, 社区) named alone gives none either; the same names used as
// places still count.
func TestAccidentalShortNames(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, district, town string
	}{
		{"老王因为这事跑了好几趟", "", ""},
		{"王因那边的路灯坏了", "济宁高新区", "王因街道"},
		{"学校北宿舍楼的热水停了三天", "", ""},
		{"北宿那边的煤矿塌陷地", "邹城市", "北宿镇"},
		{"去地里看庄稼，路被挖断了", "", ""},
		{"看庄那边集上乱停车", "邹城市", "看庄镇"},
		{"在小区南张贴的通知没人管", "", ""},
		{"办公室主任城管都不管", "", ""},
		{"前任城建局长答应的事没办", "", ""},
		{"俺是任城的，路灯坏了", "任城区", ""},
		{"任城建设北路的商家乱涨价", "任城区", ""},
		{"这条路归任城管辖", "任城区", ""},
		{"高铁跨越河道的那段有人钓鱼", "", ""},
		{"越河那边的菜市场占道", "任城区", "越河街道"},
		{"印了一万张传单乱贴", "", ""},
		{"万张街道的路灯", "嘉祥县", "万张街道"},
		{"村口那棵古槐快死了", "", ""},
		{"下完雨路上积成一片水泊", "", ""},
		{"观音阁里烧香的太多", "", ""},
		{"泗河边上有人挖沙", "", ""},
		{"洸河边上的护栏坏了", "", ""},
		{"我叫肖云，电话13953706688", "", ""},
		{"联系人王鲁平", "", ""},
		{"俺娘掐她人中都没反应", "", ""},
		{"找杨店长退钱，他不给退", "", ""},
		{"颜店长说明天再来", "", ""},
		{"杨店那边的集市占道", "汶上县", "杨店镇"},
		{"下雨天要预防山体滑坡", "", ""},
		{"防山那边的果园", "曲阜市", "防山镇"},
		{"下大雨提高河道水位", "", ""},
		{"高河那边的路灯", "金乡县", "高河街道"},
		{"小区里放梁山伯与祝英台，声音太大", "", ""},
		{"物业这是逼上梁山啊", "", ""},
		{"俺是梁山的，路灯坏了", "梁山县", ""},
		{"苏宁中心店卖的空调坏了", "", ""},
		{"中心店镇的路", "邹城市", "中心店镇"},
		// A village or community named alone: no district, though a town
		// has the same short name.
		{"陵城镇马集村那边的路", "曲阜市", "陵城镇"},
		{"马集村的路坏了", "", ""},
		{"杨营村那边有人烧秸秆", "", ""},
		{"柳行社区门口的垃圾", "", ""},
		{"马集那边的路坏了", "济宁经济技术开发区", "马集镇"},
		{"杨营镇杨营村", "梁山县", "杨营镇"},
	}
	for _, tt := range tests {
		d, town, _ := x.Place(tt.text)
		if d != tt.district || town != tt.town {
			t.Errorf("Place(%q) = %q, %q; want %q, %q", tt.text, d, town, tt.district, tt.town)
		}
	}
}

// heldOutUnseen are the unseen held-out sets (8 and after): only their own
// tests read them, so that no other test's failure prints their messages
// to someone tuning the classifier.
var heldOutUnseen = regexp.MustCompile(`^realistic_holdout(8|9|1[0-9])\.jsonl$`)

// TestNoDistrictFromAccidentalMatches runs the rule over every example
// message of nlp/examples (but the unseen sets and the hand-written
// emergency files, trained on or not): a bare name (a town's short form, an alias of
// two characters) that gives a district must be that message's district
// where the message is labelled (the realistic sets label every message,
// "" for none), and elsewhere must stand apart from the words around it
// (at the start or end, next to punctuation or a space, or before a word
// that makes it a place).
func TestNoDistrictFromAccidentalMatches(t *testing.T) {
	cfg := testConfig(t)
	x := NewExtractor(cfg)
	files, err := filepath.Glob("examples/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example files: %v", err)
	}
	messages, bareHits := 0, 0
	for _, path := range files {
		if heldOutUnseen.MatchString(filepath.Base(path)) {
			continue
		}
		if base := filepath.Base(path); strings.HasPrefix(base, "emergency_written_") || strings.HasPrefix(base, "emergency_unseen_") ||
			strings.HasPrefix(base, "category_written_") {
			// Emergency and category training text as callers write it ("在兖州", "嘉祥那边"),
			// without district labels: the rule's accidents are judged on the
			// sets that label places.
			continue
		}
		allLabelled := strings.HasPrefix(filepath.Base(path), "realistic_holdout")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			if strings.HasPrefix(sc.Text(), "#") {
				continue
			}
			var m struct {
				Text     string  `json:"text"`
				District *string `json:"district"`
				Source   string  `json:"source"`
			}
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			if strings.HasPrefix(m.Source, "written-") {
				// A category_written_*.jsonl message copied into the example
				// set (cattrain.WrittenPrefix): skipped as in its own file.
				continue
			}
			messages++
			s := normalize(m.Text)
			for _, h := range x.placeHits(s, nil) {
				if !h.info.bare {
					continue
				}
				bareHits++
				word := s[h.start:h.end]
				switch {
				case m.District != nil || allLabelled:
					want := ""
					if m.District != nil {
						want = *m.District
					}
					if h.info.district != want {
						t.Errorf("%s:%d: %q gives %s, the message is %q: %s", path, line, word, h.info.district, want, m.Text)
					}
				case !standsApart(s, h.start, h.end):
					t.Errorf("%s:%d: %q gives %s inside running text: %s", path, line, word, h.info.district, m.Text)
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if messages < 5000 || bareHits == 0 {
		t.Errorf("%d messages, %d bare names: the examples were not read", messages, bareHits)
	}
}

// standsApart reports whether s[start:end] has no Han character right
// before it, or none right after it, or is followed by a locative.
func standsApart(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	if start == 0 || !isHan(before) || end == len(s) || !isHan(after) {
		return true
	}
	_, ok := suffixAt(s, end, append(locatives, "的", "镇", "街道"))
	return ok
}

// TestTownShortFormsAreChecked: every town's short form that the
// gazetteer knows is marked bare, so the accidental-match rule applies to
// all of them.
func TestTownShortFormsAreChecked(t *testing.T) {
	cfg := testConfig(t)
	x := NewExtractor(cfg)
	for _, d := range cfg.Districts {
		for _, town := range d.Towns {
			short := config.TownShort(town)
			if short == "" {
				continue
			}
			for _, h := range x.placeHits(short, nil) {
				if s := short[h.start:h.end]; s == short && !h.info.bare && h.info.town != "" {
					t.Errorf("%s (%s) is not marked bare", short, town)
				}
			}
		}
	}
}

// BenchmarkPlace measures the district extractor alone on messages with
// and without places (the gazetteer, the bare-name checks, the choice).
func BenchmarkPlace(b *testing.B) {
	x := testExtractor(b)
	texts := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大",
		"你好，我想反映一下，我们小区物业服务太差，楼道灯坏了半年不换，物业费倒是一分不少收，电话13953706688",
		"俺是泗水的，上个月去龙湾湖玩，景区门口停车乱收费，老王因为这事跑了好几趟",
		"兖州小孟镇俺家老房子下大雨塌了半边，想问问符合农村危房改造不，俺自己一个人过",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		x.Place(texts[i%len(texts)])
	}
}
