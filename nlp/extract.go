package nlp

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/config"
	"hotline/ticket"
)

// MaxAnalysedBytes caps how much of a text the extractors and the
// classifier look at. Citizens' messages are a few hundred characters; a
// pasted document must not make classification slow.
const MaxAnalysedBytes = 8 << 10

// Extractor finds work-order fields in a text with rules and a gazetteer
// built from the config: phone numbers, the district and town, the address,
// the citizen's name, the request type, the urgency, emergencies and a
// title. Every method is a pure function of its input; an Extractor is safe
// for concurrent use.
type Extractor struct {
	places    matcher
	placeInfo []placeInfo

	emergency  matcher
	emergCues  []emergCue
	emergRules []emergRule
	emergHints matcher           // required words of the rules → rule index
	emergReply map[string]string // number → reply

	types    matcher
	typeCues []typeCue

	outage  matcher
	keyword matcher
	kwCat   []string // keyword id → category code
}

// placeInfo is one gazetteer key: a district name or alias, or a town.
type placeInfo struct {
	district string
	town     string  // empty for a district key
	conf     float64 // how sure a match of this key names the district
}

type typeCue struct {
	typ    string
	weight float64
}

// NewExtractor precomputes the lookups of cfg. cfg is not kept.
func NewExtractor(cfg *config.Config) *Extractor {
	x := &Extractor{emergReply: map[string]string{}}
	x.buildPlaces(cfg)
	x.buildEmergency(cfg)
	for i, c := range typeCueList {
		x.types.add(c.word, i)
		x.typeCues = append(x.typeCues, typeCue{c.typ, c.weight})
	}
	for i, w := range outageCues {
		x.outage.add(w, i)
	}
	for _, c := range cfg.Categories {
		for _, k := range c.Keywords {
			if k = strings.TrimSpace(k); k != "" {
				x.keyword.add(k, len(x.kwCat))
				x.kwCat = append(x.kwCat, c.Code)
			}
		}
	}
	x.places.finish()
	x.emergency.finish()
	x.types.finish()
	x.outage.finish()
	x.keyword.finish()
	return x
}

// ---------------------------------------------------------------------------
// Dictionary matcher

// matcher finds dictionary words in a text, indexed by their first rune.
type matcher struct {
	first map[rune][]mentry
}

type mentry struct {
	word string
	id   int
}

func (m *matcher) add(word string, id int) {
	r, _ := utf8.DecodeRuneInString(word)
	if r == utf8.RuneError {
		return
	}
	if m.first == nil {
		m.first = map[rune][]mentry{}
	}
	m.first[r] = append(m.first[r], mentry{word, id})
}

// finish sorts every bucket longest word first, so that the first hit at a
// position is the longest.
func (m *matcher) finish() {
	for _, es := range m.first {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].word) > len(es[j].word) })
	}
}

// each calls fn for every dictionary word found at every position of s,
// longest first at each position.
func (m *matcher) each(s string, fn func(start, end, id int)) {
	for i, r := range s {
		for _, e := range m.first[r] {
			if strings.HasPrefix(s[i:], e.word) {
				fn(i, i+len(e.word), e.id)
			}
		}
	}
}

// longest calls fn for the leftmost-longest non-overlapping matches in s.
func (m *matcher) longest(s string, fn func(start, end, id int)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		hit := false
		for _, e := range m.first[r] {
			if strings.HasPrefix(s[i:], e.word) {
				fn(i, i+len(e.word), e.id)
				i += len(e.word)
				hit = true
				break
			}
		}
		if !hit {
			i += size
		}
	}
}

// ---------------------------------------------------------------------------
// Normalisation

// normalize makes text safe and uniform for the extractors: invalid UTF-8
// dropped, at most MaxAnalysedBytes kept (cut at a rune boundary),
// full-width digits, letters and phone punctuation folded to ASCII, the
// ideographic space to a space. Chinese punctuation (，。！？) is kept. It
// returns s itself when nothing changes.
func normalize(s string) string {
	if len(s) > MaxAnalysedBytes {
		cut := MaxAnalysedBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	needs := false
	for _, r := range s {
		if foldRune(r) != r {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ',
		r == '＋', r == '－', r == '（', r == '）', r == '＃':
		return r - 0xFEE0
	case r == '\u3000', r == '\u00a0', r == '\t':
		return ' '
	case r == '—', r == '–', r == '‐', r == '―':
		return '-'
	}
	return r
}

// isClauseBreak reports whether r ends a clause.
func isClauseBreak(r rune) bool {
	switch r {
	case '，', '。', '！', '？', '；', '、', ',', '!', '?', ';', '\n', '\r', '～', '~', '…':
		return true
	}
	return false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// ---------------------------------------------------------------------------
// Phones

// Phones returns the telephone numbers in text, normalised: a mobile number
// as its 11 digits (13953706688), a landline as area code, hyphen, local
// number (0537-7212345). Spaces, hyphens, parentheses around the area code,
// a +86 / 86 / 0086 prefix and full-width digits are accepted. Digit groups
// that are not exactly a phone number (order numbers such as 20261127-0042,
// 18-digit ID numbers, dates, amounts) are not.
func (x *Extractor) Phones(text string) []string {
	return appendPhones(nil, normalize(text))
}

// phoneGroup is a run of ASCII digits in the normalised text.
type phoneGroup struct {
	start, end int
	plus       bool // a '+' right before the digits
}

func appendPhones(dst []string, s string) []string {
	// Split s into runs of digit groups joined by at most two separator
	// characters (space, hyphen, dot, parenthesis).
	var groups []phoneGroup
	flush := func() {
		dst = phonesInRun(dst, s, groups)
		groups = groups[:0]
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			i++
			continue
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		g := phoneGroup{start: start, end: i, plus: start > 0 && s[start-1] == '+'}
		if len(groups) > 0 {
			gap := s[groups[len(groups)-1].end:start]
			if !isPhoneGap(gap) {
				flush()
			}
		}
		groups = append(groups, g)
	}
	flush()
	return dst
}

func isPhoneGap(gap string) bool {
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ', '-', '(', ')', '.', '+':
		default:
			return false
		}
	}
	return true
}

// phonesInRun finds phone numbers among consecutive digit groups: from the
// left, the longest sequence of whole groups that forms a phone number.
func phonesInRun(dst []string, s string, groups []phoneGroup) []string {
	var buf [32]byte
	for i := 0; i < len(groups); {
		found := 0
		for j := len(groups) - 1; j >= i && found == 0; j-- {
			digits := buf[:0]
			for k := i; k <= j && len(digits) <= 20; k++ {
				digits = append(digits, s[groups[k].start:groups[k].end]...)
			}
			if p, ok := phoneFromDigits(digits); ok {
				// A mobile number glued to more digits is not one.
				if p != "" && !containsString(dst, p) {
					dst = append(dst, p)
				}
				found = j - i + 1
			}
		}
		if found == 0 {
			i++
		} else {
			i += found
		}
	}
	return dst
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// phoneFromDigits recognises one phone number written as digits only.
func phoneFromDigits(d []byte) (string, bool) {
	switch {
	case len(d) == 11 && isMobile(d):
		return string(d), true
	case len(d) == 13 && d[0] == '8' && d[1] == '6' && isMobile(d[2:]):
		return string(d[2:]), true
	case len(d) == 15 && string(d[:4]) == "0086" && isMobile(d[4:]):
		return string(d[4:]), true
	case len(d) >= 10 && len(d) <= 12 && d[0] == '0' && d[1] != '0':
		area := 4
		if d[1] == '1' || d[1] == '2' {
			area = 3
		}
		local := d[area:]
		if len(local) < 7 || len(local) > 8 || local[0] == '0' || local[0] == '1' {
			return "", false
		}
		return string(d[:area]) + "-" + string(local), true
	}
	return "", false
}

func isMobile(d []byte) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// ---------------------------------------------------------------------------
// Places

// Town suffixes stripped to make the short form of a town name (小孟镇 → 小孟).
var townSuffixes = []string{"街道办事处", "街道办", "街道", "办事处", "镇", "乡"}

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
}

func (x *Extractor) buildPlaces(cfg *config.Config) {
	type key struct {
		info placeInfo
		n    int // how many places claim the key
	}
	keys := map[string]*key{}
	var order []string
	put := func(word string, info placeInfo) {
		word = strings.TrimSpace(word)
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
			put(a, placeInfo{district: d.Name, conf: 0.9})
		}
	}
	for _, d := range cfg.Districts {
		for _, t := range d.Towns {
			put(t, placeInfo{district: d.Name, town: t, conf: 0.95})
		}
	}
	for _, d := range cfg.Districts {
		for _, t := range d.Towns {
			for _, suf := range townSuffixes {
				short, ok := strings.CutSuffix(t, suf)
				if !ok {
					continue
				}
				if utf8.RuneCountInString(short) >= 2 && !commonShortNames[short] {
					put(short, placeInfo{district: d.Name, town: t, conf: 0.7})
				}
				break
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

// ---------------------------------------------------------------------------
// Address

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
		return "", 0
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
		end, ok := suffixAt(s, j, roadSuffixes)
		if !ok {
			end, ok = suffixAt(s, j, areaSuffixes)
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

// ---------------------------------------------------------------------------
// Name

var namePrefixes = []string{"我叫", "我是", "本人叫", "本人是", "联系人是", "联系人：", "联系人:", "联系人", "我姓", "本人姓", "免贵姓", "姓名：", "姓名:", "姓名"}

var nameTitles = []string{"女士", "先生", "老师", "师傅", "大爷", "大娘", "阿姨", "大姐", "大哥", "同志", "小姐"}

// surnames are the common Chinese family names; a name must start with one.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// nameStop are characters that end a given name.
const nameStop = "电手联住家在的是今年号我想要反投举咨请，。！？、,.!?;；：: 0123456789在村区县镇路街市省人们业居民"

// Name returns the contact name the citizen gave (我叫张三 → 张三, 我是李女士
// → 李女士, 联系人王先生 → 王先生, 姓刘 → 刘), or "".
func (x *Extractor) Name(text string) string {
	s := normalize(text)
	for _, p := range namePrefixes {
		from := 0
		for {
			k := strings.Index(s[from:], p)
			if k < 0 {
				break
			}
			at := from + k + len(p)
			from = at
			if n := readName(s[at:], strings.Contains(p, "姓") && !strings.HasPrefix(p, "姓名")); n != "" && !x.startsPlace(s[at:]) {
				return n
			}
		}
	}
	return ""
}

func (x *Extractor) startsPlace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	for _, e := range x.places.first[r] {
		if strings.HasPrefix(s, e.word) {
			return true
		}
	}
	return false
}

// readName reads a name at the start of s: a surname then a title, or a
// surname and one or two given-name characters. surnameOnly is for 姓刘.
func readName(s string, surnameOnly bool) string {
	s = strings.TrimLeft(s, " ")
	sn, size := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(surnames, sn) {
		return ""
	}
	rest := s[size:]
	for _, t := range nameTitles {
		if strings.HasPrefix(rest, t) {
			return s[:size+len(t)]
		}
	}
	if surnameOnly {
		// 姓刘，女 / 姓刘的 — keep the surname and a title if one follows soon.
		for _, t := range nameTitles {
			if k := strings.Index(rest, t); k >= 0 && k <= 6 {
				return string(sn) + t
			}
		}
		return string(sn)
	}
	n := 0
	end := size
	for _, r := range rest {
		if n == 2 || !isHan(r) || strings.ContainsRune(nameStop, r) {
			break
		}
		end += utf8.RuneLen(r)
		n++
	}
	if n == 0 {
		return ""
	}
	return s[:end]
}

// ---------------------------------------------------------------------------
// Request type

type typeCueDef struct {
	word   string
	typ    string
	weight float64
}

var typeCueList = []typeCueDef{
	{"请问", ticket.TypeConsult, 2}, {"咨询", ticket.TypeConsult, 2.5}, {"想问", ticket.TypeConsult, 2},
	{"问一下", ticket.TypeConsult, 2}, {"怎么办理", ticket.TypeConsult, 2.5}, {"如何办理", ticket.TypeConsult, 2.5},
	{"怎么申请", ticket.TypeConsult, 2}, {"如何申请", ticket.TypeConsult, 2}, {"需要什么材料", ticket.TypeConsult, 3},
	{"需要哪些", ticket.TypeConsult, 2}, {"需要带", ticket.TypeConsult, 1.5}, {"能不能", ticket.TypeConsult, 1},
	{"可不可以", ticket.TypeConsult, 1}, {"是否", ticket.TypeConsult, 1}, {"在哪里", ticket.TypeConsult, 1.5},
	{"在哪办", ticket.TypeConsult, 2}, {"哪里办", ticket.TypeConsult, 2}, {"什么时候", ticket.TypeConsult, 1},
	{"多久", ticket.TypeConsult, 1}, {"想了解", ticket.TypeConsult, 2}, {"了解一下", ticket.TypeConsult, 2},
	{"有没有", ticket.TypeConsult, 1}, {"吗？", ticket.TypeConsult, 1}, {"吗?", ticket.TypeConsult, 1},
	{"流程", ticket.TypeConsult, 1}, {"条件", ticket.TypeConsult, 0.5}, {"怎么查", ticket.TypeConsult, 1.5},
	{"怎么交", ticket.TypeConsult, 1.5}, {"怎么缴", ticket.TypeConsult, 1.5}, {"如何", ticket.TypeConsult, 1},

	{"求助", ticket.TypeHelp, 3}, {"帮忙", ticket.TypeHelp, 2}, {"帮帮", ticket.TypeHelp, 2.5},
	{"帮助", ticket.TypeHelp, 1.5}, {"怎么办", ticket.TypeHelp, 2}, {"求求", ticket.TypeHelp, 2.5},
	{"救救", ticket.TypeHelp, 3}, {"急需", ticket.TypeHelp, 1.5}, {"没办法", ticket.TypeHelp, 1.5},
	{"请帮", ticket.TypeHelp, 2}, {"麻烦帮", ticket.TypeHelp, 2}, {"协调", ticket.TypeHelp, 1.5},
	{"尽快恢复", ticket.TypeHelp, 1.5}, {"尽快维修", ticket.TypeHelp, 1}, {"过不了", ticket.TypeHelp, 1},

	{"投诉", ticket.TypeComplaint, 3}, {"太差", ticket.TypeComplaint, 2}, {"不作为", ticket.TypeComplaint, 3},
	{"态度恶劣", ticket.TypeComplaint, 2.5}, {"态度差", ticket.TypeComplaint, 2.5}, {"态度很差", ticket.TypeComplaint, 2.5},
	{"乱收费", ticket.TypeComplaint, 2}, {"扰民", ticket.TypeComplaint, 1.5}, {"没人管", ticket.TypeComplaint, 2},
	{"无人管", ticket.TypeComplaint, 2}, {"不管", ticket.TypeComplaint, 1}, {"推诿", ticket.TypeComplaint, 2.5},
	{"刁难", ticket.TypeComplaint, 2}, {"拖着", ticket.TypeComplaint, 1}, {"严重影响", ticket.TypeComplaint, 1.5},
	{"反映", ticket.TypeComplaint, 1}, {"一直没", ticket.TypeComplaint, 1}, {"到现在", ticket.TypeComplaint, 0.5},
	{"不给", ticket.TypeComplaint, 1}, {"拒绝", ticket.TypeComplaint, 1}, {"坏了", ticket.TypeComplaint, 1},
	{"影响", ticket.TypeComplaint, 0.5}, {"不合理", ticket.TypeComplaint, 1}, {"太吵", ticket.TypeComplaint, 1.5},

	{"举报", ticket.TypeReport, 4}, {"违法", ticket.TypeReport, 2}, {"非法", ticket.TypeReport, 2},
	{"违规", ticket.TypeReport, 1.5}, {"偷排", ticket.TypeReport, 2.5}, {"私自", ticket.TypeReport, 1},
	{"无证", ticket.TypeReport, 1.5}, {"黑作坊", ticket.TypeReport, 2}, {"偷偷", ticket.TypeReport, 1},
	{"违建", ticket.TypeReport, 1}, {"售假", ticket.TypeReport, 2}, {"假冒", ticket.TypeReport, 1.5},

	{"建议", ticket.TypeSuggest, 3}, {"希望能", ticket.TypeSuggest, 2}, {"希望增加", ticket.TypeSuggest, 3},
	{"希望增设", ticket.TypeSuggest, 3}, {"能否增设", ticket.TypeSuggest, 3}, {"能否增加", ticket.TypeSuggest, 3},
	{"提议", ticket.TypeSuggest, 3}, {"应该增加", ticket.TypeSuggest, 2}, {"是否可以增加", ticket.TypeSuggest, 3},
	{"增设", ticket.TypeSuggest, 1.5}, {"可以考虑", ticket.TypeSuggest, 2}, {"意见", ticket.TypeSuggest, 1},

	{"表扬", ticket.TypePraise, 4}, {"点赞", ticket.TypePraise, 4}, {"感谢", ticket.TypePraise, 2},
	{"致谢", ticket.TypePraise, 3}, {"锦旗", ticket.TypePraise, 3}, {"非常满意", ticket.TypePraise, 2.5},
	{"为他们", ticket.TypePraise, 1}, {"负责任", ticket.TypePraise, 1}, {"热心", ticket.TypePraise, 1.5},
	{"好人好事", ticket.TypePraise, 3}, {"拾金不昧", ticket.TypePraise, 3}, {"及时解决了", ticket.TypePraise, 2},
}

// RequestType returns the request type (咨询, 求助, 投诉, 举报, 建议, 表扬)
// from cue words, and a confidence. Cues add up by type; the type with the
// largest total wins. A text without cues describes a problem and counts as
// a complaint (投诉), the commonest kind, with a low confidence; one that
// ends in a question mark counts as a consultation.
func (x *Extractor) RequestType(text string) (string, float64) {
	return x.requestType(normalize(text))
}

var typeOrder = [...]string{ticket.TypeConsult, ticket.TypeHelp, ticket.TypeComplaint, ticket.TypeReport, ticket.TypeSuggest, ticket.TypePraise}

func typeIndex(t string) int {
	for i, v := range typeOrder {
		if v == t {
			return i
		}
	}
	return 2
}

func (x *Extractor) requestType(s string) (string, float64) {
	var score [len(typeOrder)]float64
	x.types.each(s, func(start, end, id int) {
		c := x.typeCues[id]
		// A cue right after a negation (不建议, 不是投诉) does not count.
		if negatedBefore(s, start) {
			return
		}
		score[typeIndex(c.typ)] += c.weight
	})
	t := strings.TrimRight(s, " \n")
	if strings.HasSuffix(t, "？") || strings.HasSuffix(t, "?") {
		score[0] += 1.5
	}
	best, total := 0, 0.0
	for i, v := range score {
		total += v
		if v > score[best] {
			best = i
		}
	}
	if total == 0 {
		return ticket.TypeComplaint, 0.4
	}
	// Share of the winning type among all cues, scaled by the amount of
	// evidence (one weak cue is not much).
	share := score[best] / total
	strength := min(1, score[best]/3)
	return typeOrder[best], 0.3 + 0.65*share*strength
}

// ---------------------------------------------------------------------------
// Emergencies and urgency
//
// An emergency cue is an event or a state. An event (着火, 昏迷, 车祸, 打人)
// is something happening to someone; it counts unless its context makes it
// something else: negated (没有着火), stopped (停止殴打), hypothetical
// (万一着火, 会爆炸), past (去年出过车祸, 2016年…被打), recurring (经常被困电梯
// is a complaint about a lift, not a person trapped now), a name (火灾隐患,
// 打人事件, 交通事故责任) or a disease in a list (中风、心梗、脑梗). A state is a
// danger that is there now (危房随时倒塌, 电线裸露, 改装液化气钢瓶, 不想活了);
// people tell it as a worry (担心随时倒塌), often as something that keeps
// happening (伤人时有发生), so only a negation or a condition (如果, 一旦,
// 防止) discounts it. States are mostly patterns (emergRule); plain words
// of either kind come from builtinEmergency, builtinStates and the config.

// builtinEmergency are event cues that always count, whatever the config
// says; the config's cue lists add to them (as events).
var builtinEmergency = map[string][]string{
	"119": {"着火", "起火", "失火", "火灾", "烧起来", "火烧", "冒浓烟", "火苗", "火势", "爆炸", "燃气泄漏",
		"煤气泄漏", "天然气泄漏", "液化气泄漏", "漏气", "煤气味", "燃气味", "天然气味", "液化气味", "困在电梯",
		"电梯困人", "被困电梯", "困电梯", "关在电梯", "卡在电梯", "被困在", "被困住", "困在里面", "掉进井",
		"掉井里", "落水", "掉河里", "掉进河", "触电", "漏电", "被电击", "被电到", "砸伤", "砸死", "砸到人",
		"塌了", "倒塌", "坍塌", "垮塌", "塌下来", "被埋", "压在下面", "压到人", "山体滑坡", "泥石流", "火场",
		"锁在车里", "困在车里"},
	"120": {"昏迷", "晕倒", "昏倒", "不省人事", "没有呼吸", "没呼吸", "没了呼吸", "心脏病发", "心脏骤停", "心梗",
		"抽搐", "大出血", "喝农药", "服毒", "吃了安眠药", "煤气中毒", "一氧化碳中毒", "食物中毒", "集体中毒",
		"倒地不起", "倒在地上", "快不行了", "口吐白沫", "没有意识", "没意识", "休克", "受伤流血", "血流不止", "流血", "出血", "大量出血",
		"突发疾病", "急救", "病危", "生命垂危", "奄奄一息", "危在旦夕", "命悬一线", "生命危险", "重伤",
		"被狗咬", "狗咬伤", "咬伤"},
	"110": {"打人", "打架", "斗殴", "持刀", "砍人", "拿刀", "抢劫", "抢包", "绑架", "家暴", "杀人", "闯入",
		"非法拘禁", "殴打", "正在偷", "入室盗窃", "威胁要杀", "被打了", "被打伤", "被打死", "被打成", "被打得",
		"被人打", "打伤", "砍伤", "捅伤", "刺伤", "行凶", "持械", "械斗", "恶犬", "疯狗", "被拐", "救命"},
	"122": {"车祸", "交通事故", "撞人", "撞车", "被车撞", "肇事逃逸", "翻车", "追尾", "撞伤", "撞死", "撞倒",
		"侧翻", "碾压"},
}

// builtinStates are plain-word state cues: a danger that is there now, or
// a person who says they want to die (110 sends help; any mention counts,
// even one told as past).
var builtinStates = map[string][]string{
	"119": {"摇摇欲坠", "危库", "溃坝", "决堤", "管涌", "砸穿"},
	"110": {"伤人", "跳楼", "轻生", "自杀", "寻死", "寻短见", "要跳河", "不想活了", "不想活下去", "活不下去", "想死",
		"同归于尽", "死给你们看", "死给他们看", "死给你看"},
}

// clauseGap is a gap inside one clause in the patterns below.
const clauseGap = `[^，。！？；,!?;\n]`

// emergRuleDefs are the state patterns. also, when set, must match
// somewhere in the text too; unless lists words that, in the rule's
// sentence, make it something else (危房改造 is a subsidy, not a danger).
var emergRuleDefs = []struct {
	number, expr, also string
	unless             []string
}{
	// Something about to collapse, fall, explode or burn.
	{"119", `随时` + clauseGap + `{0,6}(倒塌|坍塌|垮塌|塌方|塌陷|塌下|掉下|砸下|掉落|坠落|断裂|爆炸|起火|着火|火灾|溃坝|决堤|滑坡|泥石流|出人命|伤人|触电)`, "", nil},
	{"119", `([A-Da-d][a-z]{0,3}|[一二三四])级危(房|楼)`, "", []string{"改造", "补助", "补贴", "申请", "拆除", "标准"}},
	{"119", `(住|住着|住在|居住)` + clauseGap + `{0,8}危(房|楼)`, "", []string{"改造", "补助", "补贴", "申请"}},
	{"119", `危(房|楼)` + clauseGap + `{0,8}(随时|险情|撤离|倒塌|坍塌|垮塌|掉天花板|掉下)`, "", nil},
	{"119", `(墙体|墙面|外墙|承重墙|山墙|房屋|楼体|楼房|主体|横梁|大梁|梁柱|柱子|地基)` + clauseGap + `{0,6}(开裂|裂缝|裂开|裂纹|倾斜|下沉|沉降)`,
		`倒塌|垮塌|坍塌|塌下来|压死`, nil},
	{"119", `(山体|边坡|挡土墙|护坡|围墙|堤坝|大坝|尾矿库)` + clauseGap + `{0,4}(滑坡|垮塌|坍塌|倒塌|溃|决口|松动)`, "", nil},
	{"119", `(塔吊|脚手架|吊车|龙门架|电线杆|路灯杆)` + clauseGap + `{0,6}(倾斜|倒塌|倒了|垮|坍塌|摇晃|断了)`, "", nil},
	// A danger stated as such: 有砸伤学生的危险, 存在倒塌的危险.
	{"119", `(有|存在)` + clauseGap + `{0,6}(砸伤|打伤|压伤|伤人|伤到|倒塌|坍塌|垮塌|触电|溺水|坠落|掉下去|砸到)` + clauseGap + `{0,8}危险`, "", nil},
	// Lifts that fall (the lift is often named a clause before).
	{"119", `电梯[^。！？!?\n]{0,20}(下坠|坠落|急坠|溜梯|冲顶|蹲底|失控|往下掉|掉下去|突然下滑)`, "", nil},
	{"119", `(下坠|坠落|往下掉|掉了)` + clauseGap + `{0,3}(几层|[0-9一二三四五六七八九十两]+层|[0-9一二三四五六七八九十两]+楼)`, "", nil},
	// Gas cylinders and pipes, dangerous chemicals.
	{"119", `(报废|翻新|改装|过期|超期|不合格|私自充装|非法充装)` + clauseGap + `{0,8}(钢瓶|气瓶|煤气罐|液化气罐)`, "", nil},
	{"119", `(钢瓶|气瓶|煤气罐|液化气罐)` + clauseGap + `{0,8}(报废|翻新|改装|过期|超期|漏气|泄漏|泄露)`, "", nil},
	{"119", `(燃气|天然气|煤气|液化气)(管道|管线|管子|管|阀门|表)` + clauseGap + `{0,6}(破裂|断裂|挖断|挖破|被挖|漏气|泄漏|泄露)`, "", nil},
	{"119", `(燃气|天然气|煤气|液化气|毒气|氨气|氯气|化学品|危化品|有毒气体|硫化氢)` + clauseGap + `{0,4}(泄漏|泄露|外泄|外漏|漏出)`, "", nil},
	// Live wires.
	{"119", `(电线|电缆|线路|插座|电箱|电表箱|配电箱|变压器)` + clauseGap + `{0,6}(裸露|外露|掉落|掉下来|垂落|垂下|断落|耷拉|拖地|泡在水|漏电|打火|冒火花|起火)`, "", nil},
	{"119", `(裸露|外露)` + clauseGap + `{0,4}(电线|电缆)`, "", nil},
	{"119", `高压线` + clauseGap + `{0,6}(断了|断落|掉|垂|落地|打火)`, "", nil},
	// Things falling on people.
	{"119", `高空(坠物|抛物|掉落|落物)`, "", nil},
	{"119", `(楼上|窗外|阳台|楼顶)` + clauseGap + `{0,8}(扔|抛|丢)` + clauseGap + `{0,6}(下来|下去|下楼)`, "", nil},
	{"119", `(往下|向下|朝下|往楼下)(扔|抛|丢|泼|砸)`, "", nil},
	{"119", `(广告牌|招牌|店招|空调外机|玻璃幕墙|幕墙|外墙瓷砖|外墙砖|外墙皮|枯树|大树)` + clauseGap + `{0,6}(松动|摇晃|脱落|掉落|掉下|砸下|坠落|砸|倒了|倒下)`, "", nil},
	{"119", `(无|没有|没|未设|未挂|没挂|未做|未安装|缺少)` + clauseGap + `{0,4}(安全)?(防护|隔离)网`, "", nil},
	{"119", `(防护|隔离)网` + clauseGap + `{0,4}(未做|没有|未挂|没挂|破损|缺失)`, "", nil},
	// Falls into manholes, pits and water.
	{"119", `井盖[^。！？\n]{0,20}(掉进|掉入|掉下去|摔伤|摔倒|跌入|跌倒|踩空|崴)`, "", nil},
	{"119", `(掉进|掉入|跌入|掉下|坠入|落入|跌进)` + clauseGap + `{0,3}(井|下水道|窨井|化粪池|深坑|坑里|沟里|河|水里|水塘|池塘|水库|江|湖)`, "", nil},
	// Threats against a person.
	{"110", `(威胁|恐吓)` + clauseGap + `{0,10}人身安全`, "", nil},
	{"110", `人身安全` + clauseGap + `{0,6}(受到|遭到|遭受)` + clauseGap + `{0,4}威胁`, "", nil},
	{"110", `扬言` + clauseGap + `{0,8}(杀|砍|弄死|打死|搞死|报复|烧|炸|泼)`, "", nil},
	{"110", `(威胁|恐吓)` + clauseGap + `{0,6}(杀|砍|弄死|打死|搞死|报复|泼)`, "", nil},
	{"110", `(用|拿|持)(刀|刀具|刀子|菜刀|砍刀|棍棒|铁棍|枪|斧头)` + clauseGap + `{0,6}(威胁|恐吓|砍|捅|追|逼)`, "", nil},
	{"110", `要` + clauseGap + `{0,4}(杀了|砍死|弄死|打死|搞死|杀死)`, "", nil},
	// Someone who wants to die.
	{"110", `结束` + clauseGap + `{0,8}(生命|人生|性命)`, "", nil},
	{"110", `(想|要|准备|打算)去?(自杀|轻生|寻死|跳楼|跳河|跳江|跳桥|上吊|割腕|喝农药)`, "", nil},
}

// cueContext lists the text right before or after a cue that makes it
// another word or a figure of speech: 拨打人工 is not 打人, 恶语伤人 hurts
// nobody's body, 跳楼价 is a price.
var cueContext = map[string]struct{ before, after []string }{
	"打人":   {before: []string{"拨"}},
	"被打了":  {after: []string{"下来", "回"}},
	"杀人":   {after: []string{"不见血", "不眨眼"}},
	"跳楼":   {after: []string{"价", "甩卖", "大甩卖", "式"}},
	"自杀":   {after: []string{"式", "性"}},
	"想死":   {after: []string{"的心", "人", "你", "您", "我了"}, before: []string{"不"}},
	"爆炸":   {before: []string{"信息", "人口", "知识", "数据", "消息"}, after: []string{"性", "式", "头"}},
	"漏气":   {before: []string{"轮胎", "车胎", "胎", "气球", "皮球"}},
	"落水":   {after: []string{"管", "口"}},
	"急救":   {before: []string{"应"}, after: []string{"知识", "培训", "常识", "箱", "包", "课", "技能", "演练", "中心", "援", "室", "科"}},
	"没有意识": {before: []string{"有"}, after: []string{"到"}},
	"没意识":  {before: []string{"有"}, after: []string{"到"}},
	"救命":   {after: []string{"钱", "稻草", "恩", "药", "之恩"}},
	"伤人":   {before: []string{"恶语", "出口", "语言", "言语", "话", "工"}, after: []string{"自尊", "心"}},
	"重伤":   {before: []string{"严", "加", "慎"}, after: []string{"害"}},
	"病危":   {after: []string{"通知"}},
	"生命危险": {before: []string{"脱离", "冒着", "冒"}},
	"漏电":   {after: []string{"保护", "开关"}},
	"溺水":   {before: []string{"防"}},
	"火灾":   {after: []string{"保险", "报警器", "自动报警"}},
	"咬伤":   {before: []string{"蚊", "虫", "蚊子", "跳蚤"}},
	"被困在":  {after: []string{"家里", "家中", "外地", "异乡"}},
	"闯入":   {after: []string{"者"}},
	"塌了":   {after: []string{"个洞", "一个洞", "个坑", "一个坑", "一块"}},
}

// emergencyPriority orders the numbers when several fit: fire and gas
// first, then a life in danger, then crime, then traffic.
var emergencyPriority = []string{"119", "120", "110", "122"}

var defaultEmergencyReply = map[string]string{
	"119": "您反映的情况可能危及生命财产安全，请立即拨打119火警电话！燃气泄漏时请勿开关电器、勿使用明火，开窗通风并撤离。",
	"120": "您反映的情况可能危及生命，请立即拨打120急救电话！",
	"110": "您反映的情况涉及人身财产安全，请立即拨打110报警！",
	"122": "发生交通事故请立即拨打122交通事故报警电话，有人员受伤请同时拨打120！",
}

// emergCue is one plain-word cue.
type emergCue struct {
	number string
	cue    string
	state  bool // a state rather than an event
}

// emergRule is one compiled state pattern.
type emergRule struct {
	number string
	re     *regexp.Regexp
	always bool // no required words known: run on every text
	also   *regexp.Regexp
	unless []string
}

// maxExact bounds the word sets that exactLiterals and crossJoin build.
const maxExact = 64

// exactLiterals returns every string re matches when that is a small
// finite set of words, else nil.
func exactLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return exactLiterals(re.Sub[0])
	case syntax.OpCharClass: // the parser turns 电线|电缆 into 电[线缆]
		var all []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(all) == 16 {
					return nil
				}
				all = append(all, string(r))
			}
		}
		return all
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := exactLiterals(sub)
			if lits == nil || len(all)+len(lits) > maxExact {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	case syntax.OpConcat:
		run := []string{""}
		for _, sub := range re.Sub {
			lits := exactLiterals(sub)
			if lits == nil {
				return nil
			}
			if run = crossJoin(run, lits); run == nil {
				return nil
			}
		}
		return run
	}
	return nil
}

// crossJoin returns every a+b, or nil when there would be too many.
func crossJoin(as, bs []string) []string {
	if len(as)*len(bs) > maxExact {
		return nil
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return out
}

func shortestRunes(words []string) int {
	n := -1
	for _, w := range words {
		if k := utf8.RuneCountInString(w); n < 0 || k < n {
			n = k
		}
	}
	return n
}

// requiredLiterals returns words one of which every match of re contains,
// or nil when it cannot tell. A pattern runs only on a text that contains
// one of them: a regexp over a long text is slow, a substring search is not.
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0])
	case syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any part's words will do; the most selective are the longest
		// shortest word, then the fewest words. Consecutive parts that
		// match a few exact words (电(线|缆), as the parser factors 电线|电缆)
		// are joined first.
		var best []string
		consider := func(lits []string) {
			if lits != nil && (best == nil || shortestRunes(lits) > shortestRunes(best) ||
				shortestRunes(lits) == shortestRunes(best) && len(lits) < len(best)) {
				best = lits
			}
		}
		var run []string
		for _, sub := range re.Sub {
			if exact := exactLiterals(sub); exact != nil {
				if run == nil {
					run = exact
				} else if joined := crossJoin(run, exact); joined != nil {
					run = joined
				} else {
					consider(run)
					run = exact
				}
				continue
			}
			consider(run)
			run = nil
			consider(requiredLiterals(sub))
		}
		consider(run)
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := requiredLiterals(sub)
			if lits == nil {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	}
	return nil
}

func (x *Extractor) buildEmergency(cfg *config.Config) {
	seen := map[string]bool{}
	add := func(number, cue string, state bool) {
		cue = strings.TrimSpace(cue)
		if cue == "" || seen[number+"\x00"+cue] {
			return
		}
		seen[number+"\x00"+cue] = true
		x.emergency.add(cue, len(x.emergCues))
		x.emergCues = append(x.emergCues, emergCue{number, cue, state})
	}
	for _, n := range emergencyPriority {
		for _, c := range builtinStates[n] {
			add(n, c, true)
		}
		for _, c := range builtinEmergency[n] {
			add(n, c, false)
		}
		x.emergReply[n] = defaultEmergencyReply[n]
	}
	for _, e := range cfg.Emergency {
		for _, c := range e.Cues {
			add(e.Number, c, false)
		}
		if e.Reply != "" {
			x.emergReply[e.Number] = e.Reply
		}
	}
	for _, d := range emergRuleDefs {
		r := emergRule{number: d.number, re: regexp.MustCompile(d.expr), unless: d.unless}
		var hints []string
		if tree, err := syntax.Parse(d.expr, syntax.Perl); err == nil {
			hints = requiredLiterals(tree)
		}
		r.always = hints == nil
		for _, h := range hints {
			x.emergHints.add(h, len(x.emergRules))
		}
		if d.also != "" {
			r.also = regexp.MustCompile(d.also)
		}
		x.emergRules = append(x.emergRules, r)
	}
	x.emergHints.finish()
}

// Negations directly before a cue (没有着火, 并未起火, 不是车祸).
var negations = []string{"没有", "没", "未", "不是", "并非", "并没", "无", "不会", "不要", "别", "非", "并不", "不"}

// stoppers right before an event end it: 停止殴打, 制止了打架.
var stoppers = []string{"停止", "制止", "阻止", "不再", "防止"}

// Hypothetical or preventive words earlier in the same clause (担心着火,
// 万一起火, 防止燃气泄漏, 消防演练): a hazard to report, not an emergency now.
var hypotheticals = []string{"万一", "如果", "假如", "要是", "一旦", "担心", "害怕", "防止", "预防", "以防",
	"以免", "演练", "隐患", "容易", "可能会", "会不会", "避免", "小心", "预警", "宣传", "培训", "知识", "怎么预防", "如何",
	"演习", "模拟", "科普", "讲座"}

// conditionals discount a state in the same clause: a state is reported
// as a worry, so only a condition or prevention makes it hypothetical.
var conditionals = []string{"万一", "如果", "假如", "要是", "一旦", "倘若", "若是", "防止", "预防", "以防",
	"以免", "避免", "演练", "宣传", "培训", "知识", "怎么预防", "如何", "会不会", "是否会", "演习", "模拟", "科普", "讲座"}

// drills anywhere in a cue's sentence make it an exercise or a lesson:
// 消防演练，模拟起火逃生.
var drills = []string{"演练", "演习", "模拟", "科普", "讲座", "培训"}

// devices right after a state name a product or a plan, not the danger:
// 燃气泄漏报警器, 溃坝应急预案.
var devices = []string{"报警器", "报警装置", "检测仪", "探测器", "检测", "隐患", "应急预案", "预案", "演练", "知识"}

// modals right before an event make it a possibility: 会爆炸, 可能着火.
var modals = []string{"会", "可能", "将", "易"}

// pastMarkers earlier in the same sentence put an event in the past.
var pastMarkers = []string{"以前", "去年", "前年", "当年", "那年", "当时", "那天", "那次", "上次", "事后", "后来",
	"曾", "多年前", "年前", "小时候", "过去", "出现过", "发生过"}

// recurring words in an event's clause make it a complaint about how often
// something happens (经常被困电梯, 交通事故频发), not a call for help now.
var (
	recurringBefore = []string{"经常", "常常", "时常", "有时", "多次", "屡次", "几次", "数次", "每次", "不少",
		"好几次", "频繁", "三天两头", "隔三差五", "动不动", "一再", "反复", "屡屡", "很多次", "好多次", "每个月",
		"每年", "每周", "每天"}
	recurringAfter = []string{"频发", "多发", "高发", "时有发生", "不断", "多次", "数次", "几次", "屡屡", "经常",
		"好几天", "几天了", "多日", "很久", "好久", "几个月", "多年", "一直没"}
)

// nominals right after an event (within a few characters) make it a
// name or a topic: 火灾隐患, 打人事件, 交通事故责任认定, 打人的行为.
var nominals = []string{"隐患", "事件", "现象", "案件", "风险", "问题", "事故", "责任", "赔偿", "鉴定", "认定",
	"保险", "理赔", "处理", "防范", "预防", "演练", "知识", "培训", "频发", "多发", "高发", "的行为", "的权利",
	"的情况", "凶手", "而造成", "而导致", "造成的", "导致的", "引起的", "引发的"}

// claims in an event's sentence make it the subject of a request about
// its consequences (被车撞了算不算工伤, 房子塌了想申请危房改造): it is over.
var claims = []string{"工伤", "赔偿", "理赔", "保险", "认定", "报销", "起诉", "索赔", "补助", "补贴", "改造",
	"申请", "判决", "法院", "咨询"}

// noInjury says that nobody was hurt: a traffic accident without injuries
// is for the traffic police, not a danger to life (追尾了，没有人受伤).
var noInjury = []string{"没有人受伤", "没人受伤", "无人受伤", "没有受伤", "无人员伤亡", "没有人员伤亡",
	"没有造成人员伤亡", "未造成人员伤亡", "人没事", "人都没事", "人员无伤亡"}

// comparators right before an event make it a comparison: 这跟绑架有什么区别.
var comparators = []string{"跟", "和", "与", "像", "如同", "好比", "等同于"}

// dateRe finds a year or a day in a sentence: an event dated so is a past
// one (2016年12月9号…被打).
var dateRe = regexp.MustCompile(`[0-9]+年|[0-9]+月[0-9]+[日号]`)

// negatedBefore reports whether the text right before s[at:] negates it:
// a negation word, possibly followed by 有/发生/出现/在/了/再.
func negatedBefore(s string, at int) bool {
	w := s[:at]
	for range 3 {
		r, size := utf8.DecodeLastRuneInString(w)
		if !strings.ContainsRune("有发生出现在了再被人", r) || size == 0 {
			break
		}
		if r == '有' && (strings.HasSuffix(w, "没有") || strings.HasSuffix(w, "并没有")) {
			break
		}
		w = w[:len(w)-size]
	}
	for _, n := range negations {
		if strings.HasSuffix(w, n) {
			return true
		}
	}
	return false
}

// clauseBefore returns the part of the clause that precedes s[at:], at
// most maxSentenceBytes of it.
func clauseBefore(s string, at int) string {
	w := tailBytes(s[:at], maxSentenceBytes)
	for i := len(w); i > 0; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		if isClauseBreak(r) {
			return w[i:]
		}
		i -= size
	}
	return w
}

// clauseAfter returns the part of the clause that follows s[:at], at most
// maxSentenceBytes of it.
func clauseAfter(s string, at int) string {
	w := headBytes(s[at:], maxSentenceBytes)
	for i, r := range w {
		if isClauseBreak(r) {
			return w[:i]
		}
	}
	return w
}

// maxSentenceBytes bounds how far the clause and sentence helpers look
// (about 200 characters), so that a text without punctuation and full of
// cues costs linear time, not quadratic.
const maxSentenceBytes = 600

// headBytes returns the first n bytes of s or fewer, cut at a rune start.
func headBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tailBytes returns the last n bytes of s or fewer, cut at a rune start.
func tailBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := len(s) - n
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return s[cut:]
}

// sentenceAfter returns the part of the sentence that follows s[:at], at
// most maxSentenceBytes of it.
func sentenceAfter(s string, at int) string {
	w := headBytes(s[at:], maxSentenceBytes)
	for i, r := range w {
		switch r {
		case '。', '！', '？', '!', '?', '\n':
			return w[:i]
		}
	}
	return w
}

// sentenceBefore returns the part of the sentence that precedes s[at:],
// at most maxSentenceBytes of it.
func sentenceBefore(s string, at int) string {
	w := tailBytes(s[:at], maxSentenceBytes)
	for i := len(w); i > 0; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		switch r {
		case '。', '！', '？', '!', '?', '\n':
			return w[i:]
		}
		i -= size
	}
	return w
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// firstRunes returns the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func hypothetical(s string, at int) bool {
	return containsAny(clauseBefore(s, at), hypotheticals)
}

// conditional reports whether the clause before s[at:] makes a state a
// condition or a prevention (如果倒塌, 防止高空坠物).
func conditional(s string, at int) bool {
	return containsAny(clauseBefore(s, at), conditionals)
}

// eventCounts reports whether the event cue c at s[start:end] describes
// something happening now.
func eventCounts(s string, start, end int, c emergCue) bool {
	before, after := clauseBefore(s, start), clauseAfter(s, end)
	switch {
	case hypothetical(s, start), hasSuffixAny(before, modals), hasSuffixAny(before, stoppers),
		hasSuffixAny(before, comparators):
		return false
	case strings.HasSuffix(before, "过"), strings.HasPrefix(after, "过"):
		return false
	case containsAny(firstRunes(after, 6), nominals):
		return false
	}
	if sent := sentenceBefore(s, start); dateRe.MatchString(sent) || containsAny(sent, pastMarkers) {
		return false
	}
	if sent := sentenceBefore(s, start) + s[start:end] + sentenceAfter(s, end); containsAny(sent, claims) || containsAny(sent, drills) {
		return false
	}
	if c.number == "122" && containsAny(s, noInjury) {
		return false
	}
	if c.number != "119" && strings.HasPrefix(after, "的") {
		return false // 打人的单位, 车祸的责任, 晕倒的大爷: the event names someone or something else
	}
	if c.number != "110" && (containsAny(before, recurringBefore) || containsAny(after, recurringAfter)) {
		return false // a lone person attacked again and again is in danger; a lift that often stops is not
	}
	if c.number == "120" && (strings.HasSuffix(s[:start], "、") || strings.HasPrefix(s[end:], "、")) {
		return false // a disease in a list of names
	}
	return true
}

// stateCounts reports whether the state cue or pattern match at
// s[start:end] is a danger now.
func stateCounts(s string, start, end int) bool {
	return !conditional(s, start) && !hasPrefixAny(clauseAfter(s, end), devices) &&
		!containsAny(sentenceBefore(s, start)+sentenceAfter(s, end), drills)
}

// Emergency returns the emergency described in text, or nil: a cue for an
// event that happens now, or a state that puts a life in danger now (see
// the section comment above). A real danger must never be missed, so the
// rules discount a cue only for a clear reason in its context.
func (x *Extractor) Emergency(text string) *Emergency {
	return x.emergencyIn(normalize(text))
}

func (x *Extractor) emergencyIn(s string) *Emergency {
	bestRank, bestCue, bestNumber := len(emergencyPriority), "", ""
	rankOf := func(number string) int {
		for i, n := range emergencyPriority {
			if n == number {
				return i
			}
		}
		return len(emergencyPriority) - 1
	}
	// better reports whether a cue for number could still change the answer.
	better := func(number string) bool { return bestNumber == "" || rankOf(number) < bestRank }
	consider := func(number, cue string) {
		if better(number) {
			bestRank, bestCue, bestNumber = rankOf(number), cue, number
		}
	}
	x.emergency.each(s, func(start, end, id int) {
		c := x.emergCues[id]
		if !better(c.number) {
			return
		}
		if ctx, ok := cueContext[c.cue]; ok && (hasSuffixAny(s[:start], ctx.before) || hasPrefixAny(s[end:], ctx.after)) {
			return
		}
		if negatedBefore(s, start) || hasSuffixAny(clauseBefore(s, start), stoppers) {
			return
		}
		if c.state && !stateCounts(s, start, end) || !c.state && !eventCounts(s, start, end, c) {
			return
		}
		consider(c.number, c.cue)
	})
	// One pass over the text finds the rules whose required words occur.
	hinted := make([]bool, len(x.emergRules))
	x.emergHints.each(s, func(_, _, id int) { hinted[id] = true })
	for i, r := range x.emergRules {
		if !better(r.number) || !r.always && !hinted[i] {
			continue
		}
		for _, loc := range r.re.FindAllStringIndex(s, -1) {
			if negatedBefore(s, loc[0]) || !stateCounts(s, loc[0], loc[1]) {
				continue
			}
			if len(r.unless) > 0 && containsAny(sentenceBefore(s, loc[0])+s[loc[0]:loc[1]]+sentenceAfter(s, loc[1]), r.unless) {
				continue
			}
			if r.also != nil && !r.also.MatchString(s) {
				continue
			}
			consider(r.number, s[loc[0]:loc[1]])
			break
		}
	}
	if bestNumber == "" {
		return nil
	}
	reply := x.emergReply[bestNumber]
	if reply == "" {
		reply = "请立即拨打" + bestNumber + "！"
	}
	return &Emergency{Number: bestNumber, Reply: reply, Cue: bestCue}
}

// outageCues mark a utility outage: urgent (紧急).
var outageCues = []string{
	"停水", "断水", "没水", "没有水", "没自来水", "不来水", "水管爆裂", "水管爆了", "爆管", "跑水",
	"停电", "断电", "没电", "没有电", "跳闸", "停气", "断气", "没气", "没有气", "打不着火", "停暖",
	"没暖气", "没有暖气", "暖气不热", "暖气不热", "不供暖", "暖气冰凉", "暖气片冰凉", "不供热",
}

// Urgency returns 特急 for an emergency, 紧急 for a utility outage (停水,
// 停电, 停气, 没暖气…) that is not negated or announced for later
// (停水通知, 计划停电), else 一般.
func (x *Extractor) Urgency(text string) string {
	s := normalize(text)
	return x.urgency(s, x.emergencyIn(s))
}

func (x *Extractor) urgency(s string, em *Emergency) string {
	if em != nil {
		return ticket.UrgencyEmergency
	}
	urgent := false
	x.outage.each(s, func(start, end, id int) {
		if urgent || negatedBefore(s, start) {
			return
		}
		c := clauseBefore(s, start)
		if strings.Contains(c, "计划") || strings.Contains(c, "预计") || strings.HasPrefix(s[end:], "通知") {
			return
		}
		w := s[:start]
		// 手机没电, 车没电 are not outages.
		if strings.HasSuffix(w, "手机") || strings.HasSuffix(w, "车") || strings.HasSuffix(w, "电动车") {
			return
		}
		urgent = true
	})
	if urgent {
		return ticket.UrgencyUrgent
	}
	return ticket.UrgencyNormal
}

// ---------------------------------------------------------------------------
// Title

// MaxTitleRunes is the longest title Title returns.
const MaxTitleRunes = 30

// Title makes a one-line title (at most MaxTitleRunes characters): the
// address or district, then the clause that names the problem (the first
// containing one of the category's keywords, else the first with content),
// with greetings and fillers cut; a second keyword clause is appended after
// 、 when it fits: 任城区古槐路烧烤摊占道经营、油烟很大.
func (x *Extractor) Title(text, category string) string {
	s := normalize(text)
	var buf [16]placeHit
	hits := x.placeHits(s, buf[:0])
	addr, _ := x.address(s, hits)
	district, _, _ := x.place(hits)
	return x.title(s, category, addr, district)
}

// fillers are cut from the start of a title clause.
var fillers = []string{
	"你好", "您好", "喂", "请问", "我想反映一下", "我想反映", "我要反映", "我反映", "反映一下", "反映",
	"我想投诉一下", "我想投诉", "我要投诉", "投诉", "我要举报", "我想举报", "举报", "我想咨询一下",
	"我想咨询", "咨询一下", "咨询", "我想问一下", "我想问", "问一下", "麻烦问一下", "麻烦", "那个",
	"就是", "我家", "我们家", "我们", "我", "在", "有", "的", "，", "。", " ", "是", "这边", "这里",
}

func trimFillers(c string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range fillers {
			if strings.HasPrefix(c, f) && len(c) > len(f) {
				if (f == "有" || f == "在") && strings.ContainsRune("人个一些位名辆家只条", firstRune(c[len(f):])) {
					// 有人/有个/在一…: the word carries the meaning
					// ("有人持刀抢劫" must not become "人持刀抢劫").
					continue
				}
				c = c[len(f):]
				changed = true
			}
		}
	}
	return strings.TrimSpace(c)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// titlePhone matches a phone number in a title, with the words that
// introduce it: titles are shown in lists, so they carry no numbers.
var titlePhone = regexp.MustCompile(`(?:联系)?(?:电话|手机号码|手机号|手机|方式)?(?:是|为|：|:)?\s*\+?\d[\d\s-]{5,}\d`)

func (x *Extractor) title(s, category, addr, district string) string {
	clauses := splitClauses(s)
	keyClause := func(from int) int {
		for i := from; i < len(clauses); i++ {
			found := false
			x.keyword.each(clauses[i], func(_, _, id int) {
				if x.kwCat[id] == category {
					found = true
				}
			})
			if found {
				return i
			}
		}
		return -1
	}
	first := keyClause(0)
	if first < 0 {
		for i, c := range clauses {
			if t := trimFillers(c); utf8.RuneCountInString(t) >= 3 && !isGreeting(t) && !startsWithPhone(t) {
				first = i
				break
			}
		}
	}
	if first < 0 {
		if len(clauses) == 0 {
			return ""
		}
		first = 0
	}
	prefix := addr
	if prefix == "" {
		prefix = district
	}
	body := clauses[first]
	if prefix != "" {
		if k := strings.Index(body, prefix); k >= 0 {
			body = body[k+len(prefix):]
		} else if district != "" && strings.Contains(body, district) && strings.Contains(prefix, district) {
			body = strings.Replace(body, district, "", 1)
		}
	}
	body = trimFillers(body)
	for _, loc := range []string{"门口的", "附近的", "旁边的", "楼下的", "对面的", "里的"} {
		if k := strings.Index(body, loc); k >= 0 && k < 12 {
			body = body[:k+len(loc)-len("的")] + body[k+len(loc):]
			break
		}
	}
	if prefix != "" && strings.Contains(body, prefix) {
		prefix = ""
	}
	t := strings.TrimSpace(titlePhone.ReplaceAllString(prefix+body, ""))
	if second := keyClause(first + 1); second > 0 {
		extra := trimFillers(strings.TrimSpace(titlePhone.ReplaceAllString(clauses[second], "")))
		if extra != "" && utf8.RuneCountInString(t)+1+utf8.RuneCountInString(extra) <= MaxTitleRunes {
			t += "、" + extra
		}
	}
	if name := x.Name(s); name != "" {
		t = strings.ReplaceAll(t, name, "")
	}
	t = strings.Trim(strings.Join(strings.Fields(t), " "), " ，,、。")
	return truncateRunes(t, MaxTitleRunes)
}

func isGreeting(s string) bool {
	switch s {
	case "你好", "您好", "喂", "在吗", "在不在", "谢谢", "麻烦了", "有人吗":
		return true
	}
	return false
}

func startsWithPhone(s string) bool {
	return strings.HasPrefix(s, "电话") || strings.HasPrefix(s, "手机") || strings.HasPrefix(s, "联系")
}

func splitClauses(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if isClauseBreak(r) || r == '.' && (i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9') {
			if c := strings.TrimSpace(s[start:i]); c != "" {
				out = append(out, c)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if c := strings.TrimSpace(s[start:]); c != "" {
		out = append(out, c)
	}
	return out
}

func truncateRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimRight(s[:k], "，、 ")
		}
		i++
	}
	return s
}
