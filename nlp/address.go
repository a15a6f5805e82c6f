package nlp

import (
	"strings"
	"unicode/utf8"
)

// Address suffixes, longest first within each kind.
var (
	roadSuffixes = []string{"大道", "大街", "胡同", "路", "街", "巷", "道"}
	areaSuffixes = []string{
		"小区", "花园", "家园", "新村", "公寓", "社区", "广场", "市场", "商场", "大厦",
		"小学", "中学", "大学", "学校", "幼儿园", "医院", "卫生院", "公园", "超市",
		"宿舍", "家属院", "苑", "村", "庄", "城", "园", "府", "湾", "里",
	}
	unitSuffixes = []string{"号楼", "号院", "单元", "号", "栋", "幢", "室", "层", "楼"}
	junctions    = []string{"十字路口", "交叉口", "交汇处", "路口"}
)

// suffixStarts holds the first character of every road and area suffix:
// most characters of a text start none, and are passed over at once.
var suffixStarts = func() map[rune]bool {
	m := map[rune]bool{}
	for _, list := range [][]string{roadSuffixes, areaSuffixes} {
		for _, w := range list {
			r, _ := utf8.DecodeRuneInString(w)
			m[r] = true
		}
	}
	return m
}()

// notAddress lists words that end in an address suffix but are not place
// names (马路, 农村, 公园 as a bare noun is fine but 乐园 in 游乐园 is not).
var notAddress = map[string]bool{
	"马路": true, "道路": true, "公路": true, "铁路": true, "走路": true, "修路": true,
	"出路": true, "线路": true, "电路": true, "水路": true, "一路": true, "半路": true,
	"小路": true, "大路": true, "土路": true, "山路": true, "网路": true, "思路": true,
	"门路": true, "过路": true, "上路": true, "路路": true, "车道": true, "知道": true,
	"街道": true, "大街": true, "上街": true, "逛街": true, "沿街": true, "临街": true,
	"满街": true, "农村": true, "乡村": true, "本村": true, "全村": true, "外村": true,
	"邻村": true, "进村": true, "家里": true, "这里": true, "那里": true, "哪里": true,
	"村里": true, "城里": true, "县里": true, "市里": true, "区里": true, "夜里": true,
	"心里": true, "公里": true, "一里": true, "千里": true, "万里": true, "手里": true,
	"屋里": true, "楼里": true, "院里": true, "厂里": true, "店里": true, "局里": true,
	"进城": true, "县城": true, "城城": true, "长城": true, "全城": true, "满城": true,
	"进园": true, "公园": true, "校园": true, "乐园": true, "家园": true, "花园": true,
	"政府": true, "官府": true, "通道": true, "渠道": true, "频道": true, "人行道": true,
	"报道": true, "味道": true, "管道": true, "隧道": true, "难道": true, "车库道": true,
	"楼楼": true, "上楼": true, "下楼": true, "高楼": true, "大楼": true, "住楼": true,
	"顶楼": true, "楼层": true, "各层": true, "底层": true, "一层": true, "高层": true,
	"称号": true, "信号": true, "挂号": true, "账号": true, "型号": true, "问号": true,
	"口号": true, "编号": true, "号号": true, "记号": true, "暗号": true, "符号": true,
	"单号": true, "番号": true, "字号": true, "卡号": true, "帐号": true, "号码": true,
	"教室": true, "科室": true, "办公室": true, "卧室": true, "地下室": true, "温室": true,
	"村庄": true, "农庄": true, "山庄": true, "庄庄": true,
}

// addrStop are characters that cannot be part of a place name: they end
// the backward scan for a name.
var addrStop = map[rune]bool{
	'在': true, '住': true, '是': true, '的': true, '有': true, '了': true, '和': true,
	'与': true, '及': true, '到': true, '从': true, '往': true, '向': true, '去': true,
	'我': true, '你': true, '他': true, '她': true, '它': true, '这': true, '那': true,
	'把': true, '被': true, '给': true, '让': true, '对': true, '就': true, '都': true,
	'也': true, '还': true, '说': true, '请': true, '问': true, '想': true, '要': true,
	'个': true, '条': true, '们': true, '些': true, '很': true, '又': true,
	'啊': true, '吗': true, '呢': true, '吧': true, '呀': true, '啦': true, '哪': true,
	'位': true, '于': true, '靠': true, '近': true, '离': true, '沿': true, '经': true,
	'过': true, '自': true, '己': true, '今': true, '昨': true, '天': true,
	'晚': true, '早': true, '夜': true, '每': true, '最': true, '直': true,
	'因': true, '为': true, '所': true, '以': true, '但': true, '而': true, '且': true,
	'后': true, '前': true, '边': true, '旁': true, '内': true, '外': true, '面': true,
	'附': true, '该': true, '此': true, '其': true, '反': true, '映': true, '投': true,
	'诉': true, '举': true, '报': true, '咨': true, '询': true, '求': true, '助': true,
	'叫': true, '市': false,
}

// addrSpan is a candidate address.
type addrSpan struct {
	start, end int
	parts      int // components: place prefix, names, units
	units      int
}

// Address returns the most specific address in text: a road, compound,
// village or facility name with what follows it (numbers, building, unit,
// a crossing road) and the district or town named right before it, e.g.
// 任城区古槐路与共青团路交叉口, 金宇路28号, 翰林苑小区3号楼2单元. The
// confidence grows with the number of components.
func (x *Extractor) Address(text string) (string, float64) {
	s := normalize(text)
	var buf [16]placeHit
	return x.address(s, x.placeHits(s, buf[:0]))
}

func (x *Extractor) address(s string, hits []placeHit) (string, float64) {
	var best addrSpan
	for i := 0; i < len(s); {
		sp, next, ok := x.addressAt(s, i, hits)
		if !ok {
			// No address starts before next: names are read backwards
			// from a suffix, and none was found up to there.
			_, size := utf8.DecodeRuneInString(s[i:])
			i = max(i+size, next)
			for i < len(s) && !utf8.RuneStart(s[i]) {
				i++
			}
			continue
		}
		if sp.parts > best.parts || (sp.parts == best.parts && sp.units > best.units) {
			best = sp
		}
		i = sp.end
	}
	if best.parts == 0 {
		return townAddress(s, hits)
	}
	conf := 0.5 + 0.12*float64(best.parts) + 0.05*float64(best.units)
	return s[best.start:best.end], min(conf, 0.95)
}

// nameEnd reports whether a place name ends at s[i:] with a suffix of the
// given list; it returns the suffix's end.
func suffixAt(s string, i int, list []string) (int, bool) {
	for _, suf := range list {
		if strings.HasPrefix(s[i:], suf) {
			return i + len(suf), true
		}
	}
	return 0, false
}

// addressAt tries to read an address whose first place name starts at or
// after i, with the name's characters found by scanning back from a suffix.
// It looks for the first suffix at or after i and scans back to i at most.
// When it finds none it returns where it stopped looking.
func (x *Extractor) addressAt(s string, i int, hits []placeHit) (addrSpan, int, bool) {
	// Find the next name suffix position j ≥ i with a valid name before it.
	for j := i; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isClauseBreak(r) && j > i {
			return addrSpan{}, j, false
		}
		var end int
		var ok bool
		if suffixStarts[r] {
			if end, ok = suffixAt(s, j, roadSuffixes); !ok {
				end, ok = suffixAt(s, j, areaSuffixes)
			}
		}
		if ok && insideHit(hits, j) {
			// A suffix inside a gazetteer name (the 街 of 阜桥街道) ends
			// no road: the place goes whole into the address.
			ok = false
		}
		if ok {
			lo := i
			for _, h := range hits {
				if h.end <= j && h.end > lo {
					lo = h.end
				}
			}
			if start, good := nameStart(s, lo, j, end); good {
				sp := addrSpan{start: start, end: end, parts: 1}
				x.extendAddress(s, &sp, hits)
				return sp, 0, true
			}
		}
		// A bare building number: 5号楼, 3单元.
		if r >= '0' && r <= '9' && (j == 0 || s[j-1] < '0' || s[j-1] > '9') {
			k := j
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if e, ok := suffixAt(s, k, unitSuffixes); ok && e-j > 1 && strings.HasPrefix(s[k:], "号楼") {
				sp := addrSpan{start: j, end: e, parts: 1, units: 1}
				x.extendAddress(s, &sp, hits)
				return sp, 0, true
			}
		}
		if j > i+60 {
			// Leave room for a name of up to 6 characters before the
			// next suffix.
			return addrSpan{}, j - 6*utf8.UTFMax, false
		}
		j += size
	}
	return addrSpan{}, len(s), false
}

// nameStart scans back from a suffix at j (ending at end) for the name in
// front of it: 1 to 6 Han characters or digits that are not stop
// characters, not before lo. It rejects common words (马路, 农村).
func nameStart(s string, lo, j, end int) (int, bool) {
	start := j
	n := 0
	for start > lo && n < 6 {
		r, size := utf8.DecodeLastRuneInString(s[lo:start])
		if !(isHan(r) || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z')) || addrStop[r] {
			break
		}
		start -= size
		n++
	}
	if n == 0 {
		return 0, false
	}
	suffix := s[j:end]
	// The word formed by the last name character and the suffix.
	_, lastSize := utf8.DecodeLastRuneInString(s[:j])
	if notAddress[s[j-lastSize:end]] || notAddress[s[start:end]] {
		return 0, false
	}
	// Single-character suffixes need a name of two characters or more.
	if utf8.RuneCountInString(suffix) == 1 && n < 2 {
		return 0, false
	}
	// 路 right after another road suffix (古槐路路面) is not a new road.
	if suffix == "路" || suffix == "道" {
		next, _ := utf8.DecodeRuneInString(s[end:])
		switch next {
		case '灯', '面', '边', '段', '况', '过', '线', '费', '人', '基', '牌', '沿', '网', '由':
			return 0, false
		}
	}
	if suffix == "村" || suffix == "庄" || suffix == "城" {
		next, _ := utf8.DecodeRuneInString(s[end:])
		switch next {
		case '民', '委', '干', '里', '头', '口', '管', '区', '市', '镇', '乡', '县':
			if suffix != "村" || next != '委' && next != '民' && next != '里' {
				return 0, false
			}
		}
	}
	return start, true
}

// extendAddress grows sp: a gazetteer place right before it, then numbers
// with unit suffixes, crossing roads, a following compound name.
func (x *Extractor) extendAddress(s string, sp *addrSpan, hits []placeHit) {
	// Prefix: a district or town that ends inside or right at the start.
	for _, h := range hits {
		if h.end >= sp.start && h.start < sp.start {
			sp.start = h.start
			sp.parts++
			// Also a district right before that town (兖州区小孟镇).
			for _, g := range hits {
				if g.end == sp.start {
					sp.start = g.start
					sp.parts++
				}
			}
			break
		}
		if h.start >= sp.start && h.end <= sp.end && h.start < sp.end {
			// The name itself starts with a gazetteer place (任城区古槐路
			// scanned back to 任城区): count it.
			if h.start == sp.start && h.end < sp.end {
				sp.parts++
			}
			break
		}
	}
	for steps := 0; steps < 8; steps++ {
		e := sp.end
		// Numbers with units: 28号, 3号楼2单元501室, 12-3-501 is not handled.
		k := e
		for k < len(s) && ((s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '#') {
			k++
		}
		if k > e {
			if ue, ok := suffixAt(s, k, unitSuffixes); ok {
				sp.end = ue
				sp.units++
				sp.parts++
				continue
			}
			if k-e >= 1 && s[k-1] == '#' {
				sp.end = k
				sp.units++
				sp.parts++
				continue
			}
			return
		}
		// Chinese numerals for buildings: 三号楼, 二单元.
		if cn := chineseNumberLen(s[e:]); cn > 0 {
			if ue, ok := suffixAt(s, e+cn, unitSuffixes); ok && s[e+cn:ue] != "楼" {
				sp.end = ue
				sp.units++
				sp.parts++
				continue
			}
		}
		if je, ok := suffixAt(s, e, junctions); ok {
			sp.end = je
			sp.parts++
			continue
		}
		// A crossing road: 与/和/交 + road name + 路 ...
		if r, size := utf8.DecodeRuneInString(s[e:]); r == '与' || r == '和' || r == '交' || r == '、' {
			if ne, ok := roadAfter(s, e+size); ok {
				sp.end = ne
				sp.parts++
				continue
			}
		}
		// A second area suffix (翰林苑小区, 张家村社区).
		if ae, ok := suffixAt(s, e, areaSuffixes); ok && ae-e > 3 {
			sp.end = ae
			continue
		}
		// A compound or facility right after a road: 古槐路翰林苑小区.
		if ne, ok := nameAfter(s, e); ok {
			sp.end = ne
			sp.parts++
			continue
		}
		return
	}
}

func chineseNumberLen(s string) int {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune("一二三四五六七八九十百零两", r) || n >= 9 {
			break
		}
		n += utf8.RuneLen(r)
	}
	return n
}

// roadAfter reads a road name (2–6 Han characters + road suffix) at s[i:].
func roadAfter(s string, i int) (int, bool) { return placeAfter(s, i, roadSuffixes, false) }

// nameAfter reads an area name (2–6 Han characters or digits + area
// suffix) at s[i:].
func nameAfter(s string, i int) (int, bool) { return placeAfter(s, i, areaSuffixes, true) }

// placeAfter reads a name of 2–6 characters (Han, and digits when digits
// is set) ending in one of suffixes at s[i:], and returns where it ends.
func placeAfter(s string, i int, suffixes []string, digits bool) (int, bool) {
	n := 0
	for j := i; j < len(s) && n <= 6; {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !(isHan(r) || digits && r >= '0' && r <= '9') || addrStop[r] {
			return 0, false
		}
		if n >= 2 {
			if e, ok := suffixAt(s, j, suffixes); ok {
				if !notAddress[s[j-3:e]] {
					return e, true
				}
			}
		}
		j += size
		n++
	}
	return 0, false
}

// insideHit reports whether byte position j lies strictly inside one of
// the gazetteer hits.
func insideHit(hits []placeHit, j int) bool {
	for _, h := range hits {
		if h.start < j && j < h.end {
			return true
		}
	}
	return false
}

// townAddress is the address of a text that names a town or street but no
// road or compound: the town with the district named right before it
// (任城区阜桥街道), with a low confidence.
func townAddress(s string, hits []placeHit) (string, float64) {
	for i, h := range hits {
		if h.info.town == "" || !strings.HasSuffix(s[:h.end], h.info.town) {
			continue
		}
		start := h.start
		if i > 0 && hits[i-1].end == h.start && hits[i-1].info.town == "" {
			start = hits[i-1].start
		}
		return s[start:h.end], 0.55
	}
	return "", 0
}
