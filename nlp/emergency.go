package nlp

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"hotline/config"

	"hotline/domain"
)

// defaultEmergencyReplies are the replies of the embedded default config's
// emergency rules, by number.
var defaultEmergencyReplies = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	if cfg, err := config.Default(); err == nil {
		for _, e := range cfg.Emergency {
			m[e.Number] = e.Reply
		}
	}
	return m
})

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
		for _, lits := range concatSets(re, func(sub *syntax.Regexp) [][]string {
			if lits := requiredLiterals(sub); lits != nil {
				return [][]string{lits}
			}
			return nil
		}) {
			if best == nil || shortestRunes(lits) > shortestRunes(best) ||
				shortestRunes(lits) == shortestRunes(best) && len(lits) < len(best) {
				best = lits
			}
		}
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

// concatSets returns the word sets of a concatenation's parts, in order:
// consecutive parts that match a few exact words joined into one set
// (电(线|缆), as the parser factors 电线|电缆), each other part's sets as
// other gives them.
func concatSets(re *syntax.Regexp, other func(*syntax.Regexp) [][]string) [][]string {
	var sets [][]string
	var run []string
	for _, sub := range re.Sub {
		if exact := exactLiterals(sub); exact != nil {
			if run == nil {
				run = exact
			} else if joined := crossJoin(run, exact); joined != nil {
				run = joined
			} else {
				sets = append(sets, run)
				run = exact
			}
			continue
		}
		if run != nil {
			sets = append(sets, run)
			run = nil
		}
		sets = append(sets, other(sub)...)
	}
	if run != nil {
		sets = append(sets, run)
	}
	return sets
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
		x.emergCues = append(x.emergCues, emergCue{number: number, cue: cue, state: state})
	}
	for _, n := range emergencyPriority {
		for _, c := range builtinStates[n] {
			add(n, c, true)
		}
		for _, c := range builtinEmergency[n] {
			add(n, c, false)
		}
	}
	for _, e := range cfg.Emergency {
		for _, c := range e.Cues {
			add(e.Number, c, false)
		}
		if e.Reply != "" {
			x.emergReply[e.Number] = e.Reply
		}
	}
	// The rules find all four numbers; a city whose config lists no reply
	// for one gets the default config's (texts are never the code's).
	for _, n := range emergencyPriority {
		if x.emergReply[n] == "" {
			x.emergReply[n] = defaultEmergencyReplies()[n]
		}
	}
	for _, d := range append(slices.Clip(emergRuleDefs), personRuleDefs...) {
		r := emergRule{name: d.name, number: d.number, re: regexp.MustCompile(d.expr), unless: d.unless, event: d.event, with: d.with}
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
			r.alsoSplit = x.ruleSets.split(d.also)
		}
		r.split = x.ruleSets.split(d.expr)
		x.emergRules = append(x.emergRules, r)
	}
	x.emergHints.finish()
	x.ruleSets.words.finish()
}

// stoppers right before an event end it: 停止殴打, 制止了打架.
var stoppers = []string{"停止", "制止", "阻止", "不再", "防止"}

// Hypothetical or preventive words earlier in the same clause (担心着火,
// 万一起火, 防止燃气泄漏, 消防演练): a hazard to report, not an emergency now.
var hypotheticals = []string{"万一", "如果", "假如", "要是", "一旦", "担心", "害怕", "防止", "预防", "以防",
	"以免", "演练", "隐患", "容易", "可能会", "会不会", "避免", "小心", "预警", "宣传", "培训", "知识", "怎么预防", "如何",
	"演习", "模拟", "科普", "讲座", "真要", "要真", "到时候", "哪天", "我怕", "俺怕", "就怕", "生怕",
	// 真有个火灾消防车进不来, 早晚撞死人, 假设着火了, 关于火灾逃生的作文
	"真有个", "真有什么", "真出了", "真出个", "真出点", "真遇上", "真碰上", "真赶上", "早晚", "迟早", "总有一天",
	"假设", "设想", "关于",
	// a wish on someone: 恨不得我出门被车撞死
	"恨不得", "巴不得", "咒我", "咒他", "咒她",
	// a condition: 谁再在楼道里放电动车就一把火烧了
	"谁再", "谁要是", "谁敢", "再敢", "再这样",
	// how to face it: 教孩子怎么应对持刀歹徒
	"应对"}

// conditionals discount a state in the same clause: a state is reported
// as a worry, so only a condition or prevention makes it hypothetical.
var conditionals = []string{"万一", "如果", "假如", "要是", "一旦", "倘若", "若是", "防止", "预防", "以防",
	"以免", "避免", "演练", "宣传", "培训", "知识", "怎么预防", "如何", "会不会", "是否会", "演习", "模拟", "科普", "讲座",
	"假设", "设想", "真有个", "早晚", "迟早"}

// drills anywhere in a cue's sentence make it an exercise or a lesson:
// 消防演练，模拟起火逃生.
var drills = []string{"演练", "演习", "模拟", "科普", "讲座", "培训", "想学", "学一下", "学习", "怎么急救", "如何急救",
	"逃生课", "逃生知识", "逃生教育", "逃生常识", "安全课", "消防课", "防火课", "安全教育", "消防宣传", "讲课", "来学校讲", "给学生讲", "给孩子们讲", "讲讲", "讲一讲",
	"学学", "教教", "教一教", "学急救", "学点急救", "急救课",
	// how-to questions asked in general: 煤气泄漏了应该先关阀门还是先开窗
	"应该先", "还是先", "正确做法", "注意事项", "宣传单", "作文", "素材"}

// devices right after a state name a product or a plan, not the danger:
// 燃气泄漏报警器, 溃坝应急预案.
var devices = []string{"报警器", "报警装置", "检测仪", "探测器", "检测", "隐患", "应急预案", "预案", "演练", "知识",
	"的事", "那事"} // 电线打火的事电工看过了: a topic

// modals right before an event make it a possibility: 会爆炸, 可能着火.
var modals = []string{"会", "可能", "将", "易", "面临", "濒临", "差点", "差一点", "差点儿", "险些", "几乎",
	"不得"} // 碰上了不得触电: would one not

// pastMarkers earlier in the same sentence put an event in the past.
var pastMarkers = []string{"以前", "去年", "前年", "当年", "那年", "当时", "那天", "那次", "上次", "事后", "后来",
	"上个月", "上月", "上周", "上星期", "前几天", "前段时间", "前些日子",
	"曾", "多年前", "年前", "小时候", "过去几年", "过去的", "在过去", "过去那", "出现过", "发生过", "昨天", "昨晚", "昨儿", "前天", "前晚", "大前天",
	"上礼拜", "上个礼拜", "上回", "上一回", "那回",
	"出过", "过一次", "过一回", "过两次", "前阵子", "前一阵", "前一段", "前些天", "前两天", "前几年", "早些年", "早几年", "那阵子", "那场", "天前", "月前", "周前", "星期前",
	"之前", // not after 来 or 到: 救护车来之前 is still to come (pastFrame)
	"前些年", "前几个月", "那时候", "那时", "那几年", "那会儿"}

// againMarkers are the past markers that name an earlier time of the same
// danger: 上次着火的那栋楼又着火了 is a fire now.
var againMarkers = []string{"上次", "上回", "上一回", "那次", "那回", "以前", "曾经"}

// presentMarkers end what a past marker said: 昨晚刮断了电线，现在还耷拉在
// 水坑里 is a danger now. The past is looked for only after the last of them
// before the cue's end (a pattern's match may span both).
var presentMarkers = []string{"现在", "刚才", "刚刚", "正在", "这会儿", "此刻", "眼下", "还在", "到现在还", "一直在",
	"今天", "今早", "今儿", "今晚", "这回", "这次"}

// recurring words in an event's clause make it a complaint about how often
// something happens (经常被困电梯, 交通事故频发), not a call for help now.
var (
	recurringBefore = []string{"经常", "常常", "时常", "有时", "多次", "屡次", "几次", "数次", "每次", "不少",
		"好几次", "频繁", "三天两头", "隔三差五", "动不动", "一再", "反复", "屡屡", "很多次", "好多次", "每个月",
		"每年", "每周", "每天", "好几回", "几回", "多回", "好多回", "很多回", "回回", "天天", "老是", "总是", "成天", "常年", "长年"}
	recurringAfter = []string{"频发", "多发", "高发", "时有发生", "不断", "多次", "数次", "几次", "屡屡", "经常",
		"好几天", "几天了", "多日", "很久", "好久", "几个月", "多年", "一直没",
		"好几回", "几回", "多回", "好多回", "很多回", "好几年", "几年了", "常年", "长年"}
)

// stillDown after an event says the person has not come round since: 中毒
// 了以后一直没醒 is no complaint about how long something goes on.
var stillDown = []string{"一直没醒", "一直没反应", "一直没动", "一直不动", "一直没上来", "一直没出来", "一直没气", "一直没呼吸", "一直没睁眼", "一直叫不醒"}

// mutualFights are the 110 cues of a fight between two sides. Told as what
// keeps happening (两家经常打架) and with no word of now (正在, 还在), one
// is a neighbours' dispute to mediate; a person attacked again and again
// (他经常打我) stays an emergency.
var mutualFights = []string{"打架", "斗殴"}

// smallObjects before 爆炸 in its clause make it a thing that burst (火锅的
// 玻璃盖子爆炸了), not a blast that endangers people; someone hurt by it is
// found by the injury cues.
var smallObjects = []string{"锅盖", "盖子", "灯泡", "暖瓶", "暖壶", "热水瓶", "保温杯", "杯子", "玻璃杯",
	"屏幕", "玻璃门", "淋浴房", "鱼缸", "气球", "轮胎", "车胎", "爆米花"}

// thingsHit right before a road-accident cue are what was hit: 护栏被车撞
// is damage to report, not a person in danger.
var thingsHit = []string{"杆", "杆子", "护栏", "栏杆", "树", "大树", "墙", "围墙", "大门", "井盖", "垃圾桶", "路灯", "红绿灯",
	"信号灯", "隔离带", "桥墩", "广告牌", "花坛", "路牙", "路牙子", "石墩", "配电箱", "消防栓", "站牌"}

// Food poisoning told as a guess about a meal (怀疑是食物中毒) or as a
// complaint about the shop is a consumer matter, unless the text says how
// bad it is.
var (
	illnessGuesses = []string{"怀疑", "是不是", "是否", "会不会", "不承认", "不认账", "投诉", "举报", "索赔", "讨个说法"}
	severeSigns    = []string{"昏迷", "叫不醒", "抽搐", "休克", "吐血", "便血", "站不起来", "喘不上", "呼吸", "不省人事",
		"好几个人", "很多人", "好多人", "一群", "集体", "全家", "一家人都", "学生", "工人们", "住院"}
)

// nominals right after an event (within a few characters) make it a
// name or a topic: 火灾隐患, 打人事件, 交通事故责任认定, 打人的行为.
var nominals = []string{"隐患", "事件", "现象", "案件", "风险", "问题", "事故", "责任", "赔偿", "鉴定", "认定",
	"保险", "理赔", "处理", "防范", "预防", "演练", "知识", "培训", "频发", "多发", "高发", "的行为", "的权利",
	"的情况", "凶手", "而造成", "而导致", "造成的", "导致的", "引起的", "引发的", "视频", "的事", "那事"}

// topicHeads right after an event make it the topic of a lesson or a
// leaflet: 火灾逃生的宣传册, 溺水自救. Only right after it: 着火了，逃生通道
// 锁着 is a fire.
var topicHeads = []string{"逃生", "自救", "宣传", "手册", "常识", "以后的", "之后的", "后的"} // 火灾以后的房子怎么评估

// claims in an event's sentence make it the subject of a request about
// its consequences (被车撞了算不算工伤, 房子塌了想申请危房改造): it is over.
var claims = []string{"调取", "记录", "证明", "病历", "收费", "费用", "多少钱", "工伤", "赔偿", "理赔", "保险", "认定", "鉴定", "报销", "起诉", "索赔", "补助", "补贴", "改造", "谁赔", "谁来赔", "赔不赔",
	"申请", "判决", "法院", "咨询", "医保", "给不给报", "能不能报", "厂家", "商家", "售后", "退货", "退款", "不给退", "质量问题",
	"没人赔", "不赔", "谁出", "该谁", "医药费", "医疗费", "疫苗的钱", "疫苗钱", "去哪买", "在哪买", "哪里买",
	"赔钱", "要我赔", "让我赔", "怎么算", "验伤", "伤残", "残疾证", "抚恤",
	// a bill: 燃气费怎么这么多，是不是表漏气了
	"燃气费", "煤气费", "天然气费", "电费", "交水费", "水费单", "暖气费", "账单",
	// a procedure: 着火烧了的房产证怎么补办, 交通事故快处快赔在哪里办 (not 怎么办)
	"补办", "办理", "哪里办", "哪儿办", "去哪办", "在哪办", "手续", "快处快赔",
	// what a claim is worth: 触电受伤了，老板应该赔多少
	"赔多少", "怎么赔", "应该赔", "该赔", "能赔", "赔偿多少", "私了", "协议", "挪车"} // not 气费 (喘气费劲), 水费 (喝水费劲)

// biteObjectRe right after a bite names an animal bitten: 咬伤了一只羊.
var biteObjectRe = regexp.MustCompile(`^了?(俺家|我家|他家|她家|家里|邻居家|村里)?的?[0-9一二两三四五六七八九十几好多]+(只|头|条|匹)`)

// vaccines in a bite's sentence make it a question about the shots (被狗咬
// 了去打针，疫苗没货了); bleeding told with it still counts.
var vaccines = []string{"疫苗", "打针", "狂犬"}

// settled words in an event's sentence say it is over and dealt with
// (已经好了, 派出所处理完了): the message is about what came after.
var settled = []string{"已经好了", "已经没事", "处理完了", "处理完", "已经处理", "结案", "调解完", "康复", "出院了", "已经出院",
	"被拘留", "拘留了", "判了刑", "被判了"} // 因为打架被拘留了，出来以后工作丢了

// noInjury says that nobody was hurt: a traffic accident without injuries
// is for the traffic police, not a danger to life (追尾了，没有人受伤).
var noInjury = []string{"没有人受伤", "没人受伤", "无人受伤", "没有受伤", "无人员伤亡", "没有人员伤亡",
	"没有造成人员伤亡", "未造成人员伤亡", "人没事", "人都没事", "人员无伤亡"}

// fineWords say a person is fine (人都好好的), but callers as often say the
// person was fine before (俺家孩子人好好的，刚才被狗咬了): they end a danger
// only after its cue (fineAfter), like dangerOver.
var fineWords = []string{"人都好好的", "人好好的"}

// fineBefore in fine words' clause make them the time before the danger
// (刚才人好好的, 还在家的时候人好好的); not 还好, fortunately.
var fineBefore = []string{"刚才", "刚刚", "本来", "原来", "早上", "之前", "以前", "先前", "起先", "起初", "那会", "的时候", "还"}

// fineDanger after fine words say the danger came after all: 刚才人好好的，
// 现在司机趴在方向盘上不动了.
var fineDanger = []string{"血", "不动", "叫不醒", "喊不醒", "叫不应", "喊不应", "没反应", "没有反应", "昏", "晕", "倒在", "倒地",
	"趴在", "抽搐", "喘不上", "不省人事", "咬", "救命", "快来", "不行了", "没气", "没呼吸", "卡在", "困在", "压在", "着火", "冒烟"}

// fineAfter reports whether s[from:] says that the person is fine now: fine
// words not in a clause of before (刚才, 本来, 还…的时候) and with no
// danger sign after them.
func fineAfter(s string, from int) bool {
	for off := from; ; {
		i := strings.Index(s[off:], "人")
		if i < 0 {
			return false
		}
		at := off + i
		off = at + len("人")
		w := ""
		for _, f := range fineWords {
			if strings.HasPrefix(s[at:], f) {
				w = f
				break
			}
		}
		if w == "" {
			continue
		}
		before := clauseBefore(s, at)
		if j := strings.LastIndex(before, " "); j >= 0 {
			before = before[j+1:]
		}
		if containsAny(strings.ReplaceAll(before, "还好", ""), fineBefore) || strings.HasPrefix(s[at+len(w):], "时") {
			continue // 刚才人好好的; 人好好的时候
		}
		if containsAny(s[at+len(w):], fineDanger) {
			continue
		}
		return true
	}
}

// deaths in an event's sentence tell how it ended: the message is a
// complaint about a death (抢救无效死亡, 永远离开了我们), there is nobody
// left to save. Cues that name a death themselves (砸死) still count.
var deaths = []string{"死亡", "去世", "离世", "身亡", "过世", "病逝", "离开了我们", "离开了人世", "抢救无效", "不治",
	"尸检", "尸解", "遗体", "火化"}

// hearsay in a cue's sentence makes it news, not a call for help: 电视里说有人
// 跳楼了，是真的吗.
var hearsay = []string{"新闻", "电视里", "电视上", "网上说", "网传", "谣言", "传言", "是真的吗", "是不是真的", "报道",
	"表扬", "点赞", "锦旗", "多亏了", "处理得挺快", "处理得很快", // and praise: it is over
	"抖音上", "快手上", "这种视频", "这类视频", "电视剧", "电影里", "小说里", "剧里",
	"微博上", "朋友圈里", "朋友圈转", "群里说", "群里传", "真的假的", "是真是假",
	"网上看到", "网上看见", "刷到", "刷视频", "刷抖音", "通报"} // 网上看到…工地塌了，官方怎么还没通报

// rumours in a cue's sentence make it hearsay too (据说西边那个小区有人跳楼了)
// unless the text asks for help now or says someone is still in danger:
// 听说三楼着火了，里面还有人没出来 is a fire now, told second hand.
var (
	rumours   = []string{"听说", "据说", "听人说", "听别人说", "听邻居说", "听朋友说", "听家里人说"}
	rumourNow = []string{"快来", "快点", "赶紧", "救命", "还有人", "没出来", "出不来", "困在"}
)

// rumourRe is a rumour told with who said it (听邻居们说, 听我们单位的人说)
// or where (群里有个人说; not 他在朋友圈说下辈子再见, his own words).
var rumourRe = regexp.MustCompile(`听` + clauseGap + `{1,8}说|(群里|网上|朋友圈里?)(有人|有个人|都|在传|传)` + clauseGap + `{0,6}说`)

// rumour reports whether sent, a sentence of s, tells of a danger only as
// a rumour.
func rumour(s, sent string) bool {
	return (containsAny(sent, rumours) || rumourRe.MatchString(sent)) && !containsAny(s, presentMarkers) && !containsAny(s, rumourNow)
}

// pleasures before an illness cue in its clause make it a figure of speech:
// 辣得我快喘不上气了.
var pleasures = []string{"辣得", "笑得", "乐得", "美得", "馋得", "撑得", "过瘾"}

// animals earlier in a cue's sentence, with no person named between them
// and the cue, are what it happened to: 邻居家的狗被车撞死了, 疯狗见人就咬，
// 已经被打死了. A bite (咬) or a dangerous dog is still a danger to people.
var (
	animals = []string{"狗", "猫", "宠物", "牲口", "牛羊", "鸡鸭", "头牛", "只羊", "头羊", "头猪", "头驴", "耕牛", "奶牛", "黄牛", "牛群", "羊群", "猪仔",
		"家羊", "家的羊", "家牛", "家的牛", "老牛", "小羊", "羊羔", "牛犊", "家猪", "家的猪", "驴", "骡子", "鸭子", "鹅"}
	animalPeople = []string{"老人", "孩子", "小孩", "娃", "男的", "女的", "他", "她", "我", "俺", "司机", "行人", "路人",
		"工人", "学生", "大爷", "大娘", "大妈", "老头", "老太", "爹", "娘", "爸", "妈", "哥", "姐", "弟", "妹", "爷", "奶",
		"媳妇", "老婆", "老公", "有人", "个人", "那人", "这人", "主人", "时"}
)

// animalVictim reports whether the event at s[start:] happened to an
// animal named before it in its sentence.
func animalVictim(s string, start int, cue string) bool {
	if strings.ContainsAny(cue, "咬犬狗蛇") {
		return false
	}
	sent := sentenceBefore(s, start)
	last := -1
	for _, a := range animals {
		if i := strings.LastIndex(sent, a); i >= 0 && i+len(a) > last {
			last = i + len(a)
		}
	}
	// A person after the animal, or a word of now between them (三天前被狗咬了，
	// 今天…人一直抽搐), makes the cue someone's.
	return last >= 0 && !containsAny(sent[last:], animalPeople) && !containsAny(sent[last:], presentMarkers) &&
		!strings.HasPrefix(clauseBefore(s, start), "人")
}

// comparators right before an event make it a comparison: 这跟绑架有什么区别.
var comparators = []string{"跟", "和", "与", "像", "如同", "好比", "等同于"}

// dateRe finds a year or a day in a sentence: an event dated so is a past
// one (2016年12月9号…被打).
var dateRe = regexp.MustCompile(`[0-9]+年|[0-9]+月[0-9]+[日号]|[零〇一二][零〇一二三四五六七八九]{3}年`) // 二零二一年

// sinceLastPresent returns the part of sent after its last present marker
// (现在, 刚才…), or all of it.
func sinceLastPresent(sent string) string {
	cut := -1
	for _, m := range presentMarkers {
		if i := strings.LastIndex(sent, m); i >= 0 && i+len(m) > cut {
			cut = i + len(m)
		}
	}
	if cut < 0 {
		return sent
	}
	return sent[cut:]
}

func hypothetical(s string, at int) bool {
	c := clauseBefore(s, at)
	if containsAny(s, realNotDrill) {
		c = withoutAny(c, drillWords) // 消防演练的时候真着火了
	}
	return containsAny(c, hypotheticals) || hasPrefixAny(c, worryOpen) || hasPrefixAny(c[strings.LastIndex(c, " ")+1:], worryOpen)
}

// worryOpen at the start of a cue's clause makes it a worry: 怕老人煤气中毒;
// so at the start of its last stretch between spaces, in a message typed
// without punctuation (晚上黑 怕有人掉进去).
var worryOpen = []string{"怕", "恐怕", "就是怕", "主要是怕"}

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
	case hypothetical(s, start) && !(c.number == "110" && containsAny(c.cue, killWords) && !containsAny(withoutAny(before, someday), hypotheticals)),
		hasSuffixAny(before, modals), hasSuffixAny(before, stoppers),
		hasSuffixAny(before, comparators):
		return false
	case strings.HasSuffix(before, "过"), strings.HasPrefix(after, "过"):
		return false
	case containsAny(domain.Prefix(after, 6), nominals), hasPrefixAny(after, topicHeads):
		return false
	}
	if comparison(s, start, end) || feelingFigure(s, start, end) || feelingTo(s, start) || lesson(s, start, end) || howTo(s, start, end) {
		return false
	}
	if sent := sinceLastPresent(sentenceBefore(s, start) + s[start:end]); pastFrame(sent) {
		if !strings.HasSuffix(before, "又") || pastFrame(withoutAny(sent, againMarkers)) {
			return false
		}
	}
	if storyDated(s) || containsAny(s, justAsking) || askedForLater(s, clauseBefore(s, start)+s[start:end]+clauseAfter(s, end)) || c.number == "119" && mistaken(s, start, end) {
		return false // 孩子误食了干燥剂会有危险吗？上周的事
	}
	if animalVictim(s, start, c.cue) {
		return false
	}
	if c.number == "110" && neverActed(s) {
		return false // 说谁惹他就拿刀砍谁 骂了好几年了 从来没动过手
	}
	if (c.cue == "救命" || hasSuffixAny(clauseBefore(s, start), shouts)) && playedHelp(s, start, end) || c.cue == "救命" && sighedHelp(s, start, end) {
		return false // 救命 我的社保卡密码锁了; 小孩玩警察抓小偷 一个劲喊救命 吵得睡不着
	}
	if strings.Contains(c.cue, "咬") && (containsAny(sentenceBefore(s, start)+sentenceAfter(s, end), vaccines) || biteObjectRe.MatchString(s[end:])) {
		return false // 被狗咬了去打针; 野猪咬伤了一只羊
	}
	if c.number == "120" && (containsAny(before, pleasures) || chronic(s, start, end)) {
		return false
	}
	if sent := sentenceFrom(s, start) + s[start:end] + sentenceAfter(s, end); containsAny(sent, claims) || drill(s, start, sent) || hearsaid(sent) || rumour(s, sent) && !rumourNowAt(s, start) || containsAny(sent, settled) {
		return false
	}
	if pretended(sentenceFrom(s, start)+s[start:end]+sentenceAfter(s, end)) || fakeBlood(s, start, end) || labelWarning(s, start) || sayingCorrected(s, start, end) ||
		counterfactual(s, start, end) || pranked(s, end) {
		return false // 假装落水喊救命; 标签上写着可能引发火灾; 逢人就说我家要着火，其实…; 真着火了都没法用; 结果是恶作剧
	}
	if c.number == "122" && (containsAny(s, noInjury) || fineAfter(s, end)) {
		return false
	}
	if (c.number == "119" || c.number == "120" || c.number == "122") && !c.pattern && noHarm(s, c) {
		return false // 树刮倒了，没砸着人: damage, nobody in danger
	}
	if animalsOnly(s, start, end) || thingsOnly(s, start, end) {
		return false // 鸡棚塌了，压死二十多只鸡; 大棚塌了，菜全毁了
	}
	if !strings.Contains(c.cue, "死") && containsAny(sentenceFrom(s, start)+sentenceAfter(s, end), deaths) {
		return false
	}
	if !c.pattern && (c.number == "110" || c.number == "122") && strings.HasSuffix(before, "的") && !hasSuffixAny(before, []string{"男的", "女的", "老的", "小的"}) {
		return false // 车轮的碾压, 他们的殴打: a noun, said of what happened
	}
	if c.number != "119" && strings.HasPrefix(after, "的") {
		return false // 打人的单位, 车祸的责任, 晕倒的大爷: the event names someone or something else
	}
	if strings.HasPrefix(s[end:], "、") {
		after = sentenceAfter(s, end) // 失火、断裂的情况时有发生: the list's clause goes on
	}
	if (containsAny(before, recurringBefore) || containsAny(after, recurringAfter)) && !containsAny(after, stillDown) {
		// A lone person attacked again and again is in danger; a lift that
		// often stops is not, nor are two families that often fight.
		if c.number != "110" || slices.Contains(mutualFights, c.cue) && !containsAny(sentenceBefore(s, start)+sentenceAfter(s, end), presentMarkers) {
			return false
		}
	}
	if c.number == "122" && !c.pattern && hasSuffixAny(before, thingsHit) {
		return false // 路灯杆被车撞歪了: a thing was hit, not a person
	}
	if c.cue == "爆炸" && containsAny(before, smallObjects) {
		return false
	}
	if c.cue == "食物中毒" && containsAny(sentenceBefore(s, start)+sentenceAfter(s, end), illnessGuesses) && !containsAny(s, severeSigns) {
		return false
	}
	if c.number == "120" && (strings.HasSuffix(s[:start], "、") || strings.HasPrefix(s[end:], "、")) {
		return false // a disease in a list of names
	}
	return true
}

// withoutAny returns s with every occurrence of words taken out.
func withoutAny(s string, words []string) string {
	for _, w := range words {
		s = strings.ReplaceAll(s, w, "")
	}
	return s
}

// stateCounts reports whether the state cue or pattern match at
// s[start:end] is a danger now.
func stateCounts(s string, start, end int) bool {
	sent := sentenceFrom(s, start) + sentenceAfter(s, end)
	if !strings.ContainsAny(s[start:end], strings.Join(fireOrGas, "")) && toldNoHarm(s) {
		return false // 外机掉下来把雨棚砸穿了，幸好当时没人在阳台
	}
	if thingHit(s) {
		return false // 路灯杆被车撞断了，躺在人行道上
	}
	if (containsAny(s, justAsking) || askedForLater(s, clauseBefore(s, start)+s[start:end]+clauseAfter(s, end))) && !strings.ContainsAny(s[start:end], "死杀活跳轻遗后生") {
		return false // 煤气泄漏了咋整？只是问问 (a wish to die is never a question for later)
	}
	if !strings.ContainsAny(s[start:end], "死杀活跳轻遗后生") && (pretended(sent) || fakeBlood(s, start, end) || labelWarning(s, start) || sayingCorrected(s, start, end) ||
		counterfactual(s, start, end) || pranked(s, end)) {
		return false // pretence, a label's warning, a saying corrected, a counterfactual, a prank; never words of wanting to die
	}
	return !conditional(s, start) && !hasPrefixAny(clauseAfter(s, end), devices) &&
		!drill(s, start, sent) && !(hearsaid(sent) && !dyingIntent(s, start, end, sent)) && !(rumour(s, sent) && !rumourNowAt(s, start)) &&
		!comparison(s, start, end) && !feelingFigure(s, start, end) && !feelingTo(s, start) && !pastAct(s, start, end)
}

// dyingIntent reports whether the state at s[start:end] is someone's word
// that they are about to end their life (要结束自己, 准备自杀): relayed from a
// post or a group chat (网上看到有人发帖说今晚就要结束自己) it is no news
// but a danger now, unless the sentence tells of a film or a story.
func dyingIntent(s string, start, end int, sent string) bool {
	return containsAny(s[start:end], dyingWords) && rumourNowAt(s, start) && !containsAny(sent, fiction)
}

var (
	dyingWords = []string{"结束", "了断", "了结", "自杀", "轻生", "寻死", "寻短见"}
	fiction    = []string{"电视剧", "电影", "小说", "剧里", "剧情", "演的", "角色"}
)

// drill reports whether sent, the sentence of the cue at s[start:], makes
// it an exercise or a lesson, unless the text says the danger is real.
func drill(s string, start int, sent string) bool {
	return containsAny(sent, drills) && !containsAny(s, realNotDrill) && !hasSuffixAny(clauseBefore(s, start), []string{"真", "真的"}) &&
		!suddenAfter(sentenceBefore(s, start), drills)
}

// Emergency returns the emergency described in text, or nil: a cue for an
// event that happens now, or a state that puts a life in danger now (see
// the section comment above). A real danger must never be missed, so the
// rules discount a cue only for a clear reason in its context.
func (x *Extractor) Emergency(text string) *Emergency {
	return x.emergencyIn(normalize(text))
}

func (x *Extractor) emergencyIn(s string) *Emergency {
	// The first hit that counts for each number, by emergencyPriority.
	var hits [4]emergHit
	need := func(number string) bool { return hits[rankOf(number)].rule == "" }
	consider := func(number, cue, rule string, at int, with []string) {
		if need(number) || len(with) > 0 {
			hits[rankOf(number)] = emergHit{number: number, cue: cue, rule: rule, at: at, with: with}
		}
	}
	x.emergency.each(s, func(start, end, id int) {
		c := x.emergCues[id]
		if !need(c.number) {
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
		if overAfter(s, end) || c.number == "110" && fledAfter(s, end) || withdrawable(c.cue, "") && withdrawn(s, start) {
			return
		}
		rule := RuleEvent
		if c.state {
			rule = RuleState
		}
		consider(c.number, c.cue, rule, start, nil)
	})
	// One pass over the text finds the rules whose required words occur.
	var hinted []bool
	var present textSets
	if x.plainRules {
		hinted = make([]bool, len(x.emergRules))
		x.emergHints.each(s, func(_, _, id int) { hinted[id] = true })
	} else {
		present = x.ruleSets.present(s)
	}
	scanBuf := present.scan
	for i := range x.emergRules {
		r := &x.emergRules[i]
		if x.plainRules && !r.always && !hinted[i] || !x.plainRules && r.split != nil && !present.patterns[r.split.id] {
			continue
		}
		// A rule that names the other numbers its danger needs (with) is
		// more telling than a plain word of the same number or a bare
		// collision: it replaces one (漏气 then 倒在厨房: gas-victim, 119
		// with 120; 冲进 a crowd: crowd-crash, 122 with 120).
		if prev := hits[rankOf(r.number)].rule; prev != "" &&
			(len(r.with) == 0 || prev != RuleEvent && prev != RuleState && prev != RuleRoadCollision) {
			continue
		}
		sc := r.scan(s, present, scanBuf[:0], x.plainRules)
		if sc.split.next != nil {
			scanBuf = sc.split.next // the room it grew, for the next rule
		}
		for start, end, ok := sc.next(); ok; start, end, ok = sc.next() {
			if negatedBefore(s, start) {
				continue
			}
			if r.event && !eventCounts(s, start, end, emergCue{number: r.number, cue: s[start:end], pattern: true}) ||
				!r.event && !stateCounts(s, start, end) {
				continue
			}
			if len(r.unless) > 0 && containsAny(sentenceBefore(s, start)+s[start:end]+sentenceAfter(s, end), r.unless) {
				continue
			}
			if r.also != nil && !r.alsoMatches(s, present, x.plainRules) {
				continue
			}
			if overAfter(s, end) || r.number == "110" && fledAfter(s, end) || withdrawable("", r.name) && withdrawn(s, start) {
				continue
			}
			if r.name == "live-wire" && deadWire(s, end) {
				continue // 电线刮断了耷拉在麦地里 供电所来人把电掐了
			}
			if strings.Contains(s[start:end], "救命") && playedHelp(s, start, end) {
				continue // 小孩玩警察抓小偷 一个劲喊救命 吵得睡不着
			}
			consider(r.number, s[start:end], r.name, start, r.with)
			break
		}
	}
	x.ruleSets.done(present, scanBuf)
	if need("120") {
		if cue, at, ok := symptomCluster(s); ok {
			consider("120", cue, RuleSymptoms, at, nil)
		}
	}
	return x.resolveEmergency(hits)
}

// emergHit is the first cue or pattern of one number that counts.
type emergHit struct {
	number, cue, rule string
	at                int
	with              []string // the other numbers its rule always needs (emergRuleDef.with)
}

func rankOf(number string) int {
	for i, n := range emergencyPriority {
		if n == number {
			return i
		}
	}
	return len(emergencyPriority) - 1
}

// overAfter reports whether the text after a cue says the danger is over:
// repaired (已经修好了), put out, the person rescued or in hospital. Only
// words after the cue count: 修好了没两天又打火 is a danger again.
// fled after a 110 cue says the offender is gone (撬门进去了…人早跑了): a
// crime to report, not a danger now, unless someone was hurt.
var (
	fled     = []string{"早跑了", "早就跑了", "人跑了", "已经跑了", "跑没影了", "早走了", "早就走了", "人已经走了", "就走了", "都走了", "人都散了"}
	fledHurt = []string{"血", "伤", "倒在", "不动", "昏", "晕", "叫不醒", "救命", "还在"}
)

// fledAfter reports whether the text after the 110 cue at s[:end] says
// the offender fled and nobody was hurt.
func fledAfter(s string, end int) bool {
	return containsAffirmed(headBytes(s[end:], maxSentenceBytes), fled) && !containsAny(s, fledHurt)
}

func overAfter(s string, end int) bool {
	head := headBytes(s[end:], maxSentenceBytes)
	return containsAffirmed(head, dangerOver) || containsAffirmed(head, recovered)
}

// recovered after a cue says the person came round: 刚才喘不上气，吃了药好多了.
var recovered = []string{"好多了", "好些了", "缓过来了", "缓过来", "缓过劲", "缓过神来", "自己起来了", "自己爬起来了", "自己站起来了",
	// the current cut: 热水器漏电…已经关了总闸
	"关了总闸", "拉了闸", "拉闸了", "断了电", "关了电闸", "拉了电闸",
	// a fire burnt out, a reading back to normal
	"烧完了", "已经烧完", "烧光了", "自己灭了", "正常了", "恢复正常",
	// what choked came out: 呛奶了…拍了拍背吐出来就好了
	"吐出来就好了", "吐出来了", "咳出来了"}

// justAsking in a text says it asks for later, not for now: 着火了咋整？（问问
// 而已，备着）.
var justAsking = []string{"问问而已", "只是问问", "随便问问", "以备不时之需", "提前了解", "提前问问", "先了解一下"} // not 备着: 准备着, 没备着药

// A note for later (想记一下, 暑假作业) says less than justAsking: 孩子写寒假作
// 业的时候 家里突然着火了 is a fire now. It makes a cue a question for later
// only when the cue's own clause asks (煤气中毒了该打哪个电话) and the text
// tells of no now and no harm.
var (
	forLater       = []string{"想记一下", "暑假作业", "寒假作业"}
	laterQuestions = []string{"哪个电话", "什么电话", "啥电话", "打多少", "打几", "咋办", "怎么办", "咋整", "怎么整", "怎么处理", "咋处理", "该咋", "该怎么", "怎么做", "吗", "？", "?"}
	nowOrHarm      = []string{"突然", "刚才", "刚刚", "现在", "正在", "这会儿", "血", "晕", "昏", "叫不醒", "喊不醒", "不动", "倒在", "倒地", "抽搐", "喘不上", "救命", "快来", "被捅", "被砍", "被打", "烟很大", "出不来", "出不去"}
)

// askedForLater reports whether s notes a matter for later and clause, a
// cue's own clause (or the text, for the model), asks about it, with no
// word of now or of harm in s.
func askedForLater(s, clause string) bool {
	return containsAny(s, forLater) && containsAny(clause, laterQuestions) && !containsAny(s, nowOrHarm)
}

// containsAffirmed reports whether one of words occurs in s with no
// negation earlier in its clause (他已经道歉了, not 他还不道歉; 修好了, not
// 一直没人来修好了).
func containsAffirmed(s string, words []string) bool {
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(s[off:], w)
			if i < 0 {
				break
			}
			question := (strings.HasPrefix(w, "不") || strings.HasPrefix(w, "没")) && hasSuffixAny(s[:off+i], []string{"是", "有"})
			if !question && !strings.ContainsAny(withoutAny(clauseBefore(s, off+i), notNegations), "不没未拒别") {
				return true // 是不是燃气泄漏, 有没有漏气: a question, not an answer
			}
			off += i + len(w)
		}
	}
	return false
}

// notNegations are words that hold a negation's character without
// negating: 是别人扔下去的一个假人.
var notNegations = []string{"别人", "别的", "特别", "区别", "分别", "告别", "差不多", "不少", "不过"}

// withdrawable reports whether a threat cue or rule is one that an apology
// takes back: a threat against others, never a person who wants to die.
func withdrawable(cue, rule string) bool {
	return rule == "threat" || rule == "arson-threat" || strings.Contains(cue, "威胁") || cue == "同归于尽" // a threat against another too
}

// withdrawn reports whether the threat at s[at:] was taken back later in
// the text (他已经上门道歉了, 说是气话) or never acted on (从来没动过手).
func withdrawn(s string, at int) bool {
	return containsAffirmed(headBytes(s[at:], maxSentenceBytes), apologies) ||
		containsAny(sentenceBefore(s, at)+headBytes(s[at:], maxSentenceBytes), games) || neverActed(s)
}

// resolveEmergency picks the number from the hits of each number. Fire,
// gas, collapse and rescue (119) come first, then an illness or injury
// (120), then the police (110), then a road accident (122), with two
// exceptions where the cause decides: violence (110) when the 119 hit is
// the blow itself or a person locked in by the attacker, and a road
// accident (122) when someone is hurt or trapped in it. Then the other
// numbers that help go into Also: 120 for the injured (in a fire, a
// collapse, a wreck or a fight), 119 for someone trapped in the wreck, 110
// for a suicide attempt; and the numbers the picked rule always needs
// (emergRuleDef.with: 120 for someone felled by leaking gas, 119 for
// petrol poured at a door), named by the same words when no other hit
// named them.
func (x *Extractor) resolveEmergency(hits [4]emergHit) *Emergency {
	h119, h120, h110, h122 := hits[0], hits[1], hits[2], hits[3]
	violent := h110.rule != "" && violence(h110)
	road := h122.rule != ""
	var pick emergHit
	var also []emergHit
	switch {
	case h119.rule != "" && !(violent && subsumedByViolence(h119)) && !(road && rescue(h119)):
		pick = h119
		also = append(also, h120) // someone hurt in the fire, the water or the wreck
	case violent:
		pick = h110
		also = append(also, h120)
	case road && (h119.rule != "" || h120.rule != "" || h110.cue == "救命"):
		// someone hurt, trapped or crying for help in the wreck
		pick = h122
		also = append(also, h119, h120)
	case h120.rule != "":
		pick = h120
		also = append(also, h110) // the police for a suicide attempt
	case h110.rule != "":
		pick = h110
	case road && h122.rule != RuleRoadCollision:
		pick = h122 // a collision pattern alone does not say anyone is hurt
	default:
		return nil
	}
	em := &Emergency{Number: pick.number, Reply: x.emergReply[pick.number], Cue: pick.cue, Rule: pick.rule}
	for _, a := range also {
		if a.rule != "" {
			em.Also = append(em.Also, AlsoCall{Number: a.number, Cue: a.cue, Rule: a.rule})
		}
	}
	for _, n := range pick.with {
		if n != pick.number && !slices.ContainsFunc(em.Also, func(a AlsoCall) bool { return a.Number == n }) {
			em.Also = append(em.Also, AlsoCall{Number: n, Cue: pick.cue, Rule: pick.rule})
		}
	}
	return em
}
