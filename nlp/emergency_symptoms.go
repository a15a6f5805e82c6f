package nlp

import (
	"slices"
	"strings"
	"sync"
)

// The symptom cluster: a person whose body is out of order now in two or
// more ways at once (a face gone grey and breath that fails, a body that
// shakes and eyes that stare, blood that does not stop and a head that
// swims) is a medical emergency (120), however the signs are worded. The
// class rules of emergency_rules.go each need one sign told in one of a
// few ways; people tell the signs in endless ways but name several of
// them, so this rule counts the kinds of sign instead (rule "symptoms").
// Each kind is a short list of the ways a sign is said, down to a single
// character where that is enough (血, 吐, 晕, 抖, 喘, 栽; symptomNotWords
// lists the words that only hold one: 血压, 吐槽, 晕车), and a kind counts
// only where its clause is not past, hypothetical, a figure, a lesson, a
// claim, a long illness or an animal's (eventCounts), and not a mild or
// recurring complaint (symptomMild).
//
// A kind is strong (consciousness, breathing, blood, colour, shaking,
// collapse, heart, speech and sight) or weak (pain, vomiting, sweat,
// fever, swelling): the rule needs two kinds, at least one strong, or
// three of any.

// symptomKind is one kind of sign of a body out of order.
type symptomKind struct {
	name   string
	strong bool
	words  []string
}

var symptomKinds = []symptomKind{
	{"consciousness", true, []string{"迷糊", "迷瞪", "发懵", "犯迷糊", "犯糊涂", "糊涂了", "胡说八道", "说胡话", "胡言乱语", "不认人", "认不出人",
		"答不上来", "对不上茬", "答非所问", "眼发直", "眼神发直", "眼直了", "两眼发直", "发飘", "眼前发黑", "眼前一黑", "两眼发黑", "发黑",
		"叫不醒", "叫不应", "喊不应", "喊不醒", "推不醒", "没反应", "不吱声", "不吭声", "不睁眼", "翻白眼", "往上翻", "往上吊", "不省人事",
		"光瞪眼", "瞪着眼", "不说话了", "没知觉", "晕过去", "昏过去", "晕了", "昏了", "人事不知", "蔫了", "打蔫", "没精神头"}},
	{"breathing", true, []string{"喘不", "喘得", "直喘", "喘", "憋", "大口喘", "喘粗气", "喘气费劲", "喘气困难", "喘气带", "喘气呼哧", "喘气吭哧", "喘气急",
		"呼吸困难", "呼吸急", "上不来气", "透不过气", "憋得", "憋气", "倒气", "倒不上气", "哨音", "呼哧", "气短", "气都喘不",
		"咳不动", "咳不出", "喉咙发紧", "嗓子发紧", "嗓子眼发紧", "像堵了", "堵得慌"}},
	{"blood", true, []string{"血流", "血淌", "血往外", "血一直", "血止不住", "止不住血", "血不停", "血哗哗", "血滋", "血呼", "血糊",
		"流血", "淌血", "冒血", "喷血", "滴血", "渗血", "吐血", "咳血", "便血", "拉血", "尿血", "全是血", "都是血", "一滩血", "好多血", "很多血",
		"一地血", "出血", "血"}},
	{"colour", true, []string{"煞白", "惨白", "苍白", "白得跟纸", "白得吓人", "脸发白", "嘴唇发白", "脸色发白", "发青", "青紫", "乌青", "铁青",
		"发紫", "紫了", "发灰", "灰白", "手脚冰凉", "手冰凉", "脚冰凉", "身上冰凉", "浑身冰凉", "身子冰凉", "手脚冰冷", "浑身冰冷", "浑身发冷", "身上发冷", "手脚发凉", "手发凉", "蜡黄", "脸发黄", "脸色发黄", "没血色", "没有血色", "没了血色", "脸通红", "红得吓人", "脸发黑", "嘴唇发黑"}},
	{"shaking", true, []string{"哆嗦", "打摆子", "打颤", "发抖", "抖", "颤", "直抖", "抖个不停", "一抽一抽", "抽抽", "抽搐", "抽风", "咯咯响", "牙打架",
		"发僵", "僵硬", "直挺挺", "硬邦邦", "抽筋"}},
	{"collapse", true, []string{"站不住", "站不稳", "站不起来", "起不来", "扶不起", "扶都扶不", "往下倒", "软塌塌", "软绵绵", "发软", "人软", "睡过去", "栽", "爬不起来", "打晃", "走不稳", "腿软", "身子软", "软了", "瘫", "动弹不了",
		"动不了", "抬不起来", "不听使唤", "使不上劲", "栽倒", "倒地", "倒下", "扎地上", "出溜", "歪倒", "往一边歪", "身子一歪"}},
	{"heart", true, []string{"心慌", "心里突突", "心突突", "心跳得", "心跳快", "心跳乱", "心口疼", "心口闷", "心口憋", "胸口疼", "胸口痛",
		"胸口闷", "胸口憋", "胸口压", "胸闷", "捂着胸口", "捂着心口"}},
	{"sense", true, []string{"看不清", "看不见东西", "看东西重影", "有重影", "重影了", "说不出话", "说话不清", "话都说不", "说不上话", "嘴歪", "往一边撇", "口齿不清",
		"舌头发硬", "舌头大", "流口水", "哈喇子", "口水直流"}},
	{"pain", false, []string{"疼得", "痛得", "刀绞", "剧痛", "疼死", "钻心", "打滚", "直不起腰", "疼得受不了", "疼晕"}},
	{"vomiting", false, []string{"吐了", "直吐", "一直吐", "呕吐", "吐得", "恶心", "上吐下泻", "吐白沫", "吐沫", "还吐", "吐", "呕"}},
	{"dizzy", false, []string{"晕", "天旋地转", "眼花"}},
	{"sweat", false, []string{"冷汗", "虚汗", "大汗", "汗珠", "满头汗", "一头汗", "浑身是汗", "一身汗", "汗如雨下", "汗都下来"}},
	{"fever", false, []string{"高烧", "烧到", "四十度", "39度", "40度", "烫手", "滚烫", "发烫"}},
	{"swelling", false, []string{"肿得", "肿成", "肿起来", "起疙瘩", "红疙瘩", "起了一片", "起泡", "水泡", "大泡"}},
}

// symptomNotWords are words that hold a sign's characters without being a
// sign: 血压 and 血糖 are readings, 烫手的山芋 a figure.
var symptomNotWords = []string{"血压", "血糖", "血脂", "血管", "血型", "血常规", "验血", "抽血", "献血", "血水", "血站", "出血点", "心血",
	"血汗", "血本", "热血", "血缘", "血统", "血亲", "冷血", "血拼", "吸血", "血案", "血泪", "泣血", "血脉", "血库", "血液科", "血站", "鸡血", "猪血", "鸭血", "毛血旺", "血肠", "血豆腐",
	"吐槽", "谈吐", "吞吐", "吐字", "吐露", "吐司", "吐痰", "吐口水", "吐苦水", "吐舌头", "呕心", "作呕",
	"抖音", "抖擞", "抖落", "抖机灵", "抖搂", "抖空竹", "颤音", "颤颤巍巍", "颤巍巍",
	"喘口气", "喘息", "残喘", "憋屈", "憋尿", "憋不住尿", "憋着尿", "憋了一肚子", "憋气的事", "憋火", "憋着火", "憋闷",
	"晕车", "晕船", "晕机", "光晕", "红晕", "晕染", "头晕脑胀", "晕头转向", "眼花缭乱", "栽培", "栽树", "栽花", "栽种", "盆栽", "栽赃", "栽跟头", "栽了跟头", "倒栽葱",

	"发黑的", "发青的", "发霉", "瘫痪", "软件", "软了吧", "恶心人", "真恶心", "太恶心", "看不清楚字", "看不清字", "看不清监控", "监控看不清",
	"心跳得厉害", "吓得", "气得", "急得", "愁得", "累得", "热得", "冻得", "吵得", "颠得", "熏得", "辣得", "笑得", "乐得"}

// symptomThings are things that shake or tremble (电线被风吹得直抖, 玻璃直颤)
// and symptomDark the dark or a road that cannot be seen (晚上看不清路):
// a shaking or a sight told of them is no sign of a body (symptomOfThing).
var (
	symptomThings = []string{"电线", "线缆", "玻璃", "窗户", "窗子", "门窗", "树", "枝", "叶子", "风吹", "被风", "大风", "刮风", "墙", "房子",
		"灯", "牌子", "广告牌", "桥", "架子", "手机", "地板", "楼板", "震得", "机器", "设备"}
	symptomBody = []string{"浑身", "全身", "身子", "身上", "手", "腿", "脚", "嘴", "牙", "头", "脸", "下巴"}
	symptomDark = []string{"晚上", "夜里", "天黑", "太黑", "黑灯", "黑乎乎", "黑咕隆咚", "路灯", "没有灯", "没灯", "灯不亮", "灯坏"}
)

// symptomOfThing reports whether the sign of kind at s[at:] is a thing's
// (a shaking kind after a thing in its clause with no person named there)
// or the dark's (a sight kind after a word of the dark in its clause, or
// right before 路).
func symptomOfThing(s string, at, kind int) bool {
	before := tailRunes(clauseBefore(s, at), 12)
	switch symptomKinds[kind].name {
	case "shaking":
		// The thing is the subject when it comes after the last person
		// named (我家玻璃直颤) and no part of a body follows it (俺爹抓着电线
		// 浑身直抖 is the man's).
		thing := lastIndexAny(before, symptomThings)
		if thing < 0 || thing < lastIndexAny(before, animalPeople) {
			return false
		}
		return !containsAny(before[thing:], symptomBody)
	case "sense":
		if w := s[at:]; strings.HasPrefix(w, "看不") {
			after := headBytes(w, 15)
			return containsAny(before, symptomDark) || strings.Contains(after, "路")
		}
	}
	return false
}

// symptomMild in a message makes its signs a complaint to see a doctor
// about, not a danger now (老是头晕心慌, 想挂个号), unless a word of now or of
// suddenness says otherwise (acuteSigns, suddens).
var symptomMild = []string{"老是", "总是", "经常", "时不时", "偶尔", "有时候", "这两天", "这几天", "这段时间", "最近", "一阵子",
	"挂号", "挂个号", "投诉", "了半天", "看哪个科", "哪个科", "哪个医院", "哪家医院", "开药", "开点药", "拿药", "买药", "啥药", "什么药", "体检", "复查", "门诊"}

// symptomAnimals are the creatures whose signs are the vet's.
var symptomAnimals = []string{"狗", "猫", "羊", "牛", "猪", "鸡", "鸭", "鹅", "鱼", "兔", "驴", "马", "鸟", "鸽子", "宠物", "兽医"}

type symptomIndex struct {
	m     matcher
	kinds []int // word id → kind
	not   matcher
}

var symptoms = sync.OnceValue(func() *symptomIndex {
	x := &symptomIndex{}
	for k, kind := range symptomKinds {
		for _, w := range kind.words {
			x.m.add(w, len(x.kinds))
			x.kinds = append(x.kinds, k)
		}
	}
	x.m.finish()
	for i, w := range symptomNotWords {
		x.not.add(w, i)
	}
	x.not.finish()
	return x
})

// any reports whether a sign's word occurs in s.
func (x *symptomIndex) any(s string) bool {
	for i, r := range s {
		for _, e := range x.m.bucket(r) {
			if strings.HasPrefix(s[i:], e.word) {
				return true
			}
		}
	}
	return false
}

// RuleSymptoms is the rule name of a symptom cluster.
const RuleSymptoms = "symptoms"

// symptomCluster returns the words of a cluster of signs in s that count
// as a danger now (see the section comment), and where the first is; ok
// is false when there is none.
func symptomCluster(s string) (cue string, at int, ok bool) {
	x := symptoms()
	if !x.any(s) {
		return "", 0, false // no sign's word: most texts
	}
	if containsAny(s, symptomAnimals) || containsAny(s, symptomMild) && !containsAny(s, acuteSigns) && !containsAny(s, suddens) {
		return "", 0, false
	}
	// Spans of words that only look like signs.
	var masked [][2]int
	x.not.each(s, func(start, end, _ int) { masked = append(masked, [2]int{start, end}) })
	inMask := func(start, end int) bool {
		for _, m := range masked {
			if start < m[1] && end > m[0] {
				return true
			}
		}
		return false
	}
	type hit struct {
		kind, at int
		word     string
	}
	var hits []hit
	lastStart := -1
	x.m.each(s, func(start, end, id int) {
		if start == lastStart { // a shorter word at the start of a longer one
			return
		}
		lastStart = start
		if inMask(start, end) || negatedBefore(s, start) {
			return
		}
		if !eventCounts(s, start, end, emergCue{number: "120", cue: s[start:end], pattern: true}) || symptomOver(s, end) {
			return
		}
		if symptomOfThing(s, start, x.kinds[id]) {
			return
		}
		hits = append(hits, hit{x.kinds[id], start, s[start:end]})
	})
	// The signs of one person now are told together: a cluster lies within
	// symptomSpan bytes (a long letter that names an illness here and a
	// symptom there tells a story).
	for i := range hits {
		var kinds []int
		var words []string
		strong := 0
		for _, h := range hits[i:] {
			if h.at-hits[i].at > symptomSpan {
				break
			}
			if slices.Contains(kinds, h.kind) {
				continue
			}
			kinds = append(kinds, h.kind)
			words = append(words, h.word)
			if symptomKinds[h.kind].strong {
				strong++
			}
		}
		if len(kinds) >= 2 && strong >= 1 || len(kinds) >= 3 {
			return strings.Join(words, "…"), hits[i].at, true
		}
	}
	// One strong sign with a plea for help now next to it (脸都青了，你们快来).
	for _, h := range hits {
		if symptomKinds[h.kind].strong {
			near := s[max(0, h.at-symptomSpan):min(len(s), h.at+symptomSpan)]
			if p := firstOf(near, symptomPleas); p != "" {
				return h.word + "…" + p, h.at, true
			}
		}
	}
	// One acute sign told as sudden or now (突然说不上话来了, 现在一直往外咳血).
	for _, h := range hits {
		if symptomAcute[h.word] {
			before := tailRunes(clauseBefore(s, h.at), 10)
			if w := firstOf(before, symptomOnsets); w != "" && !containsAny(before, symptomSlight) {
				return w + "…" + h.word, h.at, true
			}
		}
	}
	return "", 0, false
}

// symptomAcute are the signs that alone are a danger when told as sudden or
// now (symptomOnsets right before them in their clause, and no symptomSlight).
var symptomAcute = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range []string{"叫不醒", "叫不应", "喊不应", "喊不醒", "推不醒", "没反应", "不吱声", "不吭声", "翻白眼", "往上翻", "往上吊",
		"不省人事", "人事不知", "晕过去", "昏过去", "没知觉", "喘不", "上不来气", "透不过气", "倒气", "倒不上气", "气都喘不",
		"血流", "血往外", "血止不住", "止不住血", "血哗哗", "喷血", "冒血", "吐血", "咳血", "便血", "拉血", "一滩血", "一地血",
		"发紫", "青紫", "乌青", "铁青", "煞白", "惨白", "抽搐", "抽风", "一抽一抽", "抽抽", "打摆子", "直挺挺",
		"栽倒", "倒地", "扎地上", "出溜", "往下倒", "扶不起", "扶都扶不", "说不出话", "说不上话", "话都说不", "嘴歪", "口齿不清",
		"舌头发硬", "看东西重影", "捂着胸口", "捂着心口"} {
		set[w] = true
	}
	return set
}()

// symptomOnsets tell a sign as sudden or now; symptomSlight as slight.
var (
	symptomOnsets = []string{"突然", "忽然", "猛地", "一下子", "冷不丁", "刚才", "刚刚", "这会儿", "现在", "眼下"}
	symptomSlight = []string{"有点", "有些", "一点", "稍微", "略微"}
)

// symptomPleas are a caller's plea for help now.
var symptomPleas = []string{"快来人", "快来", "赶紧来", "赶快来", "救救", "快救", "快派", "赶紧派", "快叫救护车", "快点来", "快过来", "赶紧过来", "求求你们"}

// firstOf returns the first of words found in s, or "".
func firstOf(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// symptomOver reports whether the text after a sign says the person is
// over it (缓过来了, 已经送医院, 没事了). A hazard's repair (已经换了, 接好了)
// says nothing of a body: 血止不住，已经换了好几块垫子 goes on.
func symptomOver(s string, end int) bool {
	head := headBytes(s[end:], maxSentenceBytes)
	return containsAffirmed(head, recovered) || containsAffirmed(head, bodyOver())
}

// bodyOver are the words of dangerOver that can end a person's danger.
var bodyOver = sync.OnceValue(func() []string {
	var out []string
	for _, w := range dangerOver {
		if !strings.ContainsAny(w, "修换接拧灭") && !containsAny(w, []string{"弄好", "搞好", "下水道", "假人"}) {
			out = append(out, w)
		}
	}
	return out
})

// symptomSpan bounds a cluster of signs: about 40 characters from the
// first sign to the last.
const symptomSpan = 120

// lastIndexAny returns where the last of words found in s begins, or -1.
func lastIndexAny(s string, words []string) int {
	last := -1
	for _, w := range words {
		if i := strings.LastIndex(s, w); i > last {
			last = i
		}
	}
	return last
}
