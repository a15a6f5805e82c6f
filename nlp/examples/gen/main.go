// Command gen writes hotline's own example set (examples.jsonl): citizens'
// messages for every category of the default taxonomy, composed from
// per-category problem templates (data.go) × phrasings × places of the
// default city × openings, endings, contact details and small typos, with
// a fixed seed so that the output is byte-identical on every run, merged
// with the hand-written messages of handwritten.jsonl and
// handwritten_category.jsonl.
//
// Every line has text, category, type, split ("train" or "holdout") and,
// when the message names one, district (and town), plus the phones it
// contains, normalised. The holdout holds out whole templates (every fifth
// template of a category) and a fixed fifth of the hand-written messages,
// so it measures how the model generalises to problems said in words it
// has not seen.
//
// handwritten_category.jsonl holds messages written for the category
// model alone (confusable pairs, everyday problems told with danger words,
// landmarks, courtesies, out-of-scope matters): their source is
// "hand-category", and the emergency model does not take them as "none"
// examples, so that adding them never moves the emergency model. So do the
// category_written_NAME.jsonl files next to -out (issue 11's hand-written
// category data, one file a writer; a # line is the file's header): their
// source is "written-NAME", and their lines keep alt (a second defensible
// category) and kind ("plain" or the confusable pair, SCJG|AQSC), which
// the category model's cross-validation reads.
//
//	go run ./nlp/examples/gen -out nlp/examples/examples.jsonl
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"hotline/config"
)

// perCategory is how many templated messages each category gets.
const perCategory = 56

// Example is one line of examples.jsonl.
type Example struct {
	Text     string   `json:"text"`
	Title    string   `json:"title,omitempty"`
	Category string   `json:"category"`
	Alt      string   `json:"alt,omitempty"`
	Type     string   `json:"type"`
	Kind     string   `json:"kind,omitempty"`
	District string   `json:"district,omitempty"`
	Town     string   `json:"town,omitempty"`
	Phones   []string `json:"phones,omitempty"`
	Split    string   `json:"split"`
	Source   string   `json:"source"` // template id (SRHW-03), "keyword", "hand", "hand-category" or "written-NAME"
}

func main() {
	out := flag.String("out", "examples.jsonl", "output file")
	hand := flag.String("hand", "", "hand-written messages (default: handwritten.jsonl next to -out)")
	handCat := flag.String("hand-category", "", "hand-written messages for the category model alone (default: handwritten_category.jsonl next to -out)")
	seed := flag.Uint64("seed", 12345, "random seed")
	flag.Parse()
	if *hand == "" {
		*hand = filepath.Join(filepath.Dir(*out), "handwritten.jsonl")
	}
	if *handCat == "" {
		*handCat = filepath.Join(filepath.Dir(*out), "handwritten_category.jsonl")
	}
	if err := run(*out, *hand, *handCat, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out, hand, handCat string, seed uint64) error {
	cfg, err := config.Default()
	if err != nil {
		return err
	}
	g := newGenerator(cfg, seed)
	var all []Example
	codes := make([]string, 0, len(cfg.Categories))
	for _, c := range cfg.Categories {
		codes = append(codes, c.Code)
	}
	for _, code := range codes {
		data, ok := categories[code]
		if !ok {
			return fmt.Errorf("no templates for category %s", code)
		}
		exs, err := g.category(code, data)
		if err != nil {
			return err
		}
		all = append(all, exs...)
	}
	for _, c := range cfg.Categories {
		all = append(all, g.keywordMessages(c)...)
	}
	for code := range categories {
		if !slices.Contains(codes, code) {
			return fmt.Errorf("templates for %s, which the default config does not have", code)
		}
	}
	hands := []struct{ path, source string }{{hand, "hand"}, {handCat, "hand-category"}}
	written, err := filepath.Glob(filepath.Join(filepath.Dir(out), writtenPrefix+"*.jsonl"))
	if err != nil {
		return err
	}
	for _, w := range written { // sorted by Glob
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(w), writtenPrefix), ".jsonl")
		hands = append(hands, struct{ path, source string }{w, "written-" + name})
	}
	for _, h := range hands {
		hw, err := readHand(h.path, h.source, cfg)
		if err != nil {
			return err
		}
		all = append(all, hw...)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range all {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, e := range all {
		counts[e.Split]++
	}
	fmt.Fprintf(os.Stderr, "gen: %d examples (%d train, %d holdout) → %s\n", len(all), counts["train"], counts["holdout"], out)
	return nil
}

// writtenPrefix begins the names of the files written by hand for the
// category model, one a writer.
const writtenPrefix = "category_written_"

// readHand reads hand-written messages and marks them with source; a
// fixed fifth of them (by a hash of the text) is held out. Lines starting
// with # are skipped.
func readHand(path, source string, cfg *config.Config) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Example
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		var e Example
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if e.Text == "" || e.Category == "" || e.Type == "" {
			return nil, fmt.Errorf("%s:%d: text, category and type are required", path, line)
		}
		if _, ok := cfg.Category(e.Category); !ok {
			return nil, fmt.Errorf("%s:%d: unknown category %q", path, line, e.Category)
		}
		if _, ok := cfg.Category(e.Alt); e.Alt != "" && (!ok || e.Alt == e.Category) {
			return nil, fmt.Errorf("%s:%d: alt %q is not another category", path, line, e.Alt)
		}
		if e.District != "" {
			if _, ok := cfg.District(e.District); !ok {
				return nil, fmt.Errorf("%s:%d: unknown district %q", path, line, e.District)
			}
		}
		h := fnv.New32a()
		h.Write([]byte(e.Text))
		e.Split = "train"
		if h.Sum32()%5 == 0 {
			e.Split = "holdout"
		}
		e.Source = source
		out = append(out, e)
	}
	return out, sc.Err()
}

// generator composes messages. All randomness comes from one seeded source.
type generator struct {
	rng       *rand.Rand
	districts []config.District
}

func newGenerator(cfg *config.Config, seed uint64) *generator {
	return &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), districts: cfg.Districts}
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }
func (g *generator) chance(p float64) bool     { return g.rng.Float64() < p }

type template struct {
	typ       string
	phrasings []string
}

var typeNames = map[string]string{"咨": "咨询", "求": "求助", "投": "投诉", "举": "举报", "建": "建议", "表": "表扬"}

func parseTemplates(code, s string) ([]template, error) {
	var out []template
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		typ, ok := typeNames[parts[0]]
		if !ok || len(parts) < 2 {
			return nil, fmt.Errorf("%s: bad template line %q", code, line)
		}
		out = append(out, template{typ: typ, phrasings: parts[1:]})
	}
	return out, nil
}

func (g *generator) category(code string, data catData) ([]Example, error) {
	tpls, err := parseTemplates(code, data.templates)
	if err != nil {
		return nil, err
	}
	// Hold out a fifth of the templates, spread over the list.
	held := map[int]bool{}
	k := max(1, (len(tpls)+2)/5)
	for j := range k {
		held[1+j*len(tpls)/k] = true
	}
	var out []Example
	for n := 0; n < perCategory; n++ {
		ti := n % len(tpls)
		t := tpls[ti]
		split := "train"
		if held[ti] {
			split = "holdout"
		}
		e := g.message(data.places, t)
		e.Category = code
		e.Split = split
		e.Source = fmt.Sprintf("%s-%02d", code, ti)
		out = append(out, e)
	}
	return out, nil
}

// keywordFrames turn a category keyword of the config into short training
// messages, so that the model learns every documented cue of the taxonomy
// and not only the words of the templates.
var keywordFrames = []string{
	"反映一下%s的问题", "%s的事情找谁", "关于%s，想咨询一下", "%s问题一直没解决", "我这边%s的事，麻烦处理一下",
	"%s怎么回事", "有个%s方面的问题", "想问%s",
}

// keywordMessages returns two training messages per keyword of c; they are
// never held out.
func (g *generator) keywordMessages(c config.Category) []Example {
	var out []Example
	for i, kw := range c.Keywords {
		for j := range 2 {
			f := keywordFrames[(i*2+j+g.rng.IntN(3))%len(keywordFrames)]
			text := fmt.Sprintf(f, kw)
			if p := g.placeFor("P"); p.text != "" && j == 1 {
				text = p.text + "，" + text
			}
			typ := "投诉"
			if strings.Contains(f, "咨询") || strings.Contains(f, "想问") || strings.Contains(f, "找谁") {
				typ = "咨询"
			}
			out = append(out, Example{Text: text, Category: c.Code, Type: typ, Split: "train", Source: "keyword"})
		}
	}
	return out
}

// place is a place said in a message and the district it names.
type place struct {
	text, district, town string
}

// A few invented roads and compounds per district (the gazetteer knows
// only districts and towns; roads alone name no district).
var roads = map[string][]string{
	"任城区":       {"古槐路", "共青团路", "太白楼路", "建设北路", "红星中路", "琵琶山路", "吴泰闸路", "运河路", "济安桥路"},
	"兖州区":       {"建设东路", "九州大道", "龙桥路", "中御桥路", "扬州路", "文化西路"},
	"曲阜市":       {"静轩路", "鼓楼大街", "春秋路", "大成路", "逵泉路", "五马祠街"},
	"邹城市":       {"岗山路", "太平东路", "铁山路", "唐王山路", "仁和路", "东滩路"},
	"微山县":       {"奎文路", "微山湖大道", "建设路", "商业街"},
	"鱼台县":       {"湖陵路", "谷亭大街", "鱼台大道", "工业路"},
	"金乡县":       {"金山街", "奎星路", "金城路", "莱河路"},
	"嘉祥县":       {"嘉祥大道", "萌山路", "呈祥大道", "建设南路"},
	"汶上县":       {"尚书路", "宝相寺路", "中都大街", "泉河路"},
	"泗水县":       {"泗河路", "圣地大道", "龙门路", "惠民路"},
	"梁山县":       {"水泊路", "杏花村路", "梁山大道", "青年路"},
	"济宁高新区":     {"金宇路", "火炬路", "崇文大道", "海川路", "同济路"},
	"太白湖新区":     {"荷花路", "圣贤路", "仙营路", "运河大道"},
	"济宁经济技术开发区": {"开源路", "嘉兴路", "经开大道"},
}

var compounds = []string{
	"翰林苑小区", "东方花园", "锦绣家园", "金色阳光小区", "幸福里小区", "荷花苑", "运河新村", "凤凰城小区",
	"梧桐花园", "书香苑", "盛世名门小区", "和谐家园", "阳光新城", "丽水湾小区", "英伦小镇", "天和苑",
	"建设局宿舍", "纺织厂家属院", "学府花园", "湖畔雅居小区",
}

var villageSurnames = []string{"张", "王", "李", "刘", "孙", "马", "郭", "杨", "赵", "吕", "孔", "颜", "孟"}

// placeFor returns a place for a message of the given place style. A road
// named after its district (微山湖大道, 鱼台大道) names the district too.
func (g *generator) placeFor(style string) place {
	p, d := g.placeOf(style)
	if p.text != "" && p.district == "" {
		for _, n := range append([]string{d.Name}, d.Aliases...) {
			if strings.Contains(p.text, n) {
				p.district = d.Name
			}
		}
	}
	return p
}

func (g *generator) placeOf(style string) (place, config.District) {
	d := g.districts[g.rng.IntN(len(g.districts))]
	rs := roads[d.Name]
	if len(rs) == 0 {
		rs = roads["任城区"]
	}
	road := g.pick(rs)
	dname := d.Name
	if len(d.Aliases) > 0 && g.chance(0.3) {
		dname = d.Aliases[0]
	}
	town := ""
	if len(d.Towns) > 0 {
		town = g.pick(d.Towns)
	}
	comp := g.pick(compounds)
	building := fmt.Sprintf("%d号楼", 1+g.rng.IntN(24))
	village := g.pick(villageSurnames) + g.pick([]string{"庄村", "家村", "楼村", "集村", "营村", "屯村"})
	switch style {
	case "U":
		switch g.rng.IntN(7) {
		case 0:
			return place{dname + road, d.Name, ""}, d
		case 1:
			return place{road, "", ""}, d
		case 2:
			return place{dname + road + fmt.Sprintf("%d号", 1+g.rng.IntN(300)), d.Name, ""}, d
		case 3:
			return place{road + comp, "", ""}, d
		case 4:
			return place{town + road + "附近", d.Name, town}, d
		case 5:
			other := g.pick(rs)
			if other == road {
				return place{dname + road, d.Name, ""}, d
			}
			return place{dname + road + "与" + other + "交叉口", d.Name, ""}, d
		default:
			return place{}, d
		}
	case "C":
		switch g.rng.IntN(6) {
		case 0:
			return place{dname + comp, d.Name, ""}, d
		case 1:
			return place{comp + building, "", ""}, d
		case 2:
			return place{dname + road + comp + building, d.Name, ""}, d
		case 3:
			return place{town + comp, d.Name, town}, d
		case 4:
			return place{comp, "", ""}, d
		default:
			return place{}, d
		}
	case "R":
		switch g.rng.IntN(5) {
		case 0:
			return place{town + village, d.Name, town}, d
		case 1:
			return place{dname + town + village, d.Name, town}, d
		case 2:
			return place{dname + village, d.Name, ""}, d
		case 3:
			return place{village, "", ""}, d
		default:
			return place{}, d
		}
	default: // P: policy questions name a place rarely, as where one lives
		switch g.rng.IntN(4) {
		case 0:
			return place{dname, d.Name, ""}, d
		case 1:
			return place{town, d.Name, town}, d
		default:
			return place{}, d
		}
	}
}

var (
	openings = map[string][]string{
		"咨询": {"", "", "请问", "你好，请问", "您好，我想咨询一下，", "问一下，", "麻烦问下，", "你好，"},
		"求助": {"", "", "你好，", "求助！", "您好，麻烦帮帮忙，", "急！", "你们好，"},
		"投诉": {"", "", "你好，", "我要投诉，", "我想反映个问题，", "您好，反映一下，", "喂，", "我要反映，"},
		"举报": {"", "我要举报，", "举报：", "你好，我举报一下，", "实名举报，"},
		"建议": {"", "我有个建议，", "你好，", "提个建议，"},
		"表扬": {"", "你好，", "我想表扬一下，"},
	}
	endings = map[string][]string{
		"咨询": {"", "？", "，谢谢。", "？麻烦回复一下", "，需要什么材料？", "，在哪里办？"},
		"求助": {"", "，请尽快处理！", "，麻烦帮忙协调一下。", "，怎么办啊", "，希望尽快解决，谢谢！"},
		"投诉": {"", "。", "，请尽快处理。", "，希望有关部门管一管！", "，谢谢。", "，已经好几天了", "，反映过好几次了都没人管", "！！", "，严重影响生活"},
		"举报": {"", "，请相关部门查处。", "，希望严查！", "，请尽快处理"},
		"建议": {"", "，谢谢。", "，希望采纳。"},
		"表扬": {"", "，谢谢！", "，给他们点赞！"},
	}
	// leadIns glue a place to a problem phrase.
	leadIns = []string{"", "这边", "那边", "附近"}
	// Some follow-up and noise sentences: order numbers, dates and amounts
	// that must not be read as phone numbers.
	noise = []string{"", "", "", "", "", "之前的工单号是20251103-0042。", "从2025年10月8号开始的。", "前后花了1380元。", "昨天下午3点多发现的。", "已经是第2次反映了。"}
)

var mobilePrefixes = []string{"133", "135", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159", "176", "177", "178", "180", "182", "183", "185", "186", "187", "188", "189", "199"}

// phone returns a random phone number as written and as normalised.
func (g *generator) phone() (written, norm string) {
	if g.chance(0.15) {
		local := fmt.Sprintf("%d%06d", 2+g.rng.IntN(7), g.rng.IntN(1000000))
		norm = "0537-" + local
		switch g.rng.IntN(3) {
		case 0:
			return norm, norm
		case 1:
			return "0537 " + local, norm
		default:
			return "(0537)" + local, norm
		}
	}
	norm = g.pick(mobilePrefixes) + fmt.Sprintf("%08d", g.rng.IntN(100000000))
	switch g.rng.IntN(7) {
	case 0:
		return norm[:3] + " " + norm[3:7] + " " + norm[7:], norm
	case 1:
		return norm[:3] + "-" + norm[3:7] + "-" + norm[7:], norm
	case 2:
		return "+86 " + norm, norm
	case 3:
		return fullWidth(norm), norm
	default:
		return norm, norm
	}
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r += '０' - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// contact returns a contact sentence and the phones in it.
func (g *generator) contact() (string, []string) {
	if !g.chance(0.3) {
		return "", nil
	}
	w, n := g.phone()
	names := []string{"", "", "我姓王，", "我是李女士，", "联系人张先生，", "我叫刘洋，", "我是孙师傅，"}
	forms := []string{"电话%s", "联系电话：%s", "我的手机号%s", "有事打%s", "回电%s", "联系方式 %s"}
	return g.pick(names) + fmt.Sprintf(g.pick(forms), w), []string{n}
}

// typos are common slips of a phone keyboard.
var typos = [][2]string{{"在", "再"}, {"的", "得"}, {"已经", "以经"}, {"怎么", "咋"}, {"什么", "啥"}, {"没有", "木有"}, {"我们", "俺们"}, {"这个", "这"}, {"好几天", "好多天"}}

func (g *generator) message(style string, t template) Example {
	phr := g.pick(t.phrasings)
	p := g.placeFor(style)
	var b strings.Builder
	b.WriteString(g.pick(openings[t.typ]))
	if p.text != "" {
		switch {
		case style == "P" && t.typ == "咨询":
			b.WriteString(g.pick([]string{"我是" + p.text + "的，", "我在" + p.text + "，", p.text + "这边"}))
		case strings.HasPrefix(phr, "有") || strings.HasPrefix(phr, "的"):
			b.WriteString(p.text)
		default:
			b.WriteString(p.text)
			if !strings.HasSuffix(p.text, "附近") {
				b.WriteString(g.pick(leadIns))
			}
			if !strings.HasSuffix(b.String(), "附近") && g.chance(0.5) {
				b.WriteString("，")
			}
		}
	}
	b.WriteString(phr)
	b.WriteString(g.pick(endings[t.typ]))
	text := b.String()
	if n := g.pick(noise); n != "" {
		text = strings.TrimRight(text, "。，")
		if !strings.HasSuffix(text, "！") && !strings.HasSuffix(text, "？") {
			text += "。"
		}
		text += n
	}
	c, phones := g.contact()
	if c != "" {
		sep := g.pick([]string{"，", "。", " ", "\n"})
		text = strings.TrimRight(text, "。，") + sep + c
	}
	if g.chance(0.1) {
		ty := typos[g.rng.IntN(len(typos))]
		text = strings.Replace(text, ty[0], ty[1], 1)
	}
	if g.chance(0.05) {
		text += g.pick([]string{"😡", "🙏", "👍", "😭"})
	}
	title := ""
	if g.chance(0.15) {
		title = truncate(phr, 20)
	}
	return Example{Text: text, Title: title, Type: t.typ, District: p.district, Town: p.town, Phones: phones}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
