package nlp

import (
	"strings"
	"unicode/utf8"

	"hotline/config"
)

// commonShortNames are short town names that are also ordinary words or
// names of other places; they match only with their suffix.
var commonShortNames = map[string]bool{
	"安居": true, "中心": true, "太平": true, "石桥": true, "王庄": true, "张庄": true,
	"南阳": true, "高楼": true, "清河": true, "司马": true, "兴隆": true, "杨柳": true,
	"小路口": true, "大路口": true, "小雪": true, "南苑": true, "济阳": true, "鼓楼": true,
	"滨湖": true, "纸坊": true, "马村": true, "唐村": true, "韩庄": true, "张楼": true,
	"西平": true, "书院": true, "大安": true, "城前": true, "南站": true, "开发": true,
	"新区": true, "城区": true, "金城": true, "龙桥": true, "白石": true, "郭里": true,
	"长沟": true, "化雨": true, "中册": true, "黄屯": true, "李营": true, "星村": true,
	// Short names that ordinary text makes across a word boundary or as a
	// word of its own: 人中都没反应 (中都 of 汶上), 石墙倒了, 一大束花,
	// 两城之间, 印了一万张 (万张 of 嘉祥), 村口的古槐, 路上积成水泊, 老
	// 馆驿 (a post-house, and the street of many towns), 观音阁 (a temple of
	// many towns).
	"中都": true, "石墙": true, "大束": true, "两城": true, "万张": true,
	"古槐": true, "水泊": true, "馆驿": true, "观音阁": true,
	// Rivers that give a town its name and run through other districts too:
	// 泗河 (泗水, 曲阜, 兖州, 邹城, 任城), 洸河 (洸府河: 任城 and the
	// high-tech zone).
	"泗河": true, "洸河": true,
	// A person's name as often as a town's: 肖云, 王鲁 (鲁 is a given name
	// of many in Shandong).
	"肖云": true, "王鲁": true,
	// A shop's name as often as a town's: 苏宁中心店 (中心店 of 邹城).
	"中心店": true,
}

// crossWords are ordinary words that overlap a bare name (a town's short
// form, or an alias of two characters) when the text makes the name across
// a word boundary: 老王因为 (王因 of the high-tech zone), 北宿舍 (北宿 of
// 邹城), 看庄稼 (看庄), 南张贴 (南张 of 任城), 主任城管 and 前任城建 (任城),
// 跨越河道 (越河 of 任城), 杨店长 and 颜店长 (杨店 of 汶上, 颜店 of 兖州),
// 预防山体滑坡 (防山 of 曲阜), 提高河道水位 (高河 of 金乡), 梁山伯 and
// 逼上梁山 (梁山). A bare name whose last character begins one of
// them, or whose first character ends one, is no place. A word that also
// reads as the name and the next word is left out (城建, 城管: 任城建设北路,
// 归任城管辖): 任城 is caught by the word before it instead.
var crossWords = []string{
	"因为", "因此", "因病", "宿舍", "庄稼", "张贴", "店长", "店主", "山体", "山洪", "山伯",
	"提高", "升高", "抬高", "太高", "很高", "老高", "逼上梁",
	"跨越", "穿越", "翻越", "超越", "飞越", "逾越",
	"主任", "责任", "前任", "现任", "担任", "信任", "放任", "上任", "继任", "兼任",
	"委任", "新任", "历任", "胜任", "出任", "连任", "就任", "调任", "接任", "留任",
	"聘任", "离任", "卸任", "升任",
}

// villageWords after a bare name make it a village's or a community's name
// (马集村, 杨营村, 柳行社区): villages are too many to list, and one named
// alone gives no district, even when a town has the same short name.
var villageWords = []string{"村", "社区", "居委会"}

// locatedShortNames are short town names of commonShortNames that people
// do use bare for the town (滨湖 for 鱼台's 滨湖街道, its county seat),
// though the word also names lakeside parks and estates anywhere: they
// count only right before a word that makes them a place (滨湖那边,
// 滨湖附近), and less surely than other short names.
var locatedShortNames = map[string]bool{"滨湖": true}

// locatives are the words after a bare name that make it a place.
var locatives = []string{"那边", "这边", "那块", "这块", "那片", "这片", "一带", "附近", "周边", "那儿", "这儿", "那里", "这里", "街上", "片区", "辖区"}

func (x *Extractor) buildPlaces(cfg *config.Config) {
	type key struct {
		info placeInfo
		n    int // how many places claim the key
	}
	keys := map[string]*key{}
	var order []string
	put := func(word string, info placeInfo) {
		word = strings.TrimSpace(word)
		info.bare = info.bare || info.town != "" && word != info.town
		if utf8.RuneCountInString(word) < 2 {
			return
		}
		if k, ok := keys[word]; ok {
			if k.info.district != info.district || k.info.town != info.town {
				if info.conf > k.info.conf {
					k.info = info // a district's own name beats a town's short form
					k.n = 1
				} else if info.conf == k.info.conf {
					k.n++
				}
			}
			return
		}
		keys[word] = &key{info: info, n: 1}
		order = append(order, word)
	}
	for _, d := range cfg.Districts {
		put(d.Name, placeInfo{district: d.Name, conf: 1})
		for _, a := range d.Aliases {
			put(a, placeInfo{district: d.Name, conf: 0.9, bare: utf8.RuneCountInString(strings.TrimSpace(a)) <= 2})
		}
	}
	for _, d := range cfg.Districts {
		for _, t := range d.Towns {
			put(t, placeInfo{district: d.Name, town: t, conf: 0.95})
		}
		for _, l := range d.Landmarks {
			// A landmark implies its district, a little less surely than
			// the district's own name: 三孔 is in 曲阜市, but a message may
			// mention it in passing.
			put(l, placeInfo{district: d.Name, conf: 0.85})
		}
	}
	for _, d := range cfg.Districts {
		for _, t := range d.Towns {
			switch short := config.TownShort(t); {
			case short == "":
			case !commonShortNames[short]:
				put(short, placeInfo{district: d.Name, town: t, conf: 0.7})
			case locatedShortNames[short]:
				put(short, placeInfo{district: d.Name, town: t, conf: 0.6, located: true})
			}
		}
	}
	for _, w := range order {
		k := keys[w]
		if k.n > 1 {
			continue // ambiguous between districts: never guess
		}
		x.places.add(w, len(x.placeInfo))
		x.placeInfo = append(x.placeInfo, k.info)
	}
}

// placeHit is one gazetteer match in a text.
type placeHit struct {
	start, end int
	info       placeInfo
}

// placeHits lists the leftmost-longest gazetteer matches in s. A short
// town name followed by more Han characters that make it a longer word
// (小孟庄, 王因为) is kept; the conf already reflects that risk.
func (x *Extractor) placeHits(s string, dst []placeHit) []placeHit {
	x.places.longest(s, func(start, end, id int) {
		info := x.placeInfo[id]
		if info.located {
			if _, ok := suffixAt(s, end, locatives); !ok {
				return
			}
		}
		if info.bare && (acrossWords(s, start, end) || villageAt(s, end)) {
			return
		}
		if info.town != "" && !strings.HasSuffix(s[:end], info.town) {
			// A short town name right before a road suffix names the road
			// (古槐路), not the town.
			if _, road := suffixAt(s, end, roadSuffixes); road {
				return
			}
		}
		dst = append(dst, placeHit{start, end, info})
	})
	return dst
}

// acrossWords reports whether the bare name s[start:end] is made across a
// word boundary: one of crossWords begins at its last character or ends at
// its first.
func acrossWords(s string, start, end int) bool {
	_, lastSize := utf8.DecodeLastRuneInString(s[:end])
	if _, ok := suffixAt(s, end-lastSize, crossWords); ok {
		return true
	}
	_, firstSize := utf8.DecodeRuneInString(s[start:])
	head := s[:start+firstSize]
	for _, w := range crossWords {
		if strings.HasSuffix(head, w) && len(w) > firstSize {
			return true
		}
	}
	return false
}

// villageAt reports whether a village or community word follows at s[i:].
func villageAt(s string, i int) bool {
	_, ok := suffixAt(s, i, villageWords)
	return ok
}

// Place returns the district named in text (directly, by an alias, or by
// one of its towns or streets), the town or street if one was named, and a
// confidence. A district named outright wins over one inferred from a
// town; among equals the first mention wins.
func (x *Extractor) Place(text string) (district, town string, conf float64) {
	var buf [16]placeHit
	return x.place(x.placeHits(normalize(text), buf[:0]))
}

func (x *Extractor) place(hits []placeHit) (district, town string, conf float64) {
	best := -1
	for i, h := range hits {
		if best < 0 || h.info.conf > hits[best].info.conf {
			best = i
		}
	}
	if best < 0 {
		return "", "", 0
	}
	district = hits[best].info.district
	conf = hits[best].info.conf
	others := false
	for _, h := range hits {
		if h.info.district != district {
			others = true
			continue
		}
		if town == "" && h.info.town != "" {
			town = h.info.town
			if h.info.conf > conf-0.3 {
				// A district and one of its own towns: corroborated.
				conf = min(1, conf+0.05)
			}
		}
	}
	if others {
		conf *= 0.8
	}
	return district, town, conf
}
