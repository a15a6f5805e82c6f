package nlp

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Frames of a cue's clause: the structure around a cue that says whether
// it tells of a person in danger now. Word lists of whole messages (the
// discounts in emergency.go) learn the traps they were written for; these
// look at how the clause is built, so that they carry to wordings nobody
// listed: a time that starts an illness still going on (三天前开始发烧), a
// comparison (跟要爆炸似的), a feeling's degree with a wish (气得他要杀人),
// a lesson (要学…急救吗), a long illness with nothing new (哮喘十几年了，雾霾
// 天就喘不上气), a thing or an animal that was hit with no person named,
// a rumour of what someone is about to do (听说楼顶有人要跳楼: still 110).
// A present sign beats the frames that are about time: 之前也晕过，现在又叫不醒了.

// onsets right after a past marker make it the start of something still
// going on: 三天前开始发烧, 从昨天起, 昨晚开始的火.
var onsets = []string{"开始"}

// pastFrame reports whether sent puts what it tells in the past: a date,
// or a past marker that is not the onset of something still going on.
func pastFrame(sent string) bool {
	if dateRe.MatchString(sent) {
		return true
	}
	for _, m := range pastMarkers {
		for off := 0; ; {
			i := strings.Index(sent[off:], m)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(m)
			if m == "之前" && hasSuffixAny(sent[:at], []string{"来", "到"}) {
				continue // 救护车来之前: not yet
			}
			if !onsetAt(sent[off:]) {
				return true
			}
		}
	}
	return false
}

// onsetAt reports whether rest, the text right after a past marker, starts
// something that goes on: 起 or 以来 right away (从昨天起), or 开始 within
// six characters of its clause (三天前开始, 昨天晚上开始).
func onsetAt(rest string) bool {
	if hasPrefixAny(rest, []string{"起", "以来"}) {
		return true
	}
	return containsAny(clauseAfter(headRunes(rest, 6), 0), onsets)
}

// comparisonOpen and comparisonClose frame a cue as a comparison: 跟要爆炸
// 似的, 像要打人一样, 简直就是抢劫.
var (
	comparisonOpen  = []string{"跟", "像", "好像", "仿佛", "如同", "好比", "犹如", "就像", "简直"}
	comparisonClose = []string{"似的", "一样", "一般", "似地", "差不多"}
	// figureWords anywhere in the cue's clause before it make it a
	// figure on their own: 简直是抢劫, 跟抢钱一样.
	figureWords = []string{"简直", "跟抢", "像抢"}
)

// comparison reports whether the cue at s[start:end] is inside a
// comparison or a figure in its clause.
func comparison(s string, start, end int) bool {
	before := clauseBefore(s, start)
	if containsAny(before, figureWords) {
		return true
	}
	// A pattern's match may hold the comparison's opening itself: 电梯天天
	// 响，跟要掉下去似的.
	if !containsAny(tailRunes(clauseBefore(s, end), 8+utf8.RuneCountInString(s[start:end])), comparisonOpen) {
		return false
	}
	return containsAny(headRunes(clauseAfter(s, end), 6), comparisonClose)
}

// A degree (V得: 气得, 磨蹭得, 吵得) followed by a wish or a near thing
// before the cue in its clause (气得他要杀人, 磨蹭得我快要心梗了) says how
// strong a feeling is. Pain, fever, cold and smoke (疼得, 烧得, 冻得, 呛得:
// signVerbs) are signs, not figures.
var feelingWishes = []string{"要", "想", "快", "恨不得", "差点", "都快", "直想"}

// feelingFigure reports whether the cue at s[start:end] says how strong a
// feeling is: a feeling's degree, then a wish, within eight characters of
// the cue in its clause; the wish may open the cue itself (吵得人想死, 累得
// 快不行了). A smell, dust or fumes that choke (味道熏得人喘不上气) are a
// nuisance, told with a sign's verb.
func feelingFigure(s string, start, end int) bool {
	before := clauseBefore(s, start)
	i := strings.LastIndex(before, "得")
	if i < 0 {
		return false
	}
	between := before[i+len("得"):]
	verb, _ := utf8.DecodeLastRuneInString(before[:i])
	if strings.ContainsRune(notDegrees, verb) {
		return false // 觉得他要不行了 is no degree
	}
	if strings.ContainsRune(signVerbs, verb) {
		return nuisance(s, start) // 疼得快要晕过去了 is a sign
	}
	if strings.ContainsRune("闷热晒", verb) && strings.Contains(before[:i], "天") && !containsAny(s, nuisanceAlarm) {
		return true // 这天闷得喘不过气来: the weather
	}
	return utf8.RuneCountInString(between) <= 8 && (containsAny(between, feelingWishes) || hasPrefixAny(s[start:end], feelingWishes))
}

// feelingsTo are a feeling's degree told with 到 (气到吐血, 被虐到心梗):
// a figure right before the cue, the wish between allowed (气到快吐血).
// Pain and fear are no figures (疼到晕过去, 吓到心脏病犯了).
var (
	feelingsTo   = []string{"气到", "虐到", "笑到", "累到", "烦到", "急到", "愁到", "郁闷到", "憋屈到", "忙到", "卷到", "馋到", "无语到", "尴尬到", "感动到"}
	feelingToGap = []string{"快要", "快", "要", "都", "直接", "差点"}
)

// collapses are a cue that no feeling's degree makes a figure: 累到晕倒了
// is a person down.
var collapses = []string{"晕倒", "晕过去", "晕了", "昏", "倒地", "倒在", "不省人事", "休克", "没了意识", "没意识"}

// feelingTo reports whether the cue at s[start:] follows a feeling's
// degree told with 到, unless the cue is a collapse.
func feelingTo(s string, start int) bool {
	if hasPrefixAny(s[start:], collapses) {
		return false
	}
	before := clauseBefore(s, start)
	for _, g := range feelingToGap {
		if strings.HasSuffix(before, g) {
			before = strings.TrimSuffix(before, g)
			break
		}
	}
	return hasSuffixAny(before, feelingsTo)
}

// nuisances are smells, dust and fumes: what they choke (臭味熏得人喘不上气)
// is a complaint about the air, unless a gas or a fire is named or
// someone is down (breathing cues then count: 化工厂的味道熏得好几个人晕倒了).
var (
	nuisances     = []string{"味道", "臭味", "臭气", "异味", "气味", "油烟", "粉尘", "灰尘", "扬尘", "废气", "尾气", "垃圾", "臭"}
	nuisanceAlarm = []string{"煤气", "燃气", "天然气", "液化气", "毒气", "氨气", "氯气", "硫化氢", "农药", "焦糊", "着火", "起火", "冒烟",
		"晕", "倒", "叫不醒", "没反应", "昏", "发紫", "救命", "不省人事", "抽", "吐", "炸", "火"}
)

// nuisanceText reports whether the whole text complains of a nuisance in
// the air with a degree (粉尘呛得人喘不上气) and nothing alarming: the
// model's counterpart of nuisance.
func nuisanceText(s string) bool {
	return strings.Contains(s, "得") && containsAny(s, nuisances) && !containsAny(s, nuisanceAlarm)
}

// nuisance reports whether the degree before the cue at s[start:] is told
// of a nuisance in the air.
func nuisance(s string, start int) bool {
	return containsAny(sentenceBefore(s, start), nuisances) && !containsAny(s, nuisanceAlarm)
}

// signVerbs before 得 make a degree a sign of illness or injury (疼得,
// 烧得, 冻得, 憋得), not a figure; notDegrees hold 得 in another sense
// (觉得, 记得, 免得).
const (
	signVerbs  = "疼痛烧烫冻憋呛熏喘晕吐流肿抖抽昏咳拉"
	notDegrees = "觉记晓懂舍显获取值使免只总难省非"
)

// lessonVerbs before a cue in its clause make it what someone learns or
// teaches: 要学交通事故急救吗, 教孩子们溺水自救. The nouns that hold them
// (学生, 上学, 教室, 教练) are not verbs.
var (
	lessonVerbs    = []string{"学", "教"}
	lessonNounNext = []string{"生", "校", "院", "期", "费", "历", "区", "堂", "年", "科", "室", "师", "练", "授", "育", "楼", "员", "会"}
	lessonNounPrev = []string{"上", "放", "开", "同", "大", "小", "中", "留", "逃", "退", "助", "宗", "家", "请", "指", "领", "国"}
)

// lesson reports whether a verb of learning or teaching governs the cue
// at s[start:] (within four characters before it: 学交通事故急救, not 学游泳的
// 时候溺水了), or its sentence asks where to sign up.
func lesson(s string, start, end int) bool {
	if words := []string{"报名", "报个名", "培训班"}; containsAny(sentenceBefore(s, start)+sentenceAfter(s, end), words) && !suddenAfter(sentenceBefore(s, start), words) {
		return true
	}
	clause := clauseBefore(s, start)
	before := tailRunes(clause, 4)
	cut := len(clause) - len(before) // the noun's first character may lie before the tail: 同|学宿舍里
	for _, v := range lessonVerbs {
		for off := 0; ; {
			i := strings.Index(before[off:], v)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(v)
			if hasPrefixAny(before[off:], lessonNounNext) || hasSuffixAny(clause[:cut+at], lessonNounPrev) {
				continue
			}
			return true
		}
	}
	return false
}

// chronicMarkers in a 120 cue's sentence make it a long illness (哮喘十几年
// 了, 瘫痪好多年, 一到冬天就喘不上气): a matter for care, a subsidy or a
// doctor, unless the text tells of something new (acuteSigns).
var (
	chronicMarkers = []string{"多年", "十几年", "几十年", "好几年", "十多年", "二十多年", "年了", "常年", "长年", "老毛病",
		"慢性", "从小就", "病史", "一到冬天", "一到夏天", "一到晚上", "每到", "每逢", "一变天", "阴天下雨"}
	acuteSigns = []string{"现在", "刚才", "刚刚", "突然", "正在", "这会儿", "此刻", "眼下", "今天", "今早", "今儿", "今晚",
		"这回", "这次", "又", "越来越", "快来", "赶紧", "救命", "快点", "叫不醒", "没反应", "不省人事", "昏迷"}
)

// chronic reports whether the 120 cue at s[start:end] is a long illness
// told with nothing new.
func chronic(s string, start, end int) bool {
	sent := sentenceBefore(s, start) + s[start:end] + sentenceAfter(s, end)
	return containsAny(sent, chronicMarkers) && !containsAny(s, acuteSigns)
}

// noHarmRe says nobody was hurt (没砸着人, 没伤到人, 人都在屋里没事, 没人受
// 伤, 好在是个废井): a
// collapse, a blow or a crash told so is damage to report, not a danger to
// a person. A fire or a gas leak still counts until it is out.
var noHarmRe = regexp.MustCompile(`(没|没有|未)(砸|伤|压|撞|碰|烧|炸|砸伤|压伤)(着|到|了)?人|人(都|也|倒是|倒)?` + clauseGap + `{0,6}没(事|受伤|伤着|伤到)|(没|没有|无)人(受伤|伤亡|被砸|被压)|` +
	`(好在|幸亏|幸好)` + clauseGap + `{0,8}(没人|没有人|是个?废|空着|没住人)|` +
	`没有人受伤|无人员伤亡|没有人员伤亡|未造成人员伤亡|没造成人员伤亡|人员无伤亡|` +
	`(车上|车里|屋里|里面|家里)(没|没有)人|人不在(车|屋|家|里)`)

// fireOrGas are the cues a "nobody hurt" does not end: the fire or the gas
// is still a danger.
var fireOrGas = []string{"火", "烟", "燃", "烧", "爆", "炸", "气", "漏", "电"}

// noHarm reports whether the text says nobody was hurt by the event cue
// c, when c is no fire, gas or live wire.
func noHarm(s string, c emergCue) bool {
	return !strings.ContainsAny(c.cue, strings.Join(fireOrGas, "")) && toldNoHarm(s)
}

// stillMissing says someone is still in the danger, whatever else was
// spared: 没伤着人是好事，可是塌下来的房子里还有一个人没找到.
var stillMissing = []string{"还有人", "还有一个人", "还有个人", "还有俩人", "还有两个人", "没找到", "找不着人", "找不到人",
	"没出来", "出不来", "没救出来", "还压着", "还埋着", "还困着", "还在里面", "还在里头"}

// toldNoHarm reports whether s says nobody was hurt and nobody is still
// missing in the danger.
func toldNoHarm(s string) bool {
	return mayTellNoHarm(s) && noHarmRe.MatchString(s) && !containsAny(s, stillMissing)
}

// mayTellNoHarm is noHarmRe's prefilter: every match holds one of these.
func mayTellNoHarm(s string) bool {
	return strings.ContainsAny(s, "没无未") || containsAny(s, []string{"好在", "幸亏", "幸好", "不在"})
}

// imminent words right before a cue make a rumour of it something about
// to happen: 听说楼顶有人要跳楼 is worth the police even second hand.
var imminent = []string{"要", "正要", "想要", "正在", "在", "准备", "打算"}

// rumourNowAt reports whether the cue at s[start:] is a rumour of
// something about to happen now: an imminent word right before it and no
// past in its sentence.
func rumourNowAt(s string, start int) bool {
	return hasSuffixAny(clauseBefore(s, start), imminent) && !pastFrame(sentenceBefore(s, start))
}

// suicideActs are the state cues that name an act rather than a wish (有人
// 跳楼, 自杀): told in the past (之前小区有人跳楼) they are over; a wish to
// die (不想活了, 想死) counts however it is told.
var suicideActs = []string{"跳楼", "自杀", "轻生", "寻短见", "要跳河"}

// falls are the state patterns that name an act too (fall-into-pit: 掉进
// 井里): 前年有个老汉掉进机井里没了 is over; the well left open is a hazard
// for the office.
var falls = []string{"掉进", "掉入", "跌入", "跌进", "坠入", "落入"}

// pastAct reports whether the state cue at s[start:end] is an act told in
// the past with no present marker after the past one in its sentence, nor
// after the cue in its clause (之前有人跳楼，到现在门还不锁 is a complaint).
func pastAct(s string, start, end int) bool {
	cue := s[start:end]
	if !containsAny(cue, suicideActs) && !containsAny(cue, falls) {
		return false
	}
	return pastFrame(sinceLastPresent(sentenceBefore(s, start)+cue)) && !containsAny(clauseAfter(s, end), presentMarkers)
}

// headRunes and tailRunes return at most n characters of s from its start
// or its end.
func headRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func tailRunes(s string, n int) string {
	i := len(s)
	for n > 0 && i > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

// animalCountRe is a number of animals killed or things broken (压死二十多
// 只鸡, 砸坏了好几辆车): with no person named in the sentence, an event told
// with it happened to animals or things.
var animalCountRe = regexp.MustCompile(`(死|伤|坏|扁|瘪|毁)了?好?[0-9一二三四五六七八九十两几多百来]+(只|头|条|匹|窝|辆|台|部|间|棵|块)`)

// animalsOnly reports whether the event at s[start:end] is told only of
// animals killed or hurt after it in its sentence, with no person named.
func animalsOnly(s string, start, end int) bool {
	if strings.ContainsAny(s[start:end], strings.Join(fireOrGas, "")) {
		return false // a fire burns on whatever it killed
	}
	after := sentenceAfter(s, end)
	return animalCountRe.MatchString(after) && !containsAny(sentenceBefore(s, start)+after, animalPeople) && !strings.Contains(after, "人")
}

// realNotDrill words make a drill's word the setting of a real danger:
// 演练的时候真着火了, 这不是演习.
var realNotDrill = []string{"不是演习", "不是演练", "不是模拟", "真着火", "真的着火", "真起火", "真的起火", "真出事", "真的出事",
	"演习结束", "演练结束", "演习早就结束", "演练早就结束", "演习早结束", "演练早结束", "不是在演"} // 演习早就结束了，这是真的

// drillWords are the hypotheticals that name an exercise: with
// realNotDrill in the text they are the setting, not the frame.
var drillWords = []string{"演练", "演习", "模拟"}

// comparisonRe is a comparison inside a sentence (就像电影里演的一样): what
// it names is a likeness, not where the story comes from.
var comparisonRe = regexp.MustCompile(`(就像|好像|像|跟|如同)` + clauseGap + `{0,10}(一样|似的|一般)`)

// hearsaid reports whether sent tells its story as news or hearsay
// (hearsay words outside a comparison).
func hearsaid(sent string) bool {
	return containsAny(sent, hearsay) && containsAny(comparisonRe.ReplaceAllString(sent, ""), hearsay)
}

// someday words make a threat to kill no less a threat: 他说早晚要杀了我 is
// said now, whenever he means to do it. Other hypotheticals (要是, 万一)
// still discount it.
var (
	someday   = []string{"早晚", "迟早", "总有一天"}
	killWords = []string{"杀", "砍", "弄死", "打死", "搞死"}
)

// turns are words that tell what comes after them as happening now, set
// against what came before in the sentence: 看新闻说过这种事，没想到真碰上了，
// 一个工人倒在工地上; 上回的医药费还没报，这回又叫不醒了. A discount of the
// whole sentence (news, a claim, a drill, a death, a matter settled) said
// before the last of them does not reach a cue after it.
var turns = []string{"没想到", "谁知道", "谁想到", "真碰上了", "真让我碰上", "真让俺碰上", "真的发生了", "真出事了",
	"刚才", "刚刚", "这会儿", "此刻", "这回", "这次又", "现在"} // 保险的事先不说了，我媳妇现在大出血

// sentenceFrom returns the part of the sentence before s[start:] that is
// in force for a cue there: all of it, or what follows its last turn.
func sentenceFrom(s string, start int) string {
	sent := sentenceBefore(s, start)
	cut := -1
	for _, t := range turns {
		if i := strings.LastIndex(sent, t); i >= 0 && i+len(t) > cut {
			cut = i + len(t)
		}
	}
	if cut < 0 {
		return sent
	}
	return sent[cut:]
}

// suddens tell something that broke out: after a lesson's or a drill's
// word they make its setting, not its subject (刚才在培训班上课，一个学员
// 突然倒下去了; 演练的时候真有人打起来了).
var suddens = []string{"突然", "忽然", "猛地", "一下子", "冷不丁", "真有人", "真的有人", "真打起来", "真出了事"}

// suddenAfter reports whether sent, the sentence before a cue, tells a
// sudden onset after the last of words in it.
func suddenAfter(sent string, words []string) bool {
	cut := -1
	for _, w := range words {
		if i := strings.LastIndex(sent, w); i >= 0 && i+len(w) > cut {
			cut = i + len(w)
		}
	}
	return cut >= 0 && containsAny(sent[cut:], suddens)
}

// losses after a collapse tell what was lost (大棚让雪压塌了，菜全毁了):
// with no person named anywhere in the text (victims), it is damage to
// report, not someone under it.
var (
	losses = []string{"毁了", "全毁", "损失", "绝收", "白种", "砸坏", "压坏", "压扁", "砸扁", "泡了", "淹了", "没收成",
		"没法摆", "没法用", "不能用"} // not 没法过, 全完了: 这日子没法过了 is despair
	// a collapse measured in pieces or metres is of a thing: 路被大车压塌了好几块
	pieceRe = regexp.MustCompile(`^了?好?[0-9一二三四五六七八九十两几多]+(块|处|段|米|截)`)
	victims = []string{"人", "孩子", "小孩", "娃", "压着", "压住", "埋", "困", "伤", "血", "救", "叫", "喊", "出不来", "没出来"}
)

// thingsOnly reports whether the collapse at s[start:end] is told only as
// a loss of things.
func thingsOnly(s string, start, end int) bool {
	cue := s[start:end]
	if !strings.ContainsAny(cue, "塌倒垮") || strings.ContainsAny(cue, strings.Join(fireOrGas, "")) {
		return false
	}
	return (containsAny(sentenceAfter(s, end), losses) || pieceRe.MatchString(s[end:])) && !containsAny(s, victims)
}

// A cue followed by a time of its own (以后, 的时候, within four
// characters of it in its clause) and a question of what
// to do is asked in general: 被毒蛇咬伤以后应该怎么处理, 煤气泄漏的时候该
// 先做什么. A word of now or a call for help makes it a question asked in
// the danger (刚才被蛇咬了以后该怎么办), and so does a 了 (落水了以后一直没
// 上来); 怎么办 is what people in danger ask too.
var (
	howToTimes = []string{"以后", "之后", "后", "的时候", "时候", "时"}
	howToAsks  = []string{"应该", "该怎么", "该如何", "怎么处理", "如何处理", "怎样处理", "如何", "怎样", "怎么做", "注意什么", "做什么"}
	howToNow   = []string{"现在", "刚才", "刚刚", "正在", "这会儿", "快来", "救命", "赶紧", "快点", "叫不醒", "不行了"}
)

// howTo reports whether the cue at s[start:end] is the condition of a
// question asked in general.
func howTo(s string, start, end int) bool {
	after := clauseAfter(s, end)
	head := headRunes(after, 4)
	return containsAny(head, howToTimes) && !strings.Contains(head, "了") && containsAny(sentenceAfter(s, end), howToAsks) && !containsAny(s, howToNow)
}

// storyDated reports whether s dates its whole story in the past in a
// sentence of its own (上周的事, 这是去年的事了, 前几天发生的), with nothing
// new after (刚才, 正在: modelNow).
func storyDated(s string) bool {
	if !strings.Contains(s, "的事") && !strings.Contains(s, "发生的") {
		return false
	}
	for _, m := range pastMarkers {
		if strings.Contains(s, m+"的事") || strings.Contains(s, m+"发生的") {
			return !containsAny(s, modelNow)
		}
	}
	return false
}

// thingsOnlyText reports whether the whole text tells a collapse that lost
// only things: thingsOnly for the model, which has no cue.
func thingsOnlyText(s string) bool {
	return strings.ContainsAny(s, "塌垮") && containsAny(s, losses) && !containsAny(s, victims)
}

// thingHitRe is a thing a vehicle hit or broke (路灯杆被车撞断了, 把桥的栏杆
// 撞掉了一截): with nobody named as hurt (hitVictims) it is damage.
var (
	thingHitRe = regexp.MustCompile(`(` + strings.Join(thingsHit, "|") + `)` + clauseGap + `{0,4}撞(掉|断|坏|歪|倒|弯|塌|碎|烂|飞|翻)`)
	hitVictims = []string{"有人", "行人", "路人", "人被", "被压", "压着", "受伤", "伤", "血", "孩子", "小孩", "老人", "卡在", "困", "救命", "叫不", "不动"}
)

// thingHit reports whether s tells of a thing hit by a vehicle and of no
// person hurt.
func thingHit(s string) bool {
	return strings.Contains(s, "撞") && thingHitRe.MatchString(s) && !containsAny(s, hitVictims)
}

// A fire believed (以为, before the cue in its clause) and then found to be
// something else after it (原来是, 一看是) is a mistake: 我以为楼下着火了，下
// 去一看是有人在烧纸. Only for fire and smoke: a poison taken for a drink
// (把农药当成酒喝了) is the classic poisoning.
var (
	beliefs     = []string{"以为", "还当是", "当是"}
	corrections = []string{"原来是", "一看是", "其实是", "结果是", "才知道是", "才发现是", "看清是", "原来在"}
)

// mistaken reports whether the cue at s[start:end] is a belief corrected
// after it.
func mistaken(s string, start, end int) bool {
	return containsAny(clauseBefore(s, start), beliefs) && containsAny(s[end:], corrections)
}

// Pretence: a cue inside play, a performance or a prank (假装落水喊救命, 演员
// 在台上喊救命, 过家家说弟弟被车撞了, 手机外放的视频里喊着火了) is nobody in danger.
// Only words of pretending count, not play as such: 孩子们玩捉迷藏，一个钻进
// 冰柜出不来了 is a child trapped. Issue 11 item 2, fourth false-alarm round.
var (
	pretences = []string{"假装", "装死", "装晕", "装作", "装鬼", "是装的", "装出来的", "摆拍", "演戏", "演员", "排练", "话剧", "拍戏", "拍短剧",
		"闹着玩", "逗着玩", "开玩笑", "过家家", "恶作剧", "动画片", "外放"}
	// realPlay says the play turned real: 演着演着真晕倒了, 不是闹着玩的.
	realPlay = []string{"真", "不是闹着玩", "不是开玩笑", "不是装", "不是演", "没在演", "玩着玩着", "演着演着"}
)

// playHarm are words of a real harm or a setting in play's sentence: an
// actor who fell at a rehearsal and does not move (排练的时候从台上摔下来了，
// 一动不动) is hurt, whatever the play; so is someone still in a fire a
// shoot lit (拍戏用的烟饼把民房点着了，屋里有个老太太出不来: stillMissing).
var playHarm = []string{"的时候", "过程中", "中途", "一动不动", "不动了", "血", "叫不醒", "没反应", "昏迷", "骨折", "摔断", "喘不上气",
	"抽搐", "送医院", "救护车来", "快来", "点着", "烧着", "烧起来", "着起来"}

// believedReal is what onlookers took for real (都以为是真的): no turn.
var believedReal = []string{"以为是真的", "当真了", "当成真的"}

// pretended reports whether sent, the sentence in force for a cue, tells
// it as pretence, with nothing saying it turned real.
func pretended(sent string) bool {
	return containsAny(sent, pretences) && !containsAny(withoutAny(sent, believedReal), realPlay) && !containsAny(sent, suddens) &&
		!containsAny(sent, playHarm) && !containsAny(sent, stillMissing)
}

// Labels: a cue a product's label, manual, notice or recall warns of (说明
// 书上写着…可能引起火灾, 召回通知说…可能烫伤人, 农药瓶上写着剧毒误服致死) is a
// hazard in general, a matter for the market regulator. A label word in the
// cue's clause before it (写着, 印着, 贴着), or a label in its sentence with
// a word of possibility before the cue in its clause (可能, 容易, 导致), makes
// the frame; a turn to the present (现在屋里全是烟) ends the sentence's label.
var (
	labelVerbs    = []string{"写着", "印着", "贴着", "标着", "注明", "写的是"}
	labels        = []string{"说明书", "标签", "包装", "警示", "召回", "铭牌", "注意事项", "使用须知", "告示", "提示"}
	possibilities = []string{"可能", "容易", "易", "会导致", "导致", "引发", "引起", "造成", "否则", "有风险", "危险"}
)

// labelWarning reports whether the cue at s[start:] is a warning of a
// label or a notice.
func labelWarning(s string, start int) bool {
	clause := clauseBefore(s, start)
	if containsAny(clause, labelVerbs) && !containsAny(clause, presentMarkers) {
		return true
	}
	return containsAny(sentenceFrom(s, start), labels) && containsAny(clause, possibilities)
}

// Sayings corrected: a cue in what someone keeps saying or wrote (逢人就说我家
// 要着火, 日记里写差点被车撞死) followed by what was really so (其实, 就因为,
// 问了才知道) is no danger, unless the text turns to the present or says it
// is true this time (其实这次是真疼).
var (
	sayings      = []string{"逢人就说", "见人就说", "跟人说", "跟街坊说", "跟邻居说", "老说", "总说", "老是说", "总是说", "日记里写", "作文里写", "日记上写", "作文里说"}
	sayingsFixed = []string{"其实", "就因为", "问了才知道", "才知道是", "原来是", "根本没", "是编的", "瞎说", "瞎编", "骗人的"}
)

// sayingCorrected reports whether the cue at s[start:end] is in a saying
// corrected after it.
func sayingCorrected(s string, start, end int) bool {
	if !containsAny(sentenceBefore(s, start), sayings) {
		return false
	}
	rest := s[end:]
	return containsAny(rest, sayingsFixed) && !containsAny(rest, presentMarkers) && !containsAny(rest, realPlay)
}

// A counterfactual: a cue told as what would happen if it really came (真有人
// 心脏骤停了根本拿不到, 真着火了都没法用) opens its clause with 真 and is followed
// in its sentence by what could not be done; a real danger told with 真 (演练的
// 时候真着火了, 现在楼道里真的冒烟了) has no such consequence.
var (
	counterOpen  = []string{"真", "真要", "真有人", "要是真", "万一真", "真要是"}
	consequences = []string{"都没法", "也没法", "根本", "都来不及", "也来不及", "怎么办", "咋办", "咋整", "就完了", "谁负责", "谁管",
		"跑不出去", "拿不到", "用不了", "都白搭", "就麻烦", "抬不下来", "进不来", "过不去"}
)

// counterfactual reports whether the cue at s[start:end] is what would
// happen if it really came.
func counterfactual(s string, start, end int) bool {
	before := clauseBefore(s, start)
	return hasPrefixAny(before, counterOpen) && utf8.RuneCountInString(before) <= 6 &&
		containsAny(headRunes(sentenceAfter(s, end), 14), consequences) && !containsAny(sentenceBefore(s, start), presentMarkers)
}

// A prank found out: a cue (有人喊着火了) after which the text says what it
// turned out to be (结果是有人恶作剧, 原来是误报), with nobody hurt or still in
// danger after it.
var (
	pranks    = []string{"恶作剧", "闹着玩", "开玩笑", "误报", "谎报", "假警", "虚惊", "假的"}
	harmAfter = []string{"血", "不动", "叫不醒", "没反应", "受伤", "伤了", "踩踏", "送医院", "晕"}
)

// pranked reports whether the cue ending at s[end] is found out after it
// as a prank or a false alarm.
func pranked(s string, end int) bool {
	rest := s[end:]
	if containsAny(rest, stillMissing) || containsAny(rest, harmAfter) {
		return false
	}
	for _, c := range corrections {
		if i := strings.Index(rest, c); i >= 0 && containsAny(headRunes(rest[i+len(c):], 10), pranks) {
			return true
		}
	}
	return false
}

// Cries for help that are no cry (issue 11 item 2, the false alarms by
// class in the writers' cross-validation, 2026-12-03 evening). 救命
// standing alone at a message's start, before a matter that names nobody
// and no harm (救命 我的社保卡密码锁了, 救命啊 这个小程序老闪退), is a sigh
// over a chore; children's or players' 喊救命 in a game, heard as noise or
// told as laughed at (小孩玩警察抓小偷 一个劲喊救命 吵得睡不着), is play.
var (
	// helpCryOpen are what may follow the opening 救命 before the matter.
	helpCryOpen = []string{"救命", "啊", "呀", "啦", "哇", "了", "！", "!", "~", "～", "，", ",", "。", " "}
	// helpCryMatter are words of a person or a harm: after an opening 救命
	// any of them keeps the cry (救命 我被锁在屋里, 救命 有人跟着我).
	helpCryMatter = []string{"人", "我被", "孩子", "小孩", "娃", "他", "她", "爸", "妈", "爷", "奶", "姥", "儿", "闺女", "老婆", "老公", "媳妇",
		"血", "刀", "枪", "火", "烟", "水", "倒", "不动", "困", "掉", "追", "跟着", "跟踪", "打我", "打人", "被打", "打死", "殴打", "打起来", "砸", "杀", "抢", "偷", "骗", "快来", "快点", "赶紧",
		"疼", "痛", "晕", "喘", "气", "门", "车", "撞", "摔", "跳", "药", "毒", "电", "关在", "出不", "要死", "快死", "不行了", "在哪", "不知道"}
	// playWords set a sentence in a game; playTold tells the game's cries
	// as noise, laughter or a likeness of the real thing.
	playWords = []string{"玩", "游戏", "打仗", "水枪", "抓小偷", "过家家", "捉迷藏", "打闹"}
	playTold  = []string{"吵得", "吵死", "太吵", "吵人", "睡不着", "睡不成", "扰民", "跟真的一样", "像真的一样", "哈哈", "笑死"}
	// playHurt are words of someone really hurt or lost in the game.
	playHurt = []string{"血", "伤", "不动", "倒", "掉", "水里", "不见", "找不着", "找不到", "出不来", "叫不", "喊不", "没气", "真被", "真的被", "真掉", "真出事",
		// by the water a cry may be drowning; a child gone is lost
		"河边", "塘边", "湖边", "池塘", "水库", "河里", "井边", "江边", "海边", "人没了"}
)

// shouts right before a cue make it something cried out (又喊着火了): in a
// game told as noise, play (playedHelp).
var shouts = []string{"喊", "喊着", "叫着", "嚷着", "嚷嚷", "喊了声", "喊了一声", "大喊"}

// sighedHelp reports whether the 救命 at s[start:end] opens the message
// before a matter with no person and no harm in it.
func sighedHelp(s string, start, end int) bool {
	if strings.TrimSpace(s[:start]) != "" {
		return false
	}
	rest := s[end:]
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range helpCryOpen {
			if strings.HasPrefix(rest, w) {
				rest, trimmed = rest[len(w):], true
			}
		}
	}
	return utf8.RuneCountInString(rest) >= 4 && !containsAny(rest, helpCryMatter)
}

// playedHelp reports whether the cry at s[start:end] is cried in a game
// told as noise or laughter, with nobody hurt or lost.
func playedHelp(s string, start, end int) bool {
	sent := sentenceBefore(s, start) + s[start:end] + sentenceAfter(s, end)
	return containsAny(sent, playWords) && containsAny(s, playTold) && !containsAny(s, playHurt)
}

// A wire that the text says is dead (issue 11 item 2, the false alarms by
// class): the power cut after the fallen or sparking wire (已经断电了, 供电所
// 来人把电掐了, 全小区停电了) with no one felled by it and no spark after the
// cut is damage to repair, not a live wire.
var (
	powerOffWords = []string{"断电了", "已经断电", "断了电", "停电了", "已经停电", "没电了", "已经没电", "把电掐了", "电掐了", "掐了电", "电也停了",
		"拉了闸", "拉闸了", "关了总闸", "关了电闸", "拉了电闸"}
	// powerOnAgain after the cut says the wire is live all the same.
	powerOnAgain = []string{"冒火花", "打火", "火花", "噼里啪啦", "滋滋", "冒烟", "着火", "烧起来"}
	// wireVictims are someone felled by or touching the wire.
	wireVictims = []string{"触电", "电着", "电到", "被电", "电打", "电倒", "倒在", "倒地", "躺", "趴", "不动", "叫不", "喊不", "晕", "抽", "没气", "烧伤", "碰上了", "摸到"}
	// notPowerOff are what holds a cut's words without the wire's power
	// being cut: a phone's battery, a plea to cut it.
	notPowerOff = []string{"手机快没电", "手机没电", "快没电", "快断电", "赶紧断电", "快拉闸", "赶紧拉闸"}
)

// deadWire reports whether the text after a live-wire match at s[:end]
// says the power is off, with nothing live after the cut and nobody hurt.
func deadWire(s string, end int) bool {
	rest := withoutAny(s[end:], notPowerOff)
	cut := -1
	for _, w := range powerOffWords {
		if i := strings.Index(rest, w); i >= 0 && !strings.ContainsAny(clauseBefore(rest, i), "不没未") {
			if i+len(w) > cut {
				cut = i + len(w)
			}
		}
	}
	return cut >= 0 && !containsAny(rest[cut:], powerOnAgain) && !containsAny(s, wireVictims)
}

// Threats never acted on (issue 11 item 2, the false alarms by class): a
// neighbour who says, drunk, he will take a knife to someone, told with
// 从来没动过手, is a matter for the police station to prevent, not a danger
// now, unless the text tells of this time (这回, 刚才, 正在), of a weapon
// held or a door blocked now (拿着菜刀在屋里转, 堵在门口), or of harm.
var (
	neverActedWords = []string{"没动过手", "没真动过手", "木有真动过手", "没有真动过手", "没动手", "没真动手", "没有动手", "没敢动手"}
	actedNow        = []string{"正在", "刚才", "刚刚", "这会儿", "这回", "这次", "现在他", "现在还", "真动手", "动手了", "打起来", "血", "伤", "砸门", "踹门", "追着", "救命", "快来",
		"堵在", "堵着", "守在", "在屋里转", "在门口转", "不敢开门", "不敢出门", "不敢回家"}
	// weaponHeldNowRe is a weapon in hand now: 拿着菜刀, 手里提着棍子.
	weaponHeldNowRe = regexp.MustCompile(`(拿|提|举|握|攥|抄|拎|挥|舞)(着|起)(一把|把)?(菜刀|砍刀|水果刀|刀子|刀|棍子|棒子|木棍|铁棍|钢管|斧子|斧头|铁锹|砖头|锤子|剪刀|枪|酒瓶)`)
)

// neverActed reports whether s says the threat was never acted on and
// tells nothing of now: no word of this time or of harm, no weapon in hand.
func neverActed(s string) bool {
	if !containsAny(s, neverActedWords) {
		return false
	}
	rest := withoutAny(s, neverActedWords)
	return !containsAny(rest, actedNow) && !weaponHeldNowRe.MatchString(rest)
}

// fakeBloods are blood that is none: a costume's, a film's, a sauce.
var fakeBloods = []string{"血浆", "假血", "番茄酱", "丧尸", "特效妆", "道具血", "扮成", "化妆成"}

// fakeBlood reports whether the cue at s[start:end] tells of blood the
// text says is fake (扮成丧尸 满脸是血, 拍武打戏 满街都是血浆).
func fakeBlood(s string, start, end int) bool {
	return strings.Contains(s[start:end], "血") && containsAny(s, fakeBloods) && !containsAny(s, realPlay)
}
