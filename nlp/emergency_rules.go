package nlp

import (
	"regexp"
	"slices"
	"strings"
)

// The emergency rules: the cue words and patterns of a danger to life now,
// and the number to call for each. The logic that applies them is in
// emergency.go; both are safety-critical and reviewed on their own.
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
		"锁在车里", "困在车里", "关在车里"},
	"120": {"昏迷", "晕倒", "昏倒", "不省人事", "没有呼吸", "没呼吸", "没了呼吸", "心脏病发", "心脏骤停", "心梗",
		"抽搐", "大出血", "喝农药", "服毒", "吃了安眠药", "煤气中毒", "一氧化碳中毒", "食物中毒", "集体中毒",
		"倒地不起", "倒在地上", "快不行了", "口吐白沫", "没有意识", "没意识", "休克", "受伤流血", "血流不止", "流血", "出血", "大量出血",
		"突发疾病", "急救", "病危", "生命垂危", "奄奄一息", "危在旦夕", "命悬一线", "生命危险", "重伤",
		"被狗咬", "狗咬伤", "咬伤", "被蛇咬", "蛇咬了", "毒蛇咬", "踩踏"},
	"110": {"打人", "打架", "斗殴", "持刀", "砍人", "拿刀", "抢劫", "抢包", "绑架", "家暴", "杀人", "闯入",
		"非法拘禁", "殴打", "正在偷", "入室盗窃", "威胁要杀", "被打了", "被打伤", "被打死", "被打成", "被打得",
		"被人打", "打伤", "砍伤", "打老婆", "打媳妇", "捅伤", "刺伤", "行凶", "持械", "械斗", "恶犬", "疯狗", "被拐", "救命", "捅人", "扎人", "开枪", "持枪", "挟持"},
	"122": {"车祸", "交通事故", "撞人", "撞车", "被车撞", "肇事逃逸", "翻车", "追尾", "撞伤", "撞死", "撞倒",
		"侧翻", "碾压"},
}

// builtinStates are plain-word state cues: a danger that is there now, or
// a person who says they want to die (110 sends help; any mention counts,
// even one told as past).
var builtinStates = map[string][]string{
	"119": {"摇摇欲坠", "危库", "溃坝", "决堤", "管涌", "砸穿"},
	"110": {"伤人", "跳楼", "轻生", "自杀", "寻死", "寻短见", "要跳河", "不想活了", "不想活下去", "活不下去", "想死",
		"活着没意思", "活着没劲", "活着没啥意思", "活着有什么意思", "活着还有什么意思", "不想活", "交代后事", "留了遗书", "写了遗书", "留下遗书",
		"同归于尽", "死给你们看", "死给他们看", "死给你看"},
}

// clauseGap is a gap inside one clause in the patterns below.
const clauseGap = `[^，。！？；,!?;\n]`

// emergRuleDefs are the state patterns; name says which rule fired (it is
// shown to the agent as Emergency.Rule). also, when set, must match
// somewhere in the text too; unless lists words that, in the rule's
// sentence, make it something else (危房改造 is a subsidy, not a danger).
var emergRuleDefs = []emergRuleDef{
	// Something about to collapse, fall, explode or burn.
	{"about-to-collapse", "119", `随时` + clauseGap + `{0,6}(倒塌|坍塌|垮塌|塌方|塌陷|塌下|掉下|砸下|掉落|坠落|断裂|爆炸|起火|着火|火灾|溃坝|决堤|滑坡|泥石流|出人命|伤人|触电)`, "", nil, false, nil},
	{"dangerous-building", "119", `([A-Da-d][a-z]{0,3}|[一二三四])级危(房|楼)`, "", []string{"改造", "补助", "补贴", "申请", "拆除", "标准"}, false, nil},
	{"dangerous-building", "119", `(住|住着|住在|居住)` + clauseGap + `{0,8}危(房|楼)`, "", []string{"改造", "补助", "补贴", "申请"}, false, nil},
	{"dangerous-building", "119", `危(房|楼)` + clauseGap + `{0,8}(随时|险情|撤离|倒塌|坍塌|垮塌|掉天花板|掉下)`, "", nil, false, nil},
	{"cracked-structure", "119", `(墙体|墙面|外墙|承重墙|山墙|房屋|楼体|楼房|主体|横梁|大梁|梁柱|柱子|地基)` + clauseGap + `{0,6}(开裂|裂缝|裂开|裂纹|倾斜|下沉|沉降)`,
		`倒塌|垮塌|坍塌|塌下来|压死`, nil, false, nil},
	{"landslide", "119", `(山体|边坡|挡土墙|护坡|围墙|堤坝|大坝|尾矿库)` + clauseGap + `{0,4}(滑坡|垮塌|坍塌|倒塌|溃|决口|松动)`, "", nil, false, nil},
	{"falling-structure", "119", `(塔吊|脚手架|吊车|龙门架|电线杆|路灯杆)` + clauseGap + `{0,6}(倾斜|倒塌|倒了|垮|坍塌|摇晃|断了)`, "", []string{"出过", "过一次", "发生过", "出现过"}, false, nil},
	// A danger stated as such: 有砸伤学生的危险, 存在倒塌的危险.
	{"stated-danger", "119", `(有|存在)` + clauseGap + `{0,6}(砸伤|打伤|压伤|伤人|伤到|倒塌|坍塌|垮塌|触电|溺水|坠落|掉下去|砸到)` + clauseGap + `{0,8}危险`, "", nil, false, nil},
	// Lifts that fall (the lift is often named a clause before).
	{"lift-falling", "119", `电梯[^。！？!?\n]{0,20}(下坠|坠落|急坠|溜梯|冲顶|蹲底|失控|往下掉|掉下去|突然下滑)`, "", nil, false, nil},
	{"lift-falling", "119", `(下坠|坠落|往下掉|掉了|掉到|掉下)` + clauseGap + `{0,3}(几层|[0-9一二三四五六七八九十两]+层|[0-9一二三四五六七八九十两]+楼)`, `电梯|轿厢`, nil, false, nil}, // 皮都掉了一层 is no lift
	// Gas cylinders and pipes, dangerous chemicals.
	{"gas-cylinder", "119", `(报废|翻新|改装|过期|超期|不合格|私自充装|非法充装)` + clauseGap + `{0,8}(钢瓶|气瓶|煤气罐|液化气罐)`, "", nil, false, nil},
	{"gas-cylinder", "119", `(钢瓶|气瓶|煤气罐|液化气罐)` + clauseGap + `{0,8}(报废|翻新|改装|过期|超期|漏气|泄漏|泄露)`, "", nil, false, nil},
	{"gas-pipe", "119", `(燃气|天然气|煤气|液化气)(管道|管线|管子|管|阀门|表)` + clauseGap + `{0,6}(破裂|断裂|挖断|挖破|被挖|漏气|泄漏|泄露|漏了|在漏|裂了|呲气|嗤嗤)`, "", nil, false, nil},
	{"gas-leak", "119", `(燃气|天然气|煤气|液化气|毒气|氨气|氯气|化学品|危化品|有毒气体|硫化氢)` + clauseGap + `{0,4}(泄漏|泄露|外泄|外漏|漏出)`, "", nil, false, nil},
	// Live wires.
	{"live-wire", "119", `(电线|电缆|线路|插座|电箱|电表箱|配电箱|变压器)` + clauseGap + `{0,6}(裸露|外露|掉落|掉下来|垂落|垂下|断落|耷拉|拖地|泡在水|漏电|打火|冒火花|起火)`, "", sagging, false, nil},
	{"live-wire", "119", `(裸露|外露)` + clauseGap + `{0,4}(电线|电缆)`, "", nil, false, nil},
	{"live-wire", "119", `高压线` + clauseGap + `{0,6}(断了|断落|掉|垂|落地|打火)`, "", nil, false, nil},
	// Things falling on people.
	{"falling-objects", "119", `高空(坠物|抛物|掉落|落物)`, "", nil, false, nil},
	{"falling-objects", "119", `(楼上|窗外|阳台|楼顶)` + clauseGap + `{0,8}(扔|抛|丢)` + clauseGap + `{0,6}(下来|下去|下楼)`, "", lightLitter, false, nil},
	{"falling-objects", "119", `(往下|向下|朝下|往楼下)(扔|抛|丢|泼|砸)`, "", lightLitter, false, nil},
	// (A tree or sign that has already fallen is over unless it hit someone:
	// struck, trapped.)
	{"falling-objects", "119", `(广告牌|招牌|店招|空调外机|玻璃幕墙|幕墙|外墙瓷砖|外墙砖|外墙皮|枯树|大树)` + clauseGap + `{0,6}(松动|摇晃|晃来晃去|晃悠|晃荡|摇摇晃晃|脱落|掉落|掉下|砸下|坠落|砸)`, "", nil, false, nil},
	{"no-safety-net", "119", `(无|没有|没|未设|未挂|没挂|未做|未安装|缺少)` + clauseGap + `{0,4}(安全)?(防护|隔离)网`, "", []string{"有没有", "是否有", "能不能装", "想装", "想安装", "哪里能装", "哪里安装", "哪里有装"}, false, nil},
	{"no-safety-net", "119", `(防护|隔离)网` + clauseGap + `{0,4}(未做|没有|未挂|没挂|破损|缺失)`, "", nil, false, nil},
	// Falls into manholes, pits and water.
	{"fall-into-pit", "119", `井盖[^。！？\n]{0,20}(掉进|掉入|掉下去|摔伤|摔倒|跌入|跌倒|踩空|崴)`, "", nil, true, nil},
	{"fall-into-pit", "119", `(掉进|掉入|跌入|掉下|坠入|落入|跌进)` + clauseGap + `{0,3}(井|下水道|窨井|化粪池|深坑|坑里|沟里|河|水里|水塘|池塘|水库|江|湖)`, "", nil, false, nil},
	// Threats against a person.
	{"threat", "110", `(威胁|恐吓)` + clauseGap + `{0,10}人身安全`, "", nil, false, nil},
	{"threat", "110", `人身安全` + clauseGap + `{0,6}(受到|遭到|遭受)` + clauseGap + `{0,4}威胁`, "", nil, false, nil},
	{"threat", "110", `扬言` + clauseGap + `{0,8}(杀|砍|弄死|打死|搞死|报复|烧|炸|泼)`, "", nil, false, nil},
	{"threat", "110", `(威胁|恐吓)` + clauseGap + `{0,6}(杀|砍|弄死|打死|搞死|报复|泼)`, "", nil, false, nil},
	{"threat", "110", `(用|拿|持)(刀|刀具|刀子|菜刀|砍刀|棍棒|铁棍|枪|斧头)` + clauseGap + `{0,6}(威胁|恐吓|砍|捅|追|逼)`, "", nil, false, nil},
	{"threat", "110", `要` + clauseGap + `{0,4}(杀了|砍死|弄死|打死|搞死|杀死)`, "", nil, false, nil},
	// A threat to come and kill tonight or at once (说今晚就来弄死我): no 要.
	{"threat", "110", `(今晚|今天|今儿|明天|马上|等会儿?|待会儿?|一会儿|这就)` + clauseGap + `{0,3}(就)?(来|过来|去|上门|找上门|找过来)` + clauseGap + `{0,4}(杀了|砍死|弄死|打死|搞死|杀死|砍了|捅了|宰了)`, "", nil, false, nil},
	// Someone who wants to die.
	{"suicide-intent", "110", `结束` + clauseGap + `{0,8}(生命|人生|性命)`, "", nil, false, nil},
	// Ending oneself said without 生命 (今晚就要结束自己, 了断自己): not 结束自己的营业,
	// where 自己 owns something else.
	{"suicide-intent", "110", `(结束|了结|了断|结果)掉?(我|俺|他|她)?自己(吧|了|算了|的(命|一生|这条命|生命|性命))?([^的]|$)|自我了断|了此残生|了结此生`, "", nil, false, nil},
	{"suicide-intent", "110", `(想|要|准备|打算)去?(自杀|轻生|寻死|跳楼|跳河|跳江|跳桥|上吊|割腕|喝农药)`, "", intentFigures, false, nil},
}

// figures of speech in a sentence make a wish to die a complaint: 吵得人想
// 跳楼 is about the noise.
var figures = []string{"吵得", "烦得", "热得", "累得", "愁得", "气得人"}

// sagging is a wire hanging low, not down (电线耷拉得老低): a repair.
var sagging = []string{"耷拉得"}

// intentFigures are figures in the sentence of words of wanting to die:
// figures, a price (喇叭喊跳楼价), a feeling's measure (想跳楼的心都有了).
var intentFigures = append(slices.Clone(figures), "跳楼价", "的心都有", "的心也有")

// thingsPinned are things, not people, under a pile: 快递被压在一堆货下面.
// They count as the subject (快递被, 快递压在), not as what lies on top (一
// 个工人被一摞纸箱子压在下面 is a person).
var thingsPinned = []string{"快递被", "包裹被", "货物被", "货被", "箱子被", "文件被", "行李被", "东西被", "车被", "车子被",
	"快递压", "包裹压", "快件被", "件被压"}

// thingsDropped right before a fall into water or a well are what fell:
// 钥匙掉河里了 asks for help to fish it out.
var thingsDropped = []string{"手机", "钥匙", "钱包", "眼镜", "耳机", "手表", "戒指", "证件", "身份证", "东西", "包", "鞋", "帽子", "球"}

// lightLitter thrown from a window is a nuisance to complain about (烟头,
// 瓜子皮), not a blow that can kill.
var lightLitter = []string{"烟头", "瓜子皮", "果皮", "纸屑", "菜叶", "剩饭", "脏水", "洗脚水", "垃圾袋", "垃圾", "纸巾"}

// cueContext lists the text right before or after a cue that makes it
// another word or a figure of speech: 拨打人工 is not 打人, 恶语伤人 hurts
// nobody's body, 跳楼价 is a price.
var cueContext = map[string]struct{ before, after []string }{
	"打人":   {before: []string{"拨"}},
	"被拐":   {after: []string{"弯", "角"}}, // 被拐弯的大货车带倒了 is a road accident, not an abduction
	"被打了":  {after: []string{"下来", "回"}},
	"杀人":   {after: []string{"不见血", "不眨眼"}},
	"活不下去": {before: []string{"老百姓", "老百姓都", "百姓都", "大伙都", "大家都", "商户都", "业主都", "业主们都", "们都快", "们都", "们快", "家都快", "伙都快"}},      // 菜价涨得老百姓活不下去了
	"跳楼":   {after: []string{"价", "甩卖", "大甩卖", "式", "机", "的心"}, before: []string{"都快", "都要", "快要", "得想", "得人想", "得直想", "得都想"}}, // 业主们都快跳楼了, 吵得人想跳楼
	"自杀":   {after: []string{"式", "性", "未遂的", "未遂住院", "未遂后住院"}},
	"想死":   {after: []string{"的心", "人", "你", "您", "我了"}, before: []string{"不", "得"}}, // 热得想死
	"爆炸":   {before: []string{"信息", "人口", "知识", "数据", "消息"}, after: []string{"性", "式", "头"}},
	"漏气":   {before: []string{"轮胎", "车胎", "胎", "气球", "皮球"}},
	"落水":   {after: []string{"管", "口"}, before: thingsDropped},
	"掉河里":  {before: thingsDropped},
	"掉进河":  {before: thingsDropped},
	"掉井里":  {before: thingsDropped},
	"掉进井":  {before: thingsDropped},
	"急救":   {before: []string{"应"}, after: []string{"知识", "培训", "常识", "箱", "包", "课", "技能", "演练", "中心", "援", "室", "科", "措施", "费", "车费", "电话", "车", "员", "证", "方法", "手册", "技巧", "法"}},
	"晕倒":   {before: []string{"吓", "吓得", "气", "气得"}},
	"流血":   {after: []string{"流汗", "牺牲"}, before: []string{"流汗", "流泪、", "已至"}},
	"没有意识": {before: []string{"有"}, after: []string{"到"}},
	"没意识":  {before: []string{"有"}, after: []string{"到"}},
	"救命":   {after: []string{"钱", "稻草", "恩", "药", "之恩"}},
	"中毒了":  {before: []string{"游戏", "手游", "网游", "追剧", "短视频"}}, // 玩手机游戏中毒了: a habit
	"伤人":   {before: []string{"恶语", "出口", "语言", "言语", "话", "工"}, after: []string{"自尊", "心"}},
	"重伤":   {before: []string{"严", "加", "慎"}, after: []string{"害"}},
	"病危":   {after: []string{"通知"}},
	"生命危险": {before: []string{"脱离", "冒着", "冒"}},
	"漏电":   {after: []string{"保护", "开关"}},
	"溺水":   {before: []string{"防"}},
	"火灾":   {after: []string{"保险", "报警器", "自动报警"}},
	"着火":   {before: []string{"生", "打"}},                              // 炉子生着火: the stove is lit; 打着火: the engine started
	"火烧":   {before: []string{"放"}, after: []string{"云", "眉毛", "火燎"}}, // 放火烧 is a threat (110)
	"咬伤":   {before: []string{"蚊", "虫", "蚊子", "跳蚤"}},
	"被困在":  {after: []string{"家里", "家中", "外地", "异乡"}},
	"闯入":   {after: []string{"者"}},
	"锁在车里": {before: thingsDropped},
	"关在车里": {before: thingsDropped},
	"拿刀":   {after: []string{"剁", "切", "削", "宰", "杀鸡", "杀鱼", "割肉", "刮鳞"}},
	"火苗":   {after: []string{"发红", "发黄", "颜色", "忽大忽小", "太小", "不旺", "是蓝", "发蓝", "不稳", "总是", "老是", "有点", "特别小"}}, // a stove's flame described
	"塌了":   {after: []string{"个洞", "一个洞", "个坑", "一个坑", "一块"}},
	// said as what someone will do (说要撞死人): a threat, for the threat
	// rule (110) and its apologies, not a road accident
	"撞人": {before: threatSaid},
	"撞死": {before: threatSaid},
}

// threatSaid right before a cue makes it what someone says they will do.
var threatSaid = []string{"说要", "说要去", "说他要", "喊着要", "喊着要去", "嚷着要", "嚷着要去", "扬言要", "放话要", "叫嚣要"}

// RuleRoadCollision is the pattern of a vehicle hitting someone or
// something (刮倒, 撞翻, 翻到沟里): alone it does not say anyone is hurt, so
// it only makes an injury or a rescue a road accident (122).
const RuleRoadCollision = "road-collision"

// violence reports whether a 110 hit is an attack on a person (a fight, a
// weapon, a threat, someone held), rather than a person who wants to die.
func violence(h emergHit) bool {
	switch h.rule {
	case RuleEvent:
		return h.cue != "救命"
	case "threat", "armed-attack", "armed-fight", "detention", "abduction", "violence", "break-in", "robbery", "stalking", "dog-attack", "crowd-ramming":
		return true
	}
	return false
}

// subsumedByViolence reports whether a 119 hit is the attack itself (砸伤,
// a blow that struck someone) or a person locked in by the attacker: the
// police come first.
func subsumedByViolence(h emergHit) bool {
	switch h.cue {
	case "砸伤", "砸死", "砸到人", "锁在车里", "困在车里", "关在车里":
		return true
	}
	return h.rule == "struck"
}

// rescue reports whether a 119 hit is a person trapped or struck rather
// than a fire, gas or a building: in a road accident the traffic police
// (122) lead and 119 is also called. A vehicle in the water is not: the
// water rescue (119) leads, with 122 after it.
func rescue(h emergHit) bool {
	switch h.rule {
	case "trapped", "fall-into-pit", "struck":
		return true
	case "drowning":
		// thrown into a dry ditch (摔到沟里) in a crash: no water rescue
		return strings.Contains(h.cue, "沟") && !strings.ContainsAny(h.cue, "水河渠塘")
	case RuleEvent:
		return slices.Contains(rescueCues, h.cue)
	}
	return false
}

// rescueCues are the 119 event cues of a person trapped or struck.
var rescueCues = []string{"被困在", "被困住", "困在里面", "压在下面", "压到人", "被埋",
	"掉进井", "掉井里", "锁在车里", "困在车里", "关在车里", "砸伤", "砸死", "砸到人"}

// dangerOver are words after a cue that say the danger has passed: the
// hazard repaired or put out, the person rescued, awake or in hospital.
var dangerOver = []string{"修好了", "已修好", "已经修好", "修复了", "已修复", "已经修复", "抢修好", "抢修完", "已抢修",
	"换好了", "换了新的", "已更换", "已经更换", "已经换了", "接好了", "接上了", "已经接上", "已经好了", "已经处理好",
	"火已经灭", "已经扑灭", "已扑灭", "扑灭了", "火灭了", "已经灭了", "就灭了", "灭掉了", "浇灭了",
	"已经救出", "已被救出", "救出来了", "已经送医院", "已送医院", "送到医院了", "已经送医",
	"已送医", "救过来", "已经拉走", "已经被拉走", "救护车拉走了", "救护车已经拉走", "120拉走了", "120已经拉走", "已经被打死", "已经打死了", "已经被抓", "已经抓住", "已经醒了", "醒过来了", "已经脱险", "已脱险", "救回来了", "抢救过来了",
	// a false report: nothing happened
	"虚惊一场", "误报", "看错了", "搞错了", "是误会", "乱打的", "打错了", "报错了", "没着火", "没有着火", "没起火", "不是漏气", "没漏气", "没有漏气",
	// found harmless when checked: 燃气公司来查了…没事了
	"没事了", "没事儿了", "没啥事了", "没什么事了", "不是煤气", "不是燃气", "不是天然气", "不是着火", "不是火灾",
	"下水道的味", "下水道反味", "假人", "拧紧了", "弄好了", "搞好了", "处理好了", "修完了",
	"接走了", "已经来接", "接回家了", "接回去了",
	// the smell gone, the missing back: 阀门关了开窗通风 现在没味了; 后来在超市找回来了
	"没味了", "没味儿了", "没有味了", "木有味了", "没啥味了", "找回来了", "接回来了",
	// put out by those there, the trapped let out: 大伙拿水泼灭了; 物业来把人放出来了
	"泼灭了", "盖灭了", "拍灭了", "踩灭了", "人放出来了", "把人放出来", "给放出来了",
	"人也下来了", "人已经下来了", "劝下来了", "已经下来了"} // from a roof or a ledge

// apologies after a threat take it back: the threat is a dispute to settle,
// not a danger now.
var apologies = []string{"道歉", "道了歉", "道过歉", "赔礼", "认错", "赔不是", "赔了不是", "原谅", "气话", "酒话", "醉话", "胡话", "说着玩", "开玩笑",
	"玩笑话", "和好", "和解", "调解好", "保证不再", "写了保证", "没当回事", "不当回事", "没当真", "键盘侠",
	"嘴上厉害", "嘴上说说", "说说而已", "吓唬人", "吓唬我", "吓唬吓唬", "吹牛", "说大话", "后悔"}

// games in a threat's sentence, before or after it, make it a player's
// words: 他在游戏里说要杀了我.
var games = []string{"打游戏", "玩游戏", "游戏里", "游戏上", "游戏的时候",
	"玩打仗", "闹着玩", "打闹", "过家家"} // children at play: 两个小孩玩打仗，一个喊要杀了你

// emergencyPriority orders the numbers when several fit: fire and gas
// first, then a life in danger, then crime, then traffic.
//
// Where two numbers apply, the policy (issue 11 item 2, third recall
// round; resolveEmergency and each rule's with): a fire is 119 whatever
// else is said, and 救命 in a fire is someone inside it (an also word of
// smoke-people-inside), never 110; fuel gas leaking (煤气漏了, a smell of
// gas) with someone down is 119 with 120 (gas-victim: the leak is shut
// and the room aired before anyone goes in), while carbon monoxide from
// a stove or charcoal with nothing leaking is 120 (co-poisoning, 煤气中毒);
// a vehicle driven into a crowd is 110 with 120 (crowd-ramming: it may be
// an attack), or 122 with 120 when told as an accident (crowd-crash: 刹车
// 失灵, 失控); petrol poured at a door with a lighter at hand is 110 with
// 119 (arson-threat); a crash with the injured is 122 with 120, and with
// 119 when someone is trapped in it.
var emergencyPriority = []string{"119", "120", "110", "122"}

// emergCue is one plain-word cue.
type emergCue struct {
	number  string
	cue     string
	state   bool // a state rather than an event
	pattern bool // a match of a pattern, not a cue word
}

// emergRuleDef is one pattern: a state (a danger there now) unless event
// is set, when the pattern describes something happening to a person and is
// discounted as an event cue is (past, hypothetical, a claim, a drill).
type emergRuleDef struct {
	name, number, expr, also string
	unless                   []string
	event                    bool
	// with are the other numbers the rule's danger always needs, added
	// to Emergency.Also when the rule's hit is the one picked (gas that
	// felled someone: 119 with 120).
	with []string
}

// sentGap is a gap inside one sentence (commas allowed) in the patterns:
// people run clauses together (电线刮断了，耷拉在地上还冒火花).
const sentGap = `[^。！？!?\n]`

// noAnswer is a person who does not answer when spoken to, called or
// shaken: 叫不醒, 没反应, 一点反应也没有, 眼都不睁.
const noAnswer = `(不醒|不应|没反应|没有反应|没动静|一动不动|不动弹|不答应|不吱声|不吭声|没回应|没应声|不搭理|不睁眼|反应都没有|反应也没有|没啥反应|毫无反应|不回话|不出声|不吭气|不知道答应|不知道应|光(会)?哼哼|光哼|只(会)?哼哼|就哼哼|哼哼两声|哼了两声|` +
	`一点儿?反应(也|都)没有?|(任何|一丁点儿?|半点)反应(也|都)?没有?|没(有)?(一点|半点)儿?反应|眼(睛|皮)?都不睁|眼(睛|皮)?也不睁|哼都不哼|理都不理|又没声了?|就没声了?|没声了|没声音了|没了声)`

// drugNames are medicines people take too much of, named or not.
const drugNames = `(药|药片|药丸|胶囊|安定|地西泮|阿普唑仑|艾司唑仑|氯硝西泮|佐匹克隆|唑吡坦|布洛芬|扑热息痛|对乙酰氨基酚|止疼片|止痛片|降压片|感冒药|退烧药)`

// waterIn is a person's place in the water: 河里, 深潭里, 鱼塘里.
const waterIn = `(湖|河|江|海|水|水塘|池塘|塘|鱼塘|坑塘|水库|潭|深潭|水潭|溪|小溪|溪水|渠|水渠|沟|河沟|水沟|大坑|水坑|泳池|游泳池|井|粪池)里`

// waterSigns are what is seen of someone going under: thrashing, calling,
// sinking, the head bobbing, nobody coming up.
const waterSigns = `(扑棱|没冒头|不冒头|没露头|乱扑|(就要|快要|眼看要)(沉|下去|没顶)|没上来|没有上来|就剩一个|不见了|看不见人?了|没影了?|沉下去|沉下去了|冲走了|扑腾|挣扎|露个头|露个脑袋|只露|就剩个?(头|脑袋)|只剩个?(头|脑袋)|一沉一浮|一浮一沉|沉沉浮浮|往下沉|一冒一冒|时隐时现|冒了?(几|两|一)?个?泡|喊救命|呼救|拉不上来|爬不上来|上不来)`

// crowdVehicle and crowdInto are a vehicle that ploughs into a crowd;
// crowdAccident the words that tell it as an accident.
const (
	crowdVehicle = `(车|轿车|小车|货车|卡车|面包车|越野车|汽车|大巴|公交|渣土车|三轮|拖拉机|suv|SUV)`
	crowdInto    = `((冲进|冲向|冲入|冲到|扎进|开进|撞进|撞向|闯进|冲上|冲|撞)了?` + clauseGap + `{0,8}` + crowdPeople + `|(往|朝|冲着)` + clauseGap + `{0,8}` + crowdPeople + `(里|中)?` + clauseGap + `{0,2}(撞|冲|开|轧|碾))`
	crowdPeople  = `(人群|人堆|人多的地方|赶集的人|跳舞的人|排队的人|看热闹的人|放学的孩子|孩子堆|学生堆|过马路的人)`
)

var crowdAccident = []string{"失灵", "失控", "没刹住", "刹不住", "打滑", "刹车坏", "睡着了", "犯病", "溜车"}

// weapons are what an attacker holds or swings.
const weapons = `(刀|刀具|刀子|菜刀|砍刀|尖刀|水果刀|弹簧刀|匕首|剪子|剪刀|棍棒|棍子|木棍|铁棍|甩棍|钢棍|钢管|钢筋|铁链|铁锹|铁锨|镰刀|枪|斧头|斧子|锤子|榔头|扳手|砖头|石头|瓶子|酒瓶|啤酒瓶|皮带|鞭子|擀面杖|板凳|凳子|椅子|衣架|棒子|球棒|棒球棍|铁棒|铁杆|烟灰缸|茶杯|盘子|菜板|板砖|拖把|秤砣)`

// personRuleDefs are the patterns of a person in danger now, said without
// the usual keywords: what is seen (smoke with someone still inside, a
// face turning purple, someone who cannot be woken), what was taken (half
// a bottle of pesticide, a whole strip of pills), what is threatened (a
// man on a roof edge, "死给我看"). They are events: a past, hypothetical
// or claimed one does not count.
var personRuleDefs = []emergRuleDef{
	// Fire or smoke with someone still inside.
	{name: "smoke-people-inside", number: "119", event: true,
		expr: `((冒|钻|飘|窜|蹿|涌)` + clauseGap + `{0,7}烟([^头囱草花酒民卷盒]|$)|烟(大得|太大|大的看不见)|(窗户?|门)?玻璃` + clauseGap + `{0,3}(炸了|爆了|炸裂|崩了|噼里啪啦)|自燃|烟` + clauseGap + `{0,2}(往外窜|往外冒|往外涌|窜出来|涌出来|往上窜|灌进来|灌进)|烟(越来越|越冒越|特别|很|老|好|可)大|(滚滚|好大)的?黑?烟|浓烟滚滚|黑烟滚滚|冒烟|冒黑烟|冒着烟|往外冒烟|烟味|烧焦味|焦糊味|糊味|黑烟|浓烟|火光|烟雾|着火|起火|失火|` +
			`呛得|呛人|熏得|冒火$|冒火[^花星]|窜火|蹿火|火苗|火(更|越烧越|越来越|特别|很|好|老)大|(全是|都是|满是|到处是|一屋子|一楼道)烟([^头囱草花酒民卷盒]|$)|` +
			`(电动车|电瓶车|电池|充电宝|电瓶)` + clauseGap + `{0,8}(砰|嘭|炸了|爆了|炸开|爆炸)|` +
			`(窗户|窗口|窗子|窗帘|屋顶|房顶|楼顶|厂房|仓库|锅炉房|平房|院子|后院|屋里|屋子|房子|楼道|棚子|柴房|地下室|门缝|宿舍楼|车库|林子)` + clauseGap + `{0,8}` +
			`(红光|通红|红通通|红彤彤|映红|火红|一闪一闪的红|橘红色的光)|一片红光|红光冲天|映红了半边天|天都映红了|天都红了|红了半边天)`,
		// Coal smoke with people not answering is carbon monoxide
		// (co-poisoning); smoke that is a complaint about pollution is not a
		// fire.
		unless: []string{"煤烟味", "炭火味", "煤烟", "油烟", "排放", "污染", "环保", "烟囱", "扬尘", "粉尘", "烧烤", "开窗", "关窗", "整条街",
			"买烟", "抽烟", "香烟", "卖烟", "递烟", "烟酒", "吸烟", "烟花", "鞭炮", "放炮"}, // cigarettes and fireworks
		also: `(里面|里头|屋里|家里|楼上|顶楼|楼里|房里|院里|宿舍里|棚子里|[室店厂间舍屋馆]里)` + sentGap + `{0,8}(有人|还有人|老人|孩子|小孩|老太太|老头|老人家|婴儿|工人|住户|租户|员工|病人|住着人|睡着人|一家老小|一家人|一家子)|` +
			`(里面|里头|屋里|房里|楼上|楼里|[室店厂间舍屋馆]里)(还|都)?(住着|睡着|住了|有)|(被)?堵在` + clauseGap + `{0,4}(房间|屋里|楼上|里面)|(娘|爹|妈|爸|老人|孩子|奶|爷)` + clauseGap + `{0,3}(还在|在)` + clauseGap + `{0,3}(跟前|旁边|边上|屋里|里面)|` +
			`(人|老人|老头|老太太|老汉|孩子|小孩|工人|住户|租户|员工|病人|老人们|大爷|大娘|一家人)` + clauseGap + `{0,4}(还在|都还在|都在|住在|睡在|都睡着|还睡着|在睡觉)` + clauseGap + `{0,3}(屋里|里面|里头|家里|楼里|房里|屋子里|宿舍|棚子里|呢)|` +
			`(住在|睡在|住着|睡着|有人住)` + clauseGap + `{0,10}(屋|房|棚|里|边上|旁边|隔壁)|(旁边|边上|隔壁|挨着|紧挨)` + clauseGap + `{0,8}(住着|住的|住了|有人住|睡着)|(往下|往外|往楼下)(跑|挤|逃|冲)|(一个人|自己|独自|老人|老爷子|老太太|老头|老两口|孩子|小孩|病人)` + clauseGap + `{0,2}在家|(出不来|没出来|跑不出来|逃不出来|下不来|没下来|被困|困在|敲门没人|没人应|叫不应|喊不应|没人开|还在往下跑|往下跑|还没下来|还在楼上|看不见人|还在里面|没跑出来|摸不着门|找不着门|找不到门|找不到出口|找不着出口|摸不到门|出不去)|` +
			`(上面|楼上|隔壁|旁边|挨着)(就是|是|有)(个|一个|一所|一家)?(幼儿园|学校|小学|养老院|敬老院|住户|宿舍|医院|病房)|` +
			`(窗口|窗户|窗台|阳台|楼顶)` + clauseGap + `{0,3}(喊|叫|呼救|挥手|招手|摇|敲)|救命|门(打不开|开不开)|(打|开)不开门|开不了门|` +
			// who cannot get down or out (我们下不去), smoke that comes in where
			// people are, a store or a workshop smoking beside their homes
			`(下不去|下不来楼|走不了|跑不了|逃不了|出不了门|出不了屋|不敢(往下|下楼|出门|出去|开门))|(俺们|我们|咱们|一家人?|全家|一家子)(都|还)?(在|困在|堵在)` + clauseGap + `{0,3}(楼上|顶楼|[0-9一二三四五六七八九十]+楼|[0-9一二三四五六七八九十]+层|屋里|家里)|(楼道|走廊|楼梯|屋里|家里|房间)` + sentGap + `{0,8}(看不清|看不见|睁不开眼|伸手不见)|` +
			`(飘|灌|钻|涌|窜|蹿|进|跑)(到|进)了?` + clauseGap + `{0,4}(楼里|屋里|家里|楼道|宿舍|房间|楼上)|` +
			`(旁边|边上|隔壁|挨着|紧挨着?|紧靠着?|靠着|对面|上面|楼上|上头)(就是|是|有|都是|全是)?` + clauseGap + `{0,4}(住人|居民楼|住宅楼|宿舍楼|家属院|家属楼|住户|小区|民房|人家|居民)`},
	// A fire told without 着火: a house, a car or a stack that 着了 or is
	// burning, with or without people named (not a stove lit, nor sleep).
	{name: "fire", number: "119", event: true,
		expr: `(房子|房|屋|屋子|屋里|楼|楼道|厨房|仓库|厂房|厂子|车|车库|店|门面|草垛|柴火垛|麦秸垛|秸秆垛|草堆|棚子|棚|家里|窗帘|被子|沙发|床|油锅|锅里的油|电动车|电瓶车|山|林子|树林|麦地|场院|油烟机|烟道|排烟管|灶台|插座|插排|电视|冰箱|空调|电暖器|取暖器|电热毯|电褥子|充电器)` +
			clauseGap + `{0,6}?(着了|烧着了|着起火|起了火|着了火|着起来|燃起来|烧起来了|火起来了|冒火了|冒明火|蹿火|窜火|火很大|火特别大|火老大|火挺大|火越来越大|烧了起来|着得很旺|自燃)`,
		unless: []string{"生着", "点着", "打着", "睡着", "着急", "着凉", "上火", "火锅", "火车", "火候", "心里", "火气", "发火", "恼火",
			"会不会", "会着", "容易着", "能不能"}}, // a question whether it could catch fire
	// 着活 is a common typo of 着火, but 干着活 is work: only right after a
	// place.
	{name: "fire", number: "119", event: true,
		expr: `(家|家里|屋|屋里|屋子|房子|房|厨房|楼|楼道|店|仓库|厂房|车|车库)着活(了|啦|啊)`},
	// Someone who cannot be woken, is turning purple, is not breathing.
	{name: "unresponsive", number: "120", event: true,
		expr:   `(叫|喊|拍|摇|推|晃|掐|捏|碰|捅|招呼|叫他|喊他|叫她|喊她|说话|问话|问他|问她|跟他说|跟她说)` + clauseGap + `{0,8}` + noAnswer,
		unless: []string{"叫天", "喊地", "呼天", "赖床", "睡懒觉", "迟到", "电话", "手机", "微信", "消息", "短信", "网站", "按钮", "系统", "客服", "热线", "物业", "领导", "部门"}}, // 叫天天不应，喊地地不灵: nobody helps; 叫了半天叫不醒 of a child late for school; a phone or an office that does not answer
	{name: "unresponsive", number: "120", event: true,
		expr: `(人事不省|没了知觉|没有知觉|失去知觉|翻白眼|昏过去|晕过去|背过气|抽过去|瘫倒在|瘫在(地上|卫生间|厕所|浴室|楼道|路边))`},
	// Eyes rolled up, hands gone cold, a body gone limp: told of a person
	// who does not answer.
	{name: "unresponsive", number: "120", event: true,
		expr: `(两眼|眼睛|眼珠子?)` + clauseGap + `{0,3}(往上翻|上翻|直翻|翻上去|翻白|发直|直勾勾)|(头一歪|脖子一歪|身子一软|腿一软|人一软|身子都软了|浑身瘫软|软成一滩)`,
		also: `没反应|没有反应|不动|不醒|叫不|喊不|不答应|不回|没动静|倒|瘫|抽|僵|冰凉|发紫|吐沫|不出声|叫他|喊他`},
	{name: "unresponsive", number: "120", event: true,
		expr: `(手脚|手|身子|身上|浑身)` + clauseGap + `{0,2}(冰凉|冰冷|发凉|凉了|凉透)`,
		also: `叫不|喊不|没动静|没反应|没有反应|不动|翻白眼|没气|不醒|不答应|不回|不出声|脸色|趴在|倒在|躺在|瘫在|歪在`},
	// A seizure now: jerking limbs, a locked jaw.
	{name: "seizure", number: "120", event: true,
		expr:   `(浑身|全身|身子|手脚|四肢|胳膊腿)?` + clauseGap + `{0,2}(一抽一抽|抽个不停|抽起来了|直抽|抽风|抽蓄了|打挺|抽筋抽得|僵直|发僵|僵硬)|牙(关)?(咬得死死|咬得紧紧|咬紧了|咬死了|关紧闭)`,
		also:   `倒|躺|叫不|喊不|没反应|不醒|吐沫|白沫|翻|发紫|发青|孩子|烧|癫痫|羊角风|不出声`,
		unless: []string{"腿抽筋", "小腿抽筋", "脚抽筋", "睡觉抽筋", "游泳抽筋", "眼皮", "嘴角抽", "机器", "水管", "抽水", "抽烟"}},
	// A seizure told by the foam at the mouth or a body that jerks and
	// will not stop (not an animal's: animalVictim, and the words below).
	{name: "seizure", number: "120", event: true,
		expr:   `(嘴里|嘴角|嘴边|口里|嘴)` + clauseGap + `{0,3}(冒|吐|流|淌|全是|都是|直往外冒|往外冒|有)` + clauseGap + `{0,2}(白沫|沫子|白沫子|吐沫|泡沫)|(浑身|全身|身子|手脚|四肢)(一直|不停地?)?(抽抽|抽搐|乱抖|抖个不停|直抖|一抽一抽)|(突然|一下子|猛地)抽(了|起来|过去)`,
		unless: []string{"狗", "猫", "羊", "牛", "猪", "鸡", "鱼", "螃蟹", "兔", "刷牙", "牙膏", "洗", "啤酒", "肥皂", "抽烟", "抽水", "抽奖", "抽查"}},
	{name: "seizure", number: "120", event: true,
		expr:   `(嘴里|嘴角|嘴边|口里)` + clauseGap + `{0,3}(冒|吐|往外冒)(泡|泡泡)|(浑身|全身|身子|胳膊腿)(直挺挺|硬邦邦|梆硬|挺直了|绷直了)`,
		also:   `倒|出溜|躺|抽|叫不|喊不|不应|不吱声|没反应|翻白眼|僵`,
		unless: []string{"狗", "猫", "羊", "牛", "猪", "鸡", "鱼", "螃蟹", "兔", "宝宝吐泡泡", "吹泡泡"}},
	{name: "cyanosis", number: "120", event: true,
		expr:   `(脸|嘴唇|嘴|脸色|嘴巴|嘴皮|嘴皮子|指甲|手指头|小脸)` + clauseGap + `{0,3}(发紫|发青|青紫|紫了|乌紫|青了|发乌|乌青|泛青|泛紫|紫青|紫红|发蓝|紫的|青的|紫得|青得)`,
		unless: []string{"青了一块", "紫了一块", "青一块", "紫一块", "青了一片", "紫了一片", "淤青"}}, // a bruise
	// A whole body gone purple, told with the breath that fails.
	{name: "cyanosis", number: "120", event: true,
		expr: `(浑身|全身|身上)` + clauseGap + `{0,3}(发紫|发青|青紫|紫了|乌紫|紫青|发乌)` + sentGap + `{0,12}(喘气费劲|喘不|上不来气|憋|不哭|没气|不喘|呼吸(费劲|困难|微弱|很弱))`},
	{name: "asthma", number: "120", event: true,
		expr: `(哮喘|喘病|气管炎|喘憋)` + sentGap + `{0,16}(喘不上|喘不过|上不来气|憋得|说不出话|嘴唇|药不管用|喷了` + clauseGap + `{0,4}不管用|没用|张着嘴|坐不住|躺不下)`},
	{name: "not-breathing", number: "120", event: true,
		expr: `(喘不上气|喘不过气|上不来气|呼吸微弱|没了气息|没有气息|没有心跳|心跳停了|只有出气|胸口不起伏|胸口没有起伏|胸口没起伏|不喘气了|没了呼吸|不出气了|喘不上来气|喘不过来气|喘不动气)`},
	// 没气了 is said of a person, and as often of the gas, the heating or a
	// tyre (燃气没气了, 表里还有钱): it counts after a person or a word of
	// how far gone, and not beside a utility's or a tyre's words. 煤气 is
	// no such word: a person 没气了 beside it is carbon monoxide.
	{name: "not-breathing", number: "120", event: true,
		expr:   `(他|她|人|老人|孩子|孩|娃|爸|妈|爷|奶|娘|爹|婆|公|儿|头|太|汉|都|快|已经|好像|眼看|快要|眼看着)没气了`,
		unless: []string{"燃气", "天然气", "暖气", "液化气", "气罐", "气表", "燃气表", "轮胎", "车胎", "气门", "打气", "充值", "缴费", "余额", "气费", "供气", "停气"}},
	{name: "not-breathing", number: "120", event: true,
		expr: `(正在|在)给(他|她|人|老人|孩子)` + clauseGap + `{0,4}(按压|按胸口|做心肺复苏|做人工呼吸)|(正在|在|还在|一直在)(按胸口|按压胸口|做心肺复苏|做人工呼吸|做心肺)`},
	{name: "not-breathing", number: "120", event: true,
		expr: `(捞上来|拉上来|救上来|抬出来|拖出来|拽上来|扒出来|刨出来)` + clauseGap + `{0,3}(没气|没了气|没呼吸|不喘气|没有呼吸|没心跳|脸都紫|浑身发紫|叫不醒)`},
	{name: "collapse", number: "120", event: true,
		expr: `(突然|一下子|一头)` + clauseGap + `{0,4}(出溜(下去|下来|到地)|倒下|倒地|栽倒|歪倒|晕了|晕过去|瘫倒|昏过去|抽过去|不省人事|(扎|栽)在?地上|仰过去|仰倒|往后倒|往后一仰|栽过去|歪过去)`},
	{name: "collapse", number: "120", event: true,
		expr: `(倒下了|栽倒了|倒在地上|倒地上|躺地上|躺在地上|倒在路边|倒在路上|趴在地上|躺在床上|瘫在地上|瘫在床上)` + sentGap + `{0,10}(不动|不醒|不应|没反应|发紫|流血|吐血|抽|喘|不答应|不吱声|浑身滚烫|滚烫|起不来|爬不起来|站不起来|动不了|冰凉)`},
	{name: "collapse", number: "120", event: true,
		expr: `(躺|倒|趴|瘫|蜷|歪|摔|跌|栽)在` + clauseGap + `{0,8}(地上|地板上|地下|水泥地上|床边|床底下|门口|门后|卫生间|厕所|浴室|楼道|墙角|方向盘|座位|驾驶座|车座|路中间|路当中|马路上|马路中间|路面上|路口|路边|沟里|沟底|河沟|田里|地里|坡下|草丛|花坛|绿化带|车底)` + sentGap + `{0,14}` +
			`(没气|没了气|不喘气|没呼吸|不动|不醒|不应|没反应|没有反应|不答应|不吱声|不吭声|不出声|不说话|没动静|没回应|不回|一动不动|叫不|喊不|反应都没有|反应也没有|脸色发|嘴唇发|起不来|爬不起来|站不起来|动不了)`},
	{name: "collapse", number: "120", event: true,
		expr: `(躺着|躺那|躺在那|趴着|趴那|倒那|倒在那|倒在边上|躺在边上|倒在旁边|躺在旁边|倒在一边)儿?` + clauseGap + `{0,3}(不动|一动不动|不吭声|不出声|没动静|没反应|没有反应)`},
	// 晕那了: fainted where they stood (in the field, at work).
	{name: "collapse", number: "120", event: true,
		expr: `(晕|昏|栽)(那了|那儿了|那里了|这了|在那了|在那儿了|地里了|在地里了|在地上了|地上了)`},
	{name: "collapse", number: "120", event: true,
		expr: `(人|他|她|老人|孩子)在` + clauseGap + `{0,6}(一动不动([^地]|$)|没动静了|没了动静|没反应了)`},
	// Someone down after a blow or a fall: 已经有人倒地了, 人都不动了.
	{name: "collapse", number: "120", event: true,
		expr: `(有人|有个人|人|他|她|对方|那人|老人|孩子|小孩|一个人|被打的|被砍的)(已经|都|也)?(倒地了|倒地不动|倒下了|不动了|一动不动了|没动静了)`},
	// A fall from a height.
	{name: "fall-from-height", number: "120", event: true,
		expr: `从` + clauseGap + `{0,8}([0-9一二三四五六七八九十两几]+楼|[0-9一二三四五六七八九十两几]+层|楼上|脚手架|架子|屋顶|房顶|楼顶|高处|塔吊|阳台|窗户|窗台)上?` +
			clauseGap + `{0,3}(摔|掉|跌|栽|坠|滚|翻)了?(下来|下去)`,
		unless: []string{"快递", "花盆", "东西", "衣服", "被子", "砖", "瓦", "玻璃", "空调", "手机", "杂物", "垃圾", "砸坏", "砸了", "广告牌", "招牌"}}, // a thing fell
	// Something about to fall with people right under it.
	{name: "falling-objects", number: "119", event: true,
		expr: `(花盆架子?|花架子?|空调架子?|雨棚|防盗窗|花盆|广告牌|招牌|窗户框|玻璃)` + clauseGap + `{0,6}(要掉|快掉|掉下来|往下掉|要砸下来|晃晃悠悠|摇摇晃晃)`,
		also: `(底下|下面|楼下|下边)` + clauseGap + `{0,6}(人|孩子|小孩|老人|学生|有人)`},
	// A person named as the one who fell (老汉从房顶上拾掇瓦摔下来了: the
	// tiles are what he was doing, not what fell).
	{name: "fall-from-height", number: "120", event: true,
		expr: `(老汉|老头|老人|老太太|工人|师傅|孩子|小孩|娃|俺爹|俺爸|我爸|俺娘|我妈|大爷|大娘|男的|女的|一个人|有人)` + clauseGap + `{0,3}从` + clauseGap + `{0,8}(楼|层|房顶|屋顶|楼顶|脚手架|架子|梯子|树|墙头|阳台|窗台|高处|塔吊)上?` + clauseGap + `{0,6}(摔|掉|跌|栽|坠|翻)了?(下来|下去)`},
	{name: "fall-from-height", number: "120", event: true,
		expr: `(一个人|人|他|她|孩子|小孩|老人|工人|师傅)` + clauseGap + `{0,4}(踩空|失足|一脚踩空|脚下一滑)` + clauseGap + `{0,3}(掉|摔|跌|栽)(下去|下来|进去)`},
	{name: "fall-from-height", number: "120", event: true,
		expr: `(楼上|楼顶|房顶|屋顶|脚手架|阳台|窗户|塔吊)(上)?(掉|摔|栽|坠|跳)(下来|下去)(了)?(一个|个|俩|两个)(人|孩子|小孩|老人|工人|男的|女的)`},
	// Heart attack and heat stroke, told by what is felt or seen.
	{name: "chest-pain", number: "120", event: true,
		expr: `(心脏病|心梗|心绞痛|冠心病|心脏)` + clauseGap + `{0,2}(犯了|发作|又犯|又发|不行了|难受)` + sentGap + `{0,20}(不管用|不管事|不顶用|不顶事|没用|满头大汗|大汗|冷汗|喘不|脸色|嘴唇|说不出话|倒|疼得)`},
	{name: "chest-pain", number: "120", event: true,
		expr: `(心口|胸口|心窝|胸前)` + clauseGap + `{0,6}(疼|痛|闷|压|憋)` + sentGap + `{0,20}(冷汗|虚汗|大汗|一头汗|满头汗|一脑门子?汗|汗珠|汗把|汗都|汗湿|直冒汗|出了一身汗|胳膊|左臂|后背|喘不|透不过气|嘴唇发紫|脸色(发白|煞白|蜡黄|发灰|铁青)|脸(煞白|蜡黄|发灰)|直不起腰)`},
	{name: "chest-pain", number: "120", event: true,
		expr: `(捂着|按着|抓着|揪着|攥着|顶着)(心口|胸口|心窝|胸脯|前胸)` + sentGap + `{0,16}(汗|蹲|倒|脸色|煞白|蜡黄|说不出话|喘不|不动)`},
	{name: "heat-stroke", number: "120", event: true,
		expr: `(中暑|热射病|浑身滚烫|身上滚烫|烫得吓人)` + sentGap + `{0,12}(倒|晕|昏|叫不|喊不|不答应|不醒|抽|不动)`},
	{name: "heat-stroke", number: "120", event: true,
		expr: `(热晕|晒晕|热昏|晒昏|热倒|晒倒)(了|过去|在)`},
	// A severe allergic reaction, low blood sugar, confusion.
	{name: "anaphylaxis", number: "120", event: true,
		expr: `(过敏|蛰|蜇|叮了|吃了海鲜|打完针|输完液|(吃|喝)了?` + clauseGap + `{0,4}(虾|螃蟹|海鲜|花生|蚕豆|芒果|坚果|腰果|菠萝)|打完?了?(青霉素|头孢|针)|输上液|(马蜂|蜂子|蜜蜂|黄蜂|胡蜂)` + clauseGap + `{0,3}(蛰|蜇|叮|扎))` + sentGap + `{0,20}(嗓子发紧|喉咙发紧|嗓子眼发紧|喉咙肿|嗓子肿|喘气费劲|喘不动|呼吸困难|憋得慌|透不过气|嘴唇肿|舌头肿|眼睛肿成|肿成一条缝|喘不上|喘不过|呼哧呼哧|吭哧吭哧|喘气吭哧|喘气呼哧|睁不开|胸闷|站不稳|站不住|头晕眼花|喘不匀|气都喘不|脸(色)?(煞白|发白))的?`}, // 的 after a sound word is no noun (吭哧吭哧的)
	{name: "confusion", number: "120", event: true,
		expr: `(糖尿病|低血糖|血糖|胰岛素|降糖药|出虚汗|冒虚汗|一身虚汗|一头虚汗|冷汗|发高烧|高烧|摔倒|摔了一跤|摔了|磕了|磕到头|撞到头|着地)` + sentGap + `{0,20}(说胡话|胡言乱语|神志不清|意识不清|认不出人|不认人|认不得人|不认得人|答不上来|叫不醒|迷迷糊糊|迷迷瞪瞪|答非所问|颠三倒四|眼神(发直|直了|都散|散了|发呆|呆了)|眼睛发直|问(他|她)?啥都不知道|问(他|她)?什么都不知道|不知道自己在哪)的?`}, // 的 after a manner (颠三倒四的) is no noun
	// A limb broken or that cannot move after a crash, a fall or a blow.
	{name: "injury", number: "120", event: true,
		expr:   `(腿|脚|胳膊|腰|脖子|肋骨|骨头)` + clauseGap + `{0,2}(动不了|不能动|断了|折了|变形了|露出来|戳出来|骨折)`,
		also:   `撞|摔|砸|压|翻|掉|跌|打|车|栽`,
		unless: []string{"扭了", "崴", "抽筋", "麻了", "坐久", "站久", "风湿", "关节炎", "多年", "老毛病", "椅子腿", "桌子腿", "凳子腿", "床腿"}},
	{name: "injury", number: "120", event: true,
		expr: `(后脑勺?|脑袋|头|后背|腰)(先)?着地|(腿|脚|胳膊|身子|人)被` + clauseGap + `{0,4}(轮子|车轮|车)` + clauseGap + `{0,2}(压|轧|碾)(了|着|住|过去)`},
	{name: "injury", number: "120", event: true,
		expr:   `(摔倒|跌倒|栽倒|摔了|摔在|甩倒|甩出去|飞出去|磕倒)` + sentGap + `{0,10}(起不来了|爬不起来|站不起来|动不了了|不能动了)|(摔到|摔进|栽到|栽进|甩到|甩进|飞到)` + clauseGap + `{0,6}(起不来|爬不起来|站不起来|动不了|一动不动)|(摔|跌|栽|磕|砸|撞)得` + clauseGap + `{0,3}(起不来|爬不起来|站不起来|动不了|不能动|直哼哼|不省人事)`,
		unless: []string{"自己起来", "自己爬起来", "自己站起来", "扶起来"}},
	{name: "injury", number: "120", event: true,
		expr: `(腿|脚|腰|胯|胳膊|脚脖子)` + clauseGap + `{0,3}(疼|痛)` + clauseGap + `{0,4}(站不起来|起不来|动不了|走不了|不能走|不敢动)`,
		also: `撞|摔|砸|车|蹭|刮|轧|碾|掉|跌|压`},
	// Someone pinned, struck or burnt who cries with pain: the injured
	// beside the rescue (119 with 120).
	{name: "injury", number: "120", event: true,
		expr: `(直喊疼|喊疼|叫疼|疼得直叫|疼得直哼|直哼哼|疼得打滚|疼得受不了|疼得嗷嗷)`,
		also: `压|砸|夹|卡|埋|撞|摔|掉|翻|烧|烫|电`},
	{name: "injury", number: "120", event: true,
		expr: `(好多|好几个|几个|很多|一群|不少|一堆|[0-9一二三四五六七八九十两]+个)(人|学生|孩子|乘客|老人|工人|师傅|村民|路人)(都)?(受伤|受了伤|伤了|被撞伤|撞伤|被撞倒|撞倒|倒在地上|躺在地上|躺了一地|流血)`},
	// Injuries from machines.
	{name: "machine-injury", number: "120", event: true,
		expr: `(机器|机床|搅拌机|传送带|绞车|冲床|电锯|切割机)` + sentGap + `{0,12}(卷进|绞进|轧|切掉|切断|压断|压里|压进|压住|夹住|夹进|手指头没了|手指没了|胳膊断了)`},
	{name: "machine-injury", number: "120", event: true,
		expr: `(手指头|手指|指头|胳膊|大腿|小腿|手掌)` + clauseGap + `{0,3}(快掉了|掉了|断了|切掉|切断|压断|夹断|轧断|剁掉|快断了)`},
	// Something swallowed or stuck in the throat.
	{name: "swallowed", number: "120", event: true,
		expr: `(吞|咽)(了|下|下去|进去|进肚)?` + clauseGap + `{0,6}(电池|磁铁|磁珠|硬币|钉子|别针|图钉|刀片|干燥剂)`},
	{name: "swallowed", number: "120", event: true,
		expr: `(电池|磁铁|磁珠|硬币|钉子|别针|图钉|刀片|干燥剂)` + clauseGap + `{0,4}(吞|咽)(了|下|下去|进去|进肚)`},
	{name: "choking", number: "120", event: true,
		expr: `(噎住|卡住嗓子|卡在嗓子|卡在喉咙|卡嗓子眼|卡在嗓子眼|鱼刺卡|骨头卡|果冻卡|气管里)`},
	{name: "choking", number: "120", event: true,
		expr: `(噎着|噎了|卡着了|卡住了|咽岔)` + sentGap + `{0,12}(说不出|憋得|憋紫|憋青|脸发紫|脸都紫|喘不|咳不出|上不来气|拍背|直拍|(掐|捂|抓|卡)着脖子)`},
	{name: "stroke", number: "120", event: true,
		expr: `(头|脑袋|脑瓜子)` + clauseGap + `{0,3}(疼|痛)` + clauseGap + `{0,3}(要炸|欲裂|炸了|裂开|要裂)` + sentGap + `{0,20}(吐|迷糊|叫不醒|说不出|昏|晕|抽|不认人)`},
	{name: "stroke", number: "120", event: true,
		expr: `(突然` + clauseGap + `{0,6}说不出话|半边身子` + clauseGap + `{0,4}(不能动|动不了|没知觉|麻了)|口眼歪斜|嘴歪眼斜|嘴歪了|口齿不清|说话也?不清|看东西(重影|双影|有重影)|走路(往|向)一边(倒|偏|歪)|一边(手|胳膊|腿|身子)` + clauseGap + `{0,2}(不听使唤|没劲|抬不起来|拿不住)|舌头(发硬|发麻|不听使唤|打结|僵))`},
	// A stroke told by its signs: a mouth pulled to one side, speech gone
	// thick, one side of the body without strength. Speech that changed
	// (说话不利索了, 突然说话含糊) counts; a manner of speaking does not (从小,
	// 天生, 结巴; 含糊其辞 of an official).
	{name: "stroke", number: "120", event: true,
		expr: `(嘴|嘴角|嘴巴|嘴丫子?|脸)` + clauseGap + `{0,4}(歪了|歪到|歪向|歪一边|往一边(扯|斜|歪|耷拉|咧)|斜了|瓢了)|嘴(也|都)(有点|有些)?歪` +
			`|(半边|半拉|一边|一侧|左边|右边|左半边|右半边|半个|左|右)(身子|胳膊腿|手脚|胳膊|腿|脸|手|身)` + clauseGap + `{0,6}(没劲|没力气|没有劲|没知觉|不听使唤|使不上劲|使不上力|动不了|不能动|抬不起来|麻了|拿不住|攥不住|耷拉|不会动|不好使)` +
			`|说话` + clauseGap + `{0,3}(不利索|不利落|不清楚|含糊|含含糊糊|呜呜啦啦|呜哩哇啦|呜里哇啦|囫囵|大舌头|不成句|舌头硬)(了|起来)` +
			`|(突然|一下子|早上起来|醒了以后|醒来)` + clauseGap + `{0,4}说话` + clauseGap + `{0,3}(不利索|不利落|不清楚|不清|含糊|呜呜啦啦|囫囵|大舌头|说不成句)` +
			`|舌头(也|都)?大了|话都说不囫囵`,
		unless: []string{"天生", "从小", "打小", "生下来", "一直这样", "一直都这样", "多年", "好多年", "结巴", "口吃", "面瘫", "含糊其辞", "客服", "工作人员", "领导", "电话里", "喇叭", "广播", "普通话", "方言", "喝多", "喝醉", "酒"}},
	{name: "co-poisoning", number: "120", event: true,
		expr: `(煤炉|炉子|炭火|炭盆|蜂窝煤|烧炭|燃气热水器|煤气热水器|煤烟味|煤烟|炭火味|煤气味|燃气味|天然气味|液化气味)` + sentGap + `{0,20}(头晕|头疼得|恶心|站不起来|迷糊|昏|晕在|晕倒|晕过去|晕了|叫不醒|吐了|没出来|没人应|叫不应|喊不应|没动静|不开门|(倒|躺|趴|瘫|歪)在` + clauseGap + `{0,6}(地上|地板上|地下|沙发上|床上|桌上|饭桌上|门口|卫生间|厨房))`},
	// Poisoning and overdoses.
	{name: "poisoning", number: "120", event: true,
		expr: `(喝|吃|吞|服|灌)(了|下|下去)?` + clauseGap + `{0,10}(农药|敌敌畏|百草枯|老鼠药|耗子药|鼠药|安眠药|除草剂|消毒液|84消毒|洗衣液|甲醇|杀虫剂)`},
	{name: "poisoning", number: "120", event: true,
		expr: `(农药|敌敌畏|百草枯|老鼠药|耗子药|鼠药|安眠药|除草剂|杀虫剂|杀虫药|灭鼠药|打虫的药|杀虫的药|消毒液|洗洁精|甲醇|敌百虫|乐果)` + clauseGap + `{0,8}?(喝了|喝下|吃了|吃下|吞了|灌了|喝进|喝光|喝完|吃光|服了|灌下)`},
	{name: "poisoning", number: "120", event: true,
		expr: `(农药|敌敌畏|百草枯|敌草快|老鼠药|耗子药|除草剂|杀虫剂|消毒液|洁厕灵)` + clauseGap + `{0,8}(对着嘴|往嘴里|喝进去|灌进去|喝进)`},
	{name: "poisoning", number: "120", event: true,
		expr: `(洗衣凝珠|洗衣液|洗洁精|洁厕灵|漂白水|消毒水|84消毒液|干燥剂|电池液)` + clauseGap + `{0,6}(咬破|咬开|咬了|吃了|喝了|吞了|舔了|喝下)`},
	{name: "poisoning", number: "120", event: true,
		expr:   `(把|拿)` + clauseGap + `{0,8}(当成|当作|当做|当)` + clauseGap + `{0,8}(吃|喝|吞|服)(了|下)`,
		also:   `药|剂|液|毒|消毒|老鼠|杀虫|农药`,
		unless: []string{"没事", "一颗", "一片", "一粒"}}, // one pill, checked by a doctor
	{name: "poisoning", number: "120", event: true,
		expr: `(上吐下泻|又吐又拉|吐得厉害|拉得厉害)` + sentGap + `{0,20}(站不住|站不起来|起不来|晕|昏|抽|叫不醒|脸色发|嘴唇发|喘不)`},
	{name: "poisoning", number: "120", event: true,
		expr: `(野蘑菇|毒蘑菇|野菌子|菌子|蘑菇|河豚|发芽的土豆|没炒熟的豆角|亚硝酸盐)` + sentGap + `{0,20}(又吐又晕|晕|抽|站不住|站不起来|叫不醒|昏|迷糊|说胡话|看东西|幻觉|小人)`},
	{name: "poisoning", number: "120", event: true,
		expr: `误(喝|食|吃|服|饮)了?`,
		also: `药|剂|液|油|毒|水银|电池|蘑菇|菌子|农药|清洁|消毒|老鼠|杀虫`},
	// Charcoal burnt in a closed car or room: carbon monoxide, often a
	// suicide (110 is told by the farewell words).
	{name: "co-poisoning", number: "120", event: true,
		expr: `(烧炭|盆炭|点炭|炭盆|木炭)`,
		also: `车里|车内|屋里|房间|门窗|窗户|关死|关严|封死|封上|胶带|别找|遗书|打不通|联系不上|不开门|叫不醒|没动静|不接电话|关着门|关上门`},
	{name: "overdose", number: "120", event: true,
		expr: `(吃|喝|吞|服)(了|下)?` + clauseGap + `{0,4}(一整?瓶|一整?板|一大把|半瓶|好几瓶|一盒|一整盒|半盒|好几盒|好多|一把|几十片|几十粒|一大瓶)` + clauseGap + `{0,6}` + drugNames},
	{name: "overdose", number: "120", event: true,
		expr: `(一整?瓶|一整?板|一大把|半瓶|好几瓶|一整盒|半盒|好几盒|几十片|几十粒|一大瓶)` + clauseGap + `{0,6}` + drugNames + clauseGap + `{0,4}(吃|喝|吞|服)`},
	{name: "overdose", number: "120", event: true,
		expr: `药(片|丸)?` + clauseGap + `{0,6}(一把|一大把|一瓶|一整瓶|整瓶|一板|整板|一盒|整盒|半瓶|好几瓶|好几板)` + clauseGap + `{0,2}(吞|吃|喝|服|咽)`},
	{name: "overdose", number: "120", event: true,
		expr: `药(片|丸)?` + clauseGap + `{0,3}(吞|吃|喝|服)(了|下)` + clauseGap + `{0,2}(一把|一大把|一瓶|一整瓶|整瓶|一板|整板|一盒|整盒|半瓶|好几瓶|好几板|一堆)`},
	{name: "overdose", number: "120", event: true,
		expr: `把` + clauseGap + `{0,12}药(片|丸)?` + clauseGap + `{0,6}(全|都|一口气|一下子)` + clauseGap + `{0,2}(吞|吃|喝|服|咽)(了|下|下去|进去|光)`},
	// Labour that cannot wait: the waters broken, the baby coming, no way
	// to the hospital.
	{name: "labour", number: "120", event: true,
		expr:   `(羊水` + clauseGap + `{0,3}破|破水了|孩子的?头` + clauseGap + `{0,3}出来|孩子(要|快)(出来|生)了|要生了|快生了|生了一半|生在(路上|车上|家里)|(孕妇|怀孕|怀着|预产期|大肚子|孕)` + sentGap + `{0,12}见红|(肚子)?疼得?一阵(一阵|紧一阵)|宫缩)`,
		also:   `打不着车|叫不到车|叫不着车|打不到车|没车|没有车|车也没|来不及|疼得|出血|见红|流血|羊水|离` + clauseGap + `{0,6}医院|医院远|路上|车上|孩子的?头`,
		unless: []string{"产检", "建档", "待产包"}},
	// Bleeding.
	{name: "bleeding", number: "120", event: true,
		expr: `(流了?(一地|一床|一身|一脸|满地|满脸|很多|好多)的?血|一大?[滩摊]血|满身是血|浑身是血|一身的?血|血流` + clauseGap + `{0,3}(一地|一床|满地|满脸|不止|一脸|一身|一头|满头)|(满脸|满头|一脸|一头|一身)(都)?是?的?血|血止不住|止不住血|止不住地流血|吐血|(流着|淌着|冒着|滴着)血|地上` + clauseGap + `{0,2}(好多|全是|都是|一滩|一大滩|一大片)血|(头|脑袋|额头|后脑勺?)` + clauseGap + `{0,2}(磕破|摔破|撞破|磕开|摔开|磕了个大?口子)|割腕|手腕(上)?` + clauseGap + `{0,2}(割|划)(了|开|破|伤)|血` + clauseGap + `{0,8}(往下滴|直往下滴|滴了一地|滴答|直淌|淌了一地|往下淌|往下流|直流)|肉都翻|血肉模糊|头破了|头破血流|全是血|都是血|` +
			`(往外|一直|不停地?|止不住地?)(冒|流|淌|涌|渗|喷|滋|飙)血|血` + clauseGap + `{0,5}往外(冒|流|淌|涌|喷|滋|窜|涌)|血` + clauseGap + `{0,2}(哗哗|呼呼|汩汩|咕嘟|突突|刷刷)(的|地)?|血` + clauseGap + `{0,3}(往外)?(喷|滋|飙|呲)(出来|了|着)?|血(一直|不停地?)(往外)?(冒|流|淌|涌))`},
	// A head split open (开瓢) bleeds: 120 beside the 110 of the blow.
	{name: "bleeding", number: "120", event: true,
		expr:   `(开了?(他|她|人家|人|俺|我|对方|那人|另一个|另外一个)?的?|(头|脑袋)(被|让)?` + clauseGap + `{0,4}开了?)瓢`,
		unless: []string{"西瓜", "葫芦"}},
	// Someone stabbed or cut with a blade: an ambulance beside the police.
	{name: "stab-wound", number: "120", event: true,
		expr:   `(被|把|让|给)` + clauseGap + `{0,6}(扎|捅|刺|砍)(了|伤了|倒了|了一刀|了两刀|了几刀|了好几刀|成)`,
		also:   `刀|匕首|剪子|剪刀|改锥|螺丝刀|钢叉|叉子`,
		unless: []string{"针", "疫苗", "轮胎", "车胎"}},
	// A gash told as such (胳膊砍了个口子): not of clothes or a tyre, nor
	// one dressed and done with (创可贴, 缝了).
	{name: "bleeding", number: "120", event: true,
		expr: `(砍|划|割|拉|扎|捅|剌|豁)(了|开了|破了|开)?(个|一个|一道|好几道|几道|一条|好几个)(大|长|深)?口子`,
		unless: []string{"衣服", "裤子", "轮胎", "车胎", "袋子", "布", "沙发", "纱窗", "窗纱", "塑料", "包装", "箱子", "皮鞋", "书包", "座椅",
			"创可贴", "贴了", "就好了", "缝了", "缝针", "小口子", "不深", "没事", "止住了", "包上了", "包扎好"}},
	// Someone who wants to die, said as a threat or seen.
	{name: "suicide-intent", number: "110", event: true,
		expr:   `(说|喊|嚷|闹|哭着|非要|就要|这就|要|想)` + clauseGap + `{0,8}(往下跳|跳下去|跳楼|跳河|跳湖|跳桥|跳江|跳(黄河|大河|运河|小清河|水库|大桥|井|崖|海)|寻死|喝药|上吊|自杀|不活了|抹脖子)`,
		unless: intentFigures},
	{name: "suicide-intent", number: "110",
		expr: `死给` + clauseGap + `{0,4}看`},
	// A wrist cut, poison drunk or charcoal burnt by the person themselves,
	// after a quarrel or with words of leaving: a suicide attempt, so 110
	// goes beside the 120 of the injury (not a child's mistake: 误喝, 当水).
	{name: "suicide-attempt", number: "110", event: true,
		expr:   `(割腕|割了?手腕|手腕(上)?` + clauseGap + `{0,2}(割|划|拉)|(划|割|拉)(了)?(自己的?)?(手腕|腕子|脖子)|上吊|把自己吊|(喝|灌|吞|吃)(了|下)?` + clauseGap + `{0,4}(农药|敌敌畏|百草枯|敌草快|除草剂|老鼠药|耗子药|安眠药|安定|杀虫剂)|(农药|敌敌畏|百草枯|敌草快|除草剂|老鼠药|耗子药|安眠药|安定|杀虫剂)` + clauseGap + `{0,4}(喝|灌|吞|吃)(了|下)|烧炭)`,
		also:   `把手腕|吵|闹|想不开|不想活|分手|离婚|遗书|遗言|说完|挂了|关机|不接|把自己|锁着门|反锁|抑郁|寻短见|轻生|气不过|赌气|照顾好|别找|对不起|再见`,
		unless: []string{"误喝", "误食", "误吃", "误服", "拿错", "当水", "当饮料", "当成水", "不小心", "孩子", "小孩", "娃", "宝宝", "狗", "猫", "鸡", "猪", "羊", "牛"}},
	// Shut in after a quarrel, then silence or blood: an attempt (110 beside
	// the 120).
	{name: "suicide-attempt", number: "110", event: true,
		expr: `(吵完架|吵了架|吵架|吵了一架|闹离婚|想不开|分手|闹别扭)` + sentGap + `{0,24}(关在|锁在|反锁|关上门|锁上门|把门锁)` + sentGap + `{0,20}(没动静|不开门|不吭声|血|叫不应|喊不应|没声)`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `(托付给|拜托你|替我照顾|照顾好咱|照顾好孩子|照顾好俺|照顾好我)` + sentGap + `{0,24}(找不到|联系不上|关机|不接电话|走了|不见了)`},
	{name: "suicide-together", number: "110", event: true,
		expr: `(娘俩|娘儿俩|娘仨|母子俩|母女俩|爷俩|爷儿俩|父子俩|父女俩|孩子|闺女|儿子|一家人|全家|咱俩|我们俩|俺俩)` + sentGap + `{0,16}` +
			`(一块儿?|一起|一道|一同)(死|去死|跳|了断|解脱|上路|喝药|跳河|跳楼|跳下去|去那边|(走|去)了?` + clauseGap + `{0,2}(算了|就不受罪|就解脱|就干净|就省心|就好了))`},
	{name: "suicide-sign", number: "110", event: true,
		expr: `(抱着|带着|领着|背着)小?(孩子|娃|孩|闺女|儿子|俩孩子|两个孩子)` + sentGap + `{0,12}(河堤|河边|桥上|桥边|楼顶|天台|水库|江边|湖边|铁轨|栏杆)` + sentGap + `{0,12}(哭|不下来|往下看|念叨|要跳|不回家|劝不)`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `(最后一次` + clauseGap + `{0,6}(打电话|说话|见面|联系|给你打|给我打)|不想拖累你们|不想再拖累|永别了|下辈子再见|下辈子再做)`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `(活着太累|活得太累|活着真累|活着好累|活够了|撑不下去了|熬不下去了|不想再撑)`,
		also: `再见|永别|对不起|打不通|关机|联系不上|不接|遗言|找不到|照顾好`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `不想(再)?拖累`,
		also: `关机|联系不上|不接|找不到|不回|走了|再见|对不起|遗书|遗言|打不通`},
	{name: "suicide-intent", number: "110", event: true,
		expr: `(去找|去陪|去见)` + clauseGap + `{0,6}(死去的|去世的|走了的|过世的|死了的|地下的|死鬼)`},
	{name: "suicide-sign", number: "110", event: true,
		expr: `(河边|江边|湖边|桥上|桥边|水库边|河堤|堤上|楼顶|天台|站台边)` + sentGap + `{0,12}(一直|老是|直)?(往|朝)(水里|河里|湖里|江里|下面|楼下|下)(看|瞅|盯)`,
		also: `不说话|不理|哭|不吭声|不回答|念叨|鞋|不走|发呆|也不说`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `(药片|药瓶|一堆药|一桌子药|一桌药|满桌的药|一把药|好多药|安眠药|一堆安眠药|农药瓶)` + sentGap + `{0,30}` +
			`(再见|别了|对不起大家|对不起你们|对不起爸妈|谢谢你们|谢谢大家|永别|最后一|下辈子|遗言|不回消息|不回信息|不回微信|联系不上|关机了|不接电话|打不通)`},
	{name: "suicide-farewell", number: "110", event: true,
		expr: `(再见|永别|对不起(大家|你们|孩子|爸妈|爸|妈|老婆|老公|家里人)|最后一张|遗言|下辈子)` + sentGap + `{0,24}(药片|药瓶|一堆药|一桌子药|安眠药)(的照片|的图片|的图)?`},
	{name: "suicide-sign", number: "110", event: true,
		expr: `(桥上|桥边|桥栏|大桥|桥头|栏杆|河堤|江边|楼顶|天台|窗台)` + sentGap + `{0,14}` +
			`(脱了鞋|把鞋脱|鞋脱了|脱下鞋|脱掉鞋|鞋子脱|把鞋子脱|鞋子整整齐齐|鞋整整齐齐|鞋摆|鞋子摆|把鞋放|把鞋子放|放着一双鞋|留下一双鞋|留着一双鞋)`,
		unless: []string{"洗脚", "摸鱼", "下河", "游泳", "玩水", "蹚水", "趟水", "戏水", "钓鱼", "捞", "晒太阳", "乘凉"}},
	{name: "abduction", number: "110", event: true,
		expr: `(拽着|拉着|抱着|拖着|扛着|架着|捂着)` + clauseGap + `{0,6}(孩子|小孩|小女孩|小男孩|女孩|女孩子|姑娘|女的|学生)` + clauseGap + `{0,4}(往车上|往车里|上车|进车|往面包车|塞进车)`,
		also: `不认识|陌生|哭|喊|救命|挣扎`},
	{name: "abduction", number: "110", event: true,
		expr: `把` + clauseGap + `{0,4}?(孩子|小孩|娃|闺女|儿子|女孩|姑娘|小女孩|小男孩|学生)(往|朝)` + clauseGap + `{0,3}(车上|车里|面包车|后备箱)` + clauseGap + `{0,2}(拽|拉|拖|塞|抱|推|扛)`,
		also: `陌生|不认识|哭|喊|救命|追不上|两个人|俩人|几个人|那人|那个人|男的`},
	{name: "abduction", number: "110", event: true,
		expr: `(孩子|小孩|娃|闺女|儿子|女孩|小女孩|小男孩|学生)(让|被|叫|给)` + clauseGap + `{0,8}(抱上车|拉上车|拽上车|塞进车|塞上车|抱上了车|拉上了车|抱走|拉走|拽走|拐走|抢走)`,
		also: `不认识|陌生|人贩子|救命|没见过`},
	{name: "abduction", number: "110", event: true,
		expr: `把(孩子|小孩|娃|闺女|儿子|俺孩子|我孩子)` + clauseGap + `{0,2}(抢|拐|抱|拉|拽|拖|带|塞)(走了|跑了|上车|进车|上了车|进了车)`,
		also: `陌生|不认识|那个人|那人|不给钱|要钱|赎金|抢|拐|人贩子`},
	{name: "abduction", number: "110", event: true,
		expr: `(出租车|出租|网约车|的士|滴滴|黑车|面包车|司机)` + sentGap + `{0,20}` +
			`(不让(我|她|他|俺|人)?下车|锁了车门|锁了门|车门锁死|车门被锁|锁死了车门|把车门锁|门锁死了|不停车|不肯停|车门打不开|门打不开|开不了门|喊停` + clauseGap + `{0,4}不停)`,
		also: `往(郊区|山里|山上|野外|偏僻|没人|荒|乡下|外地|村里|小路|树林)|一直开|越开越|开走|拉走|不知道(往|开|去)哪|陌生的地方|方向不对|不是去|不按导航|乱开`},
	{name: "armed-fight", number: "110", event: true,
		expr: `(打起来|打架|吵架|吵起来|斗殴|干起来|干仗|动手|扭打|打成一团|群殴|火拼)[^\n]{0,30}` +
			`(拿|取|抄|拎|提|抡|举|找|摸)(了|起|来|出|着|出来|起了|出了|来了)?` + clauseGap + `{0,4}(铁棍|铁棒|钢管|铁锹|铁锨|棍|棒子|球棒|刀|斧头|锤子|砖头|酒瓶|铁杆|扳手|镐|叉子)`},
	{name: "suicide-intent", number: "110", event: true,
		expr: `(往|朝)(河|湖|水库|水塘|江|海|深水|水)(里|中|心)(走|去|跳|冲)`},
	{name: "ledge", number: "110", event: true,
		expr: `(站|坐|蹲|爬|挂|趴|骑)(在|到|上)?` + clauseGap + `{0,10}((窗台|窗户|栏杆|护栏|阳台)(的)?(外面|外边|外侧|外头)|(楼顶|天台|房顶)(的)?(边上|边沿|沿上)|楼沿)`},
	{name: "ledge", number: "110", event: true,
		expr: `(楼顶|天台|房顶|桥上|大桥|桥边|河边|江边|河堤|窗台|楼沿)` + sentGap + `{0,16}(对不起(我们|你们|大家|爸妈|孩子)|说再见|永别|照顾好(孩子|爸妈|自己)|下辈子|不想活|活够了|遗言|最后一次)`},
	{name: "ledge", number: "110", event: true,
		expr: `(站|坐|蹲|爬|挂|趴|骑)(在|到|上)` + clauseGap + `{0,12}(空调架|空调外机|空调支架|雨棚上|防盗窗外|楼顶边|楼顶的边|广告牌上|塔吊上)`,
		also: `哭|喊他|叫他|不理|要跳|往下跳|劝|不下来|晃腿|往下看|喝了酒|喝醉|想不开`},
	{name: "ledge", number: "110", event: true,
		expr:   `(楼顶|天台|房顶|屋顶|楼沿|桥栏杆|大桥栏杆)(的)?(边上|边沿|沿上|边儿上|边缘|最边上)` + sentGap + `{0,12}(坐着|站着|蹲着|坐了|站了|不动|不理|不说话|不吭声|往下看|晃|哭|叫他|喊他|劝)`,
		unless: []string{"猫", "狗", "鸟", "鸽子", "栏杆坏", "护栏坏", "晒", "广告", "施工", "安全网", "钓鱼", "拍照", "自拍", "网红", "打卡", "拍视频"}},
	{name: "ledge", number: "110", event: true,
		expr: `(翻过|翻出|跨过|爬过|爬出|翻到|越过)了?` + clauseGap + `{0,5}(护栏|栏杆|围栏|窗户|窗台|围墙)` + sentGap + `{0,10}(外面|外边|外侧|外头|站着|坐着|蹲着|往下|哭|劝|不下来|不回)`,
		also: `桥|楼|天台|河|江|湖|水库|窗|阳台`},
	{name: "ledge", number: "110", event: true,
		expr:   `(腿|脚|双腿|两条腿)` + clauseGap + `{0,4}(耷拉|悬|伸|垂|搭|荡)(在|到)?(外面|外边|外头|窗外|楼外|半空)`,
		also:   `窗台|窗户|楼顶|天台|阳台|楼沿|桥`,
		unless: []string{"拍照", "自拍", "网红", "打卡", "拍视频", "直播"}},
	{name: "ledge", number: "110", event: true,
		expr:   `(窗台|窗户|栏杆|护栏|阳台|桥栏杆|大桥栏杆)(的)?(外面|外边|外侧|外头)` + clauseGap + `{0,4}(站着|坐着|蹲着|站了|坐了|挂着|趴着|吊着|有人|有个人|有个)`,
		unless: []string{"猫", "狗", "鸟", "鸽子", "晒", "广告", "施工", "安全网", "钓鱼", "拍照", "自拍", "网红", "打卡", "拍视频", "空调", "花盆", "衣服", "被子"}},
	{name: "ledge", number: "110", event: true,
		expr:   `(栏杆|护栏|围栏|窗台|楼沿|女儿墙)上` + clauseGap + `{0,2}(坐着|站着|蹲着|骑着)|(站|坐|蹲|骑|爬)(在|到|上)(了)?` + clauseGap + `{0,8}(栏杆|护栏|围栏|楼沿|女儿墙)上`,
		also:   `桥|楼|[0-9一二三四五六七八九十几]+层|天台|阳台|走廊|窗`,
		unless: []string{"猫", "狗", "鸟", "鸽子", "晒", "广告", "施工", "安全网", "钓鱼", "拍照", "自拍", "网红", "打卡", "拍视频", "空调", "花盆", "衣服", "被子", "工人", "师傅"}},
	{name: "ledge", number: "110", event: true,
		expr:   `(腿|脚|双腿|两条腿|两只脚)(在|伸在|悬在|耷拉在|搭在|露在)(外面|外边|外头|窗外|楼外|半空)`,
		also:   `窗台|窗户|楼顶|天台|阳台|楼沿|桥|栏杆|护栏|走廊`,
		unless: []string{"拍照", "自拍", "网红", "打卡", "拍视频", "直播"}},
	// At a height and saying they will jump: 坐在窗台上，说再逼他他就跳.
	{name: "ledge", number: "110", event: true,
		expr:   `(就跳|要跳|往下跳|跳下去|跳了算了|跳给)`,
		also:   `窗台|窗户|楼顶|天台|阳台|栏杆|护栏|桥上|大桥|楼沿|房顶|屋顶|顶楼|塔吊|高楼`,
		unless: append([]string{"跳舞", "跳绳", "跳槽", "跳广场舞", "蹦极", "跳伞", "跳高", "跳远", "跳水", "跳棋"}, figures...)},
	{name: "arson-threat", number: "110", event: true, with: []string{"119"},
		expr:   `(汽油|柴油|煤油|酒精|油桶|一桶油)` + sentGap + `{0,16}(点了|点着|点火|烧了|放火|自焚|烧死|同归于尽|浇|打火机|火柴|要点|点上|引火)|(浇|泼|倒|洒)(了|上)?(汽油|柴油|煤油|酒精)` + sentGap + `{0,12}(门|身上|屋里|家里|楼道|车上|打火机|火柴)`,
		unless: []string{"擦", "装修", "加油站加油", "发动机"}},
	{name: "suicide-intent", number: "110", event: true,
		expr: `(楼顶|天台|窗台|窗户外|阳台外|栏杆外|桥栏杆|楼沿|房顶)` + clauseGap + `{0,12}(坐着|站着|坐在|站在|蹲在|爬)` + sentGap + `{0,8}(边上|边沿|外面|外侧|晃腿|哭|要跳|往下看)`},
	{name: "suicide-intent", number: "110", event: true,
		expr: `(站在|坐在|爬到|爬上|翻到)` + clauseGap + `{0,12}(楼顶|天台|窗台|栏杆外|桥栏杆外|楼沿)` + sentGap + `{0,12}(哭|要跳|往下跳|不下来|喊)`},
	// A vehicle that hit someone or left the road: a road accident (122)
	// when someone is hurt or trapped in it (see RuleRoadCollision).
	{name: RuleRoadCollision, number: "122", event: true,
		expr: `(车|货车|卡车|轿车|小车|三轮|电动车|电瓶车|摩托|面包车|公交|大巴|拖拉机|渣土车|罐车|出租车|挖掘机|叉车)` + clauseGap + `{0,10}` +
			`(刮倒|挂倒|撞翻|撞飞|撞出去|顶出去|撞倒|撞了|撞上|轧了|轧到|碾了|碰倒|碰了|刮了|挂了|剐了|蹭了|翻下|滚下|卷到|卷进|卷入|(卷|带|拖|拽|绞)(到|进|在)?车?(底|轮)|拖出|带倒|剐倒|蹭倒|别倒|压到|碾到|轧着|翻到|翻进|翻了|翻在|栽进|栽到|栽在|冲上|冲进|冲到|撞到|撞在|掉进沟|掉到沟|滚到|滚进|冲下|冲出|撞在一起|撞一块|相撞|顶在一起|顶一块|顶到一块|顶上了|怼上|怼在一起|怼到|撞瘪|撞得|别翻|挤翻|刮翻|蹭翻|挤扁|挤变形|压扁|撞扁|撞烂|钻到|钻进|翻(到|进)?(沟|河|田|地|坡|崖|山沟|桥下|路基))`},
	{name: RuleRoadCollision, number: "122", event: true,
		expr: `(翻了|撞了|冲下去了?|掉下去了?)(一辆|辆|个)` + clauseGap + `{0,4}(车|货车|卡车|轿车|小车|三轮|电动车|摩托|面包车|公交|大巴|渣土车)|撞(了|倒了|飞了)(好几个|几个|一个|个|两个|三个)(人|等|过|行人|学生|孩子|老人|路人)`},
	{name: RuleRoadCollision, number: "122", event: true,
		expr: `(两|俩|两辆|几辆|好几辆)车` + clauseGap + `{0,2}(装|撞|碰|顶|怼)(了|上了|在一起|一块|到一块)`},
	{name: RuleRoadCollision, number: "122", event: true,
		expr: `(跟|和|与)` + clauseGap + `{0,6}(车|货车|卡车|轿车|小车|三轮|电动车|摩托|面包车|公交|大巴|渣土车|拖拉机|收割机|罐车|挂车)` + clauseGap + `{0,2}(撞了|撞上了|相撞|撞一块|撞到一块|顶上了)`},
	// Trapped.
	{name: "trapped", number: "119", event: true,
		expr: `电梯` + sentGap + `{0,12}(卡在|卡住|停在|困住|困在|停住)` + sentGap + `{0,24}(里面|里头|人在|困着|关着)`},
	{name: "trapped", number: "119", event: true,
		expr: `电梯` + sentGap + `{0,12}(卡在|卡住|停在|停住)` + clauseGap + `{0,6}(中间|半截|半空)`,
		also: `电梯里|里面|里头|困|关着|出不来`},
	{name: "trapped", number: "119", event: true,
		expr: `电梯` + sentGap + `{0,12}(停了|不动了|不走了|坏了|打不开|开不了|出故障)` + sentGap + `{0,16}(里面|里头|里边)(还)?(有|关着|困着|是)(个|一个|两个|几个|俩)?(人|老人|孩子|小孩|孕妇|老太太|老头|学生|病人|大爷|大娘|邻居)`},
	{name: "trapped", number: "119", event: true,
		expr: `(卡|困|夹|压|埋|关|锁)在` + clauseGap + `{0,8}(车里|驾驶室|车内|里面|里头|下面|底下|中间|井里|土里|废墟|电梯)` + sentGap + `{0,8}(出不来|出不去|动不了|打不开|拉不出来|拽不出来|弄不出来|抠不出来|拔不出来|救不出来|只露)`},
	{name: "trapped", number: "119", event: true,
		expr: `(车里|车内|驾驶室|驾驶室里|里面|里头)的?(人|司机|乘客|师傅|孩子)` + clauseGap + `{0,4}(还没出来|没出来|出不来|拉不出来|拽不出来|弄不出来|抠不出来|救不出来|下不来|没爬出来|在喊|喊救命|呼救|在叫|喊疼)`,
		also: `车|驾驶室`},
	{name: "trapped", number: "119", event: true,
		expr: `(司机|乘客|开车的|副驾驶|后座的?|人)` + clauseGap + `{0,2}(卡在|夹在|困在|挤在)(车里|里头|里面|驾驶室|座位|方向盘)`,
		also: `车|撞|翻`},
	{name: "trapped", number: "119", event: true,
		expr: `(压在|砸在|倒在)` + clauseGap + `{0,6}车(上|顶)` + sentGap + `{0,12}(车里|里面|车内)` + clauseGap + `{0,4}有人`},
	{name: "trapped", number: "119", event: true,
		expr:   `(压在底下|压底下|砸在底下|被压住|被砸住|压着动不了|车轮底下|车轮下面|车底下|卷到车底)`,
		unless: thingsPinned},
	// Someone pinned under the vehicle they rode in (拉着的老太太压在车斗子底下).
	{name: "trapped", number: "119", event: true,
		expr: `(人|大爷|大娘|老太太|老太|老头|老人|孩子|小孩|司机|师傅|妇女|工人|俺爹|俺娘|他|她)` + clauseGap + `{0,3}(压在|扣在)(车|车斗子?|车厢|三轮车?|拖拉机|货车|大车|翻斗)(底下|下面|下边)`},
	{name: "trapped", number: "119", event: true,
		expr: `把` + clauseGap + `{0,8}(人|工人|孩子|小孩|老人|司机|师傅|俺爹|俺娘|他|她)` + clauseGap + `{0,2}(压住|砸住|埋住|压在|埋在|砸在|扣在|扣住|罩在|罩住)`},
	{name: "trapped", number: "119", event: true,
		expr: `(孩子|小孩|娃|宝宝|闺女|儿子)` + sentGap + `{0,8}(钻进|爬进|躲进|关进|扣在|闷在)` + clauseGap + `{0,6}(洗衣机|冰箱|冰柜|柜子|箱子|衣柜|行李箱|后备箱|桶里|缸里)`,
		also: `打不开|出不来|开不开|开不了|扣上|锁上|闷|哭`},
	{name: "trapped", number: "119", event: true,
		expr:   `被` + clauseGap + `{0,6}(压住|压在|卷进|卷入|碾住)` + clauseGap + `{0,6}(腿|脚|胳膊|身子|人|底下|下面|车轮|车底|出不来|动不了)`,
		unless: thingsPinned},
	// A head, hand or leg caught in a gap or a machine that cannot be
	// pulled out; someone pinned or buried, told with 让 or 给.
	{name: "trapped", number: "119", event: true,
		expr: `(头|脑袋|手|胳膊|腿|脚|手指头?|身子)` + clauseGap + `{0,4}?(卡在|夹在|卡进|夹进|钻进|钻到|伸进|伸到|塞进|塞到|绞进|卷进|卡到|夹到|卡住|夹住|绞住|卷住|压里头|压在里头|压进|压住|轧进)` + sentGap + `{0,12}?(拔不出|抽不出|出不来|拿不出|取不出|动不了|弄不出|拽不出|退不出|缩不回|拿不回)`},
	{name: "trapped", number: "119", event: true,
		expr: `(让|给|叫)` + clauseGap + `{0,6}?(压住|砸住|埋住|压在|埋在|卡住|夹住|困住|埋到|压到|砸在)` + clauseGap + `{0,8}(腿|脚|胳膊|身子|人|底下|下面|出不来|动不了|抽不出|拔不出|起不来)`},
	{name: "trapped", number: "119", event: true,
		expr: `(土|泥|沙子?|煤|砂石|石头|粮食|玉米|麦子|雪)` + clauseGap + `{0,4}?(埋|压|捂|盖)(到|住|在)` + clauseGap + `{0,4}(人|腰|胸|脖子|大腿|半截|半个身子|身子|下面|底下|里面)`},
	{name: "trapped", number: "119", event: true,
		expr: `(人|工人|孩子|小孩|老人|司机|师傅|他|她|俺爹|俺娘|我爸|我妈|俺男人|我男人|我老公)` + clauseGap + `{0,3}被?(土|泥|泥巴|沙子?|煤|砂石|石头|碎石|砖头|粮食|玉米|麦子|雪|渣土)` + clauseGap + `{0,2}(埋|压|捂|盖)(住|了|在|到)`},
	{name: "trapped", number: "119", event: true,
		expr: `(人|工人|孩子|小孩|老人|司机|师傅|他|她|俺爹|俺娘|我爸|我妈|俺男人|我男人|我老公)被` + clauseGap + `{0,8}(埋|盖|捂)(住|了|在|到)`},
	// Buried but for a limb or the head: 只剩胳膊在外头.
	{name: "trapped", number: "119", event: true,
		expr: `只(剩|露)(出)?(个|一只|一条|两只|半个)?(胳膊|手|头|脑袋|脚|腿|身子|上半身)(在)?(外头|外面|外边)`,
		also: `埋|压|塌|土|泥|废墟|雪|沙|砖`},
	{name: "trapped", number: "119", event: true,
		expr: `(孩子|小孩|娃|宝宝|婴儿|闺女|儿子)` + sentGap + `{0,8}?(反锁在|锁在|关在|锁到|关到|锁|关)` + clauseGap + `{0,4}(车里|车上|车内|屋里|家里|阳台|卫生间|房间|厕所)`,
		also: `岁|热|[0-9十]+度|哭|出不来|打不开|开不开|开不了|没人|钥匙|闷|晒`},
	{name: "explosion", number: "119", event: true,
		expr: `(锅炉|煤气罐|液化气罐|气罐|燃气|天然气|管道|厂房|房子|罐子|高压锅|反应釜|储罐|化工厂|车间)` + clauseGap + `{0,8}(炸了|爆了|炸开了)`},
	// A shop, a works or a home that blew up (烧烤店炸了，里头有人): a place,
	// not a thing in it (店里的灯泡炸了) nor an uproar (店里炸了锅).
	{name: "explosion", number: "119", event: true,
		expr:   `(店|饭店|饭馆|餐馆|烧烤店|烧烤摊|小吃店|门面|铺子|商铺|厂|工厂|厂子|车间|作坊|仓库|加油站|楼|屋|屋子|家|市场|超市|食堂|后厨|厨房)(里|里面|里头)?(突然|一下子|猛地|轰的一声|嘭的一声)?(炸了|爆了|炸开了|爆炸了|炸飞了|炸塌了)`,
		unless: []string{"炸了锅", "炸锅", "气炸", "炸毛", "炸串", "炸鸡", "炸了串", "灯泡", "暖瓶", "暖壶", "杯子", "轮胎", "车胎", "气球", "屏幕", "群", "网上", "朋友圈"}},
	{name: "struck", number: "119", event: true,
		expr: `(砸着|砸中|砸倒|砸到|砸住|压着|砸在|拍在)了?` + clauseGap + `{0,6}(人|行人|路人|孩子|小孩|老人|过路的)([^行]|$)`},
	// A dog attacking someone now: the police for the dog, 120 for the bites.
	{name: "dog-attack", number: "110", event: true,
		expr: `(狗|狼狗|藏獒|大狗|恶狗|比特|大黄狗|黑狗)` + clauseGap + `{0,8}(扑倒|扑上去|追着(人|孩子|小孩|老人)?咬|咬住|撕咬|按在地上咬|在地上咬|还在咬|一直咬|咬着不松|咬着不放)`},
	// A well or a pit that someone fell into, told place first.
	{name: "fall-into-pit", number: "119", event: true,
		expr: `(井|机井|枯井|窨井|深坑|大坑|坑|下水道|化粪池|地窖|菜窖)里` + clauseGap + `{0,2}(掉进去|掉下去|掉进|掉下|摔进去|栽进去|掉了)(了)?(一个|个|俩|两个)?(人|孩子|小孩|老人|男的|女的|娃)`},
	// Lost on a mountain at night, hurt or without water: a rescue.
	{name: "trapped", number: "119", event: true,
		expr: `(迷路|困在山上|下不了山|被困山上|困在山里|困在半山腰|困在悬崖)`,
		also: `天黑|摔伤|走不了|没电|受伤|下不来|冻|没水|山`},
	// A door blocked with someone hurt or in danger behind it.
	{name: "trapped", number: "119", event: true,
		expr: `(门|出口|楼梯)` + clauseGap + `{0,2}(被)?(堵着|堵死|堵住|卡住|卡死|变形|打不开)` + clauseGap + `{0,4}(出不来|出不去|开不开)`,
		also: `烫|烟|火|喷|晕|伤|救命|塌|砸|水漫|淹`},
	// Impaled on a bar or a spike.
	{name: "trapped", number: "119", event: true,
		expr: `(钢筋|铁棍|钢管|铁杆|铁栏杆|栏杆尖|铁刺|树枝|木桩)` + clauseGap + `{0,4}(扎穿|扎进|穿透|插进|刺穿|戳穿|扎透)`,
		also: `钉在|下不来|拔不出|挂在|卡在|取不下|拿不下|动不了`},
	// Someone who cannot look after themselves gone missing in danger, a
	// small child gone just now.
	{name: "missing-person", number: "110", event: true,
		expr: `(老年痴呆|痴呆|失智|糊涂|智力障碍|精神病|精神不正常|抑郁症)` + sentGap + `{0,20}(没回来|找不着|找不到|不见了|走丢|走失|联系不上)`,
		also: `零下|冷|晚上|夜里|河|水|天黑|天都黑|下雪|下雨|下着雨|一夜|到现在|好几个小时|一天`},
	{name: "missing-person", number: "110", event: true,
		expr: `(孩子|小孩|娃|儿子|闺女|女儿)` + clauseGap + `{0,4}(不见了|找不着了|找不到了|丢了|走丢了)`,
		also: `刚才|刚刚|一转眼|一眨眼|到处找|找不着|找遍|[0-9一二三四五六七八九十两]+岁`},
	// Held against one's will, attacked with a weapon.
	{name: "detention", number: "110", event: true,
		expr: `(被|把我|把俺|把她|把他|把人)` + clauseGap + `{0,4}(绑|捆|铐)(在|住|起来|了)`},
	{name: "detention", number: "110", event: true,
		expr: `(骗去|骗到|卖到|拐到|弄到|带到)` + clauseGap + `{0,6}(缅甸|柬埔寨|老挝|境外|国外|园区|电诈)`},
	{name: "detention", number: "110", event: true,
		expr:   `(骗到|骗进|骗去|关在|锁在|拉到|带到|扣在)` + sentGap + `{0,20}(不让(我|俺|她|他|人)?(走|出去|出门|离开|出来)|出不去|走不了|手机被(收|抢|拿)|手机(也|都)?(被|让|叫|给)` + clauseGap + `{0,3}(收|抢|拿|没收|扣)|收了(我|俺)?的?手机)`,
		unless: []string{"不买", "购物", "买东西", "消费"}}, // 不买不让走: a tourist trap, for the market regulator
	// Someone cornered by others and held for money (把孩子堵在厕所里不让出来).
	{name: "detention", number: "110", event: true,
		expr: `(把|将)` + clauseGap + `{0,8}(堵在|关在|锁在|扣在)` + sentGap + `{0,16}(不让(我|俺|她|他|人)?(走|出去|出来|离开)|要钱|不给钱就|不给就打)`},
	{name: "detention", number: "110", event: true,
		expr: `被` + clauseGap + `{0,4}(关|锁|囚禁|扣押|扣)` + clauseGap + `{0,10}(出不去|出不来|不放我|不让走|不让我走)|不放我走`},
	{name: "armed-attack", number: "110", event: true,
		expr: `(用|拿|持|举|抡|提|拎|攥|握)着?(一把|把|一根|根|个|一个)?` + weapons + clauseGap + `{0,10}?(砍|捅|追|打|逼|威胁|砸|抽|喊我|喊他|喊她|找我|找他|找她|堵我|堵在|叫骂|冲进|闯进|进来|往人)`},
	// Someone hiding from an attacker at home: 我和孩子躲在厕所里.
	{name: "violence", number: "110", event: true,
		expr: `(我|俺|我们|俺们|孩子|娘俩|娘儿俩)` + clauseGap + `{0,6}(躲在|躲进|藏在)` + clauseGap + `{0,4}(厕所|卫生间|卧室|屋里|柜子|房间|邻居家)`,
		also: `打我|打人|打孩子|打她|打俺|动手|砸|刀|喝多|喝醉|发疯|摔东西|追|掐|踹|砍`},
	// Someone at the door or inside with a weapon in hand: 踹开门进来了，手里拿着刀.
	{name: "armed-attack", number: "110", event: true,
		expr: `(手里|手上)(还)?(拿着|攥着|握着|提着|拎着|举着)(一把|把|一根|根)?` + weapons,
		also: `踹开|撬开|砸开|闯进|冲进|堵在|堵着|门口|找上门|躲在|躲进|追|砍|捅|要杀|弄死|打死`},
	{name: "break-in", number: "110", event: true,
		expr: `(有人|有个人|几个人|一个男的|陌生人|小偷)` + clauseGap + `{0,4}(在|正在)?(撬|砸|踹|砍|拿刀砍)` + clauseGap + `{0,4}门`},
	{name: "break-in", number: "110", event: true,
		expr:   `(踹门|撬门|砸门|踹我家门|砸我家门|撬我家门|踹俺家门|砸俺家门|(踹开|撬开|砸开|踢开|砸烂)` + clauseGap + `{0,4}门)`,
		unless: []string{"开锁", "锁匠", "换锁", "房东", "物业", "师傅", "消防", "民警", "警察"}}, // 开锁师傅撬门: a locksmith
	{name: "violence", number: "110", event: true,
		expr: `(喊救命|喊着救命|叫救命|直喊救命|一直喊救命)`},
	{name: "violence", number: "110", event: true,
		expr: `(围着|围住|按着|按在地上|摁着|摁在地上|揪着|拽着头发|追着|撵着|堵着|堵在)` + clauseGap + `{0,8}(打|踢|踹|揍|殴打|砸|扇|砍|捅)`},
	// An attack still going on, told by the blows rather than by 打人: the
	// kicking goes on (还在踹), slaps, a hand on the throat, someone beaten
	// until they bleed or cannot get up, someone who was just beaten.
	{name: "violence", number: "110", event: true,
		expr:   `(还在|一直在|正在|一直|使劲|往死里|拼命|不停地?)(踢|踹|揍)([^球毽足]|$)`,
		also:   `地上|倒|缩|趴|躺|血|哭|喊|求饶|救命|不动|打|头|脑袋|肚子`,
		unless: []string{"沙袋", "踢腿", "踢门", "踹门"}},
	{name: "violence", number: "110", event: true,
		expr: `(还在|一直在|正在|又在|一直|使劲|往死里|拼命|不停地?)(打|砸|扇|抽|掐|勒)(他|她|人|我|俺|孩子|老人|老头|老太太|媳妇|老婆|女的|男的|那个)([^电手游招]|$)`},
	{name: "violence", number: "110", event: true,
		expr: `(扇|抽|打|甩)` + clauseGap + `{0,6}?(耳光|嘴巴子|耳刮子|大嘴巴|耳瓜子)`},
	{name: "violence", number: "110", event: true,
		expr:   `(掐|勒)(着|住|了)` + clauseGap + `{0,4}?脖子|(掐|勒)(我|他|她|俺|人|孩子|老婆|媳妇|老人)的?脖子`,
		unless: []string{"噎", "卡着", "卡住", "卡在", "卡嗓子", "卡喉咙", "自己"}}, // choking: the hand on one's own throat
	{name: "violence", number: "110", event: true,
		expr: `(打|砍|捅|揍|踹|砸|踢)得` + clauseGap + `{0,6}?(满脸是血|满头是血|头破血流|一脸血|一身血|一头血|爬不起来|起不来|站不起来|不省人事|不动了|晕过去|昏过去|鼻青脸肿|直吐血)`},
	{name: "violence", number: "110", event: true,
		expr: `把(人|他|她|我|俺|孩子|老人|老头|老太太|媳妇|老婆|对方|那人|那个人|一个人|` + clauseGap + `{0,4}?(小哥|大哥|大姐|师傅|大爷|大娘|学生|保安|服务员|司机|小伙子?|姑娘))` +
			clauseGap + `{0,2}?(打|砍|捅|揍|踹|砸|踢)(得|成|伤|破|倒|晕|趴)`},
	// 被…打了: the victim is a person (not a car or a window), and not a shot
	// or an interruption (打针, 打扰); 打破 only of a head or a face (垄断被
	// 打破 is a reform).
	{name: "violence", number: "110", event: true,
		expr: `被` + clauseGap + `{0,8}?((打|砍|捅|揍|踹|踢|砸)(了|伤|得|成|倒|晕|趴|翻)|(砸|打|砍)破了?(头|脑袋|脸|嘴|鼻子|额头|眼角))`,
		also: `血|伤|疼|肿|倒|晕|还在|现在|刚才|刚刚|正在|快来|救命|不动|起不来|爬不起来`,
		unless: []string{"车被", "车子被", "玻璃被", "窗户被", "窗被", "门被", "店被", "摊被", "摊子被", "墙被", "锁被", "东西被", "监控被", "牌子被",
			"针", "疫苗", "打扰", "打搅", "打断", "打折", "打回", "打卡", "打败", "打湿", "打乱", "打翻", "打碎", "砸了锅", "饭碗"}},
	{name: "violence", number: "110", event: true,
		expr: `被` + clauseGap + `{0,6}?(用刀|拿刀|持刀|刀子|匕首)` + clauseGap + `{0,4}?(划|扎|刺|捅|砍)`},
	{name: "violence", number: "110", event: true,
		expr: `(互殴|群殴|打群架|混战)`},
	// Someone beaten (often told as every day) whose screams are heard:
	// 邻居家孩子天天挨打，刚才又在惨叫. Not a jab at a clinic, a game or a
	// film.
	{name: "violence", number: "110", event: true,
		expr:   `(惨叫|尖叫|哭喊|哭叫|哭嚎|嚎叫|嗷嗷(叫|哭)|撕心裂肺(地|的)?(哭|叫|喊)|哭着求饶|求饶)`,
		also:   `挨打|挨揍|被打|被揍|打(孩子|他|她|人|俺|我|娃|闺女|儿子|老婆|媳妇)|揍(孩子|他|她|人|俺|我|娃)|虐待|虐打|抽(孩子|他|她)|踹|皮带|棍子|衣架`,
		unless: []string{"打针", "打疫苗", "疫苗", "打点滴", "打球", "打牌", "麻将", "游戏", "打闹", "玩", "过山车", "鬼屋", "恐怖片", "电影", "电视", "演唱会", "视频", "小说"}},
	// A driver (often drunk) who says he will run someone over: a threat
	// (110), not a road accident.
	{name: "threat", number: "110", event: true,
		expr:   `(说|喊|嚷|扬言|放话|叫嚣|骂)着?` + clauseGap + `{0,3}(要|去|就)` + clauseGap + `{0,3}(撞死|轧死|碾死|压死|撞人|轧人|碾人|(撞|轧|碾)(死)?(我|他|她|俺|你|人家|那人))|(开着?车|驾车|开车)` + clauseGap + `{0,6}(追着|冲着|朝着|奔着)?(要|想)(撞|轧|碾)(死)?(我|他|她|俺|人|你)`,
		unless: []string{"早晚", "迟早", "总有一天", "容易", "差点", "险些", "小心", "开得太快", "开那么快"}},
	{name: "violence", number: "110", event: true,
		expr: `(脑袋|头|脸|额头|鼻子|眼眶|嘴)(被|让|叫|给)` + clauseGap + `{0,6}(砸|打|砍|敲|抡|揍)(破|伤|开|烂|肿|出血)`},
	{name: "violence", number: "110", event: true,
		expr:   `(开了?(他|她|人家|人|俺|我|对方|那人)?的?|打开)瓢|(捅|砍|扎|刺)(了|伤了|倒了)(人|一个人|个人|他|她|人家|好几个人|俩人|两个人|好几刀|几刀|一刀|两刀)`,
		unless: []string{"篓子", "马蜂窝", "窗户纸", "西瓜", "葫芦"}},
	{name: "violence", number: "110", event: true,
		expr: `(凶手|歹徒|行凶的|砍人的|捅人的|拿刀的)` + sentGap + `{0,8}(跑|还在|躲|追|藏|往)`,
		also: `血|伤|捅|砍|刀|倒`},
	{name: "stalking", number: "110", event: true,
		expr: `(尾随|跟踪|一直跟着|跟了)(我|俺|她|孩子|闺女|女儿|我闺女|我女儿)` + sentGap + `{0,20}(门外|门口|楼道|敲门|不走|还在|躲|追)`},
	{name: "armed-attack", number: "110", event: true,
		expr: `(开着?车|驾车|开车)` + clauseGap + `{0,6}(往人群|往人堆|朝人群|冲向人群|往人身上|朝人|冲向人|往人里)(里)?(撞|冲|开|轧)`},
	// A vehicle that ploughs into a crowd: the police lead (it may be an
	// attack, and the traffic police are police), with 120 for the
	// injured; told as an accident (刹车失灵, 失控, 没刹住), a road accident
	// (122) with 120.
	{name: "crowd-ramming", number: "110", event: true, with: []string{"120"},
		expr:   crowdVehicle + clauseGap + `{0,10}` + crowdInto,
		unless: append([]string{"老往", "总往", "老是", "总是", "经常", "天天", "隔离", "护栏", "视频", "能不能", "能否"}, crowdAccident...)},
	{name: "crowd-crash", number: "122", event: true, with: []string{"120"},
		expr: crowdVehicle + clauseGap + `{0,10}` + crowdInto,
		also: strings.Join(crowdAccident, "|")},
	// A weapon drawn or swung: 动刀子, 抡起酒瓶, 拿着剪子追人.
	{name: "armed-attack", number: "110", event: true,
		expr:   `(动|亮|掏|拔|抽)(出|起)?了?(刀子|刀|匕首|砍刀|菜刀)(来|了)?`,
		unless: []string{"手术", "医院", "医生", "大夫", "开刀", "住院", "病", "做饭", "切菜", "厨房", "削", "快递", "拆"}},
	{name: "armed-attack", number: "110", event: true,
		expr: `(抡起|抡着|抡|挥舞|挥着|挥起|抄起|操起|抓起|举起|拎起|甩起)(了)?(起来)?(把|个|根|块|一把|一个|一根|一块)?` + weapons,
		also: `血|砸|打|伤|追|砍|捅|头|乱|往人|冲着|朝着`},
	{name: "armed-attack", number: "110", event: true,
		expr: `(拿着|拿|持|握着|攥着|提着|拎着)(一把|把)?(剪子|剪刀|匕首|水果刀|尖刀|刀)` + clauseGap + `{0,10}?(追|砍|捅|扎|刺|乱挥|比划|逼|抵着|架在)`},
	// A robbery just now: the bag or the necklace snatched.
	{name: "robbery", number: "110", event: true,
		expr: `(抢|夺|拽|扯|抢走|夺走|拽走|扯走|抢跑)(走|了|掉|下)?了?(我|俺|她|他|老人|老太太|人家|一个人)?的?(包|挎包|手提包|手机([^号卡壳膜套]|$)|项链|金项链|金链子|钱包|耳环|首饰|金镯子|镯子)`},
	// Drowning.
	{name: "flood-trapped", number: "119", event: true,
		expr:   `(水|洪水|大水)` + clauseGap + `{0,6}(没到|没过|淹到|漫到|漫过|齐|到了|到)` + clauseGap + `{0,2}(腰|胸口|胸|脖子|大腿|膝盖|窗户|床|车顶|车窗|车门)`,
		also:   `还在|困在|出不来|上不来|出不去|在里面|在屋里|在家里|爬到|房顶上|屋顶上|还有人|里有人|车里有人|(车里|屋里|里面|车上|车内)(还)?(坐着|有|困着|站着|关着)`,
		unless: []string{"往里走", "往河里", "往水里", "往湖里", "往深处", "往河中间", "往水库里"}}, // walking into the water: suicide-intent (110)
	// Someone who went down a pit, a tank or a cellar and does not come up
	// (gas or lack of air).
	{name: "confined-space", number: "119", event: true,
		expr: `(沼气池|化粪池|粪池|窨井|污水井|下水道|地窖|红薯窖|菜窖|井下|储罐|罐子里|污水池|发酵池)` + sentGap + `{0,16}` +
			`(没动静|没上来|没有上来|没出来|晕倒|晕过去|倒在|叫不应|喊不应|不吭声|没反应|没有反应|喊不答应|叫不答应|不答应|没回音|没声)`},
	// A vehicle in a flood with people in it or on its roof.
	{name: "flood-trapped", number: "119", event: true,
		expr: `(车|轿车|小车|汽车|面包车|公交|大巴|三轮)` + clauseGap + `{0,8}(泡在水|泡在里面|淹在水|淹在里面|被水淹|被淹|被冲走|被水冲|让水冲|冲进河|冲到河|冲进沟|冲进了河|冲进了沟|漂在水|陷在水)`,
		also: `车里|车上|车顶|车内|出不来|喊|救命|爬到|爬上`},
	{name: "flood-trapped", number: "119", event: true,
		expr: `(车顶|房顶|屋顶|树上|树杈|电线杆)上?` + clauseGap + `{0,6}(站着|趴着|蹲着|坐着|爬上|爬到|抱着|有人|有个人|困着)|` +
			`(站在|趴在|蹲在|坐在|爬到|爬上|困在)` + clauseGap + `{0,4}(车顶|房顶|屋顶|树上|树杈)`,
		also: `积水|洪水|大水|涨水|淹|泡在水|水里|冲进|被冲|灌满水|水漫|漫过`},
	// Burns and scalds over a large area.
	{name: "burn", number: "120", event: true,
		expr: `(烫伤|烧伤|被开水烫|开水烫|热油烫|油烫|被火烧|烫了|烧着了|烫着了|烫得|烧得|火燎了|燎着了|燎伤|燎得|(开水|热水|热油|滚油|油)` + clauseGap + `{0,3}(浇|泼|洒|淋|溅))` +
			sentGap + `{0,16}(皮都掉|掉了一大块皮|皮掉了|皮肉|全是泡|都是泡|一层泡|满是泡|大面积|一大片|全身|浑身|半边脸|半边身子|脸上全|发黑|烧焦|起了一大片|一身|起泡|水泡|大泡|前胸|后背|焦了|皮都焦)`},
	{name: "burn", number: "120", event: true,
		expr: `(烧|烫|燎|炸)(掉|下|脱|破|起)了?(一大块|一块|一层|一片|好大一块|好几块)皮`},
	{name: "burn", number: "120", event: true,
		expr: `(满身是火|身上(冒烟|冒火|烧焦|焦黑|着着火|着火|着了)|浑身是火|一身火|身上着火了|身上着了|衣服着了|衣服烧着了|头发烧着了)`},
	{name: "drowning", number: "119", event: true,
		expr: `(掉到|掉在|栽进|滑进|滑到|滑下|冲进|翻进|扎到|扎进|栽到|出溜到|踩空|失足|掉|跌|落|摔)` + clauseGap + `{0,6}(` + waterIn + `|化粪池|冰窟窿|冰窟|深水)`,
		// a thing dropped in the water (a phone, keys, a wire) is no person
		unless: []string{"手机", "钥匙", "钱包", "电线", "电缆", "眼镜", "耳机", "手表", "戒指", "证件", "身份证", "打捞", "捞上来", "捞出来", "帮忙捞"}},
	{name: "drowning", number: "119", event: true,
		expr: `(河边|河沿|河堤|河滩|岸边|塘边|坑塘|水库边|湖边|江边|海边|渠边|沟边|水边|坝上|桥上|船上|冰面|钓鱼|摸鱼|捞鱼)` + sentGap + `{0,16}` +
			`(滑|出溜|栽|掉|跌|摔|落|翻)(了|进|到)?(下去|进去|水里|深水|河里|塘里|水库里|湖里|江里|海里|渠里|沟里)` + sentGap + `{0,20}` +
			`(扑腾|看不见|不见了|没影|沉下去|往下沉|冒泡|没上来|喊救命|呼救|拉不上来|够不着|冲走|漂走|只剩|就剩)`},
	{name: "drowning", number: "119", event: true,
		expr: `(把|将)(他|她|人|孩子|小孩|老人|俺爹|俺娘|我爸|我妈|俺哥|我哥|我弟|俺弟|两个人|一个人)` + clauseGap + `{0,4}(冲走|卷走|冲跑|卷跑|冲下去|卷下去|冲没了)`,
		also: `水|河|浪|洪|汛|潮`},
	{name: "drowning", number: "119", event: true,
		expr: `(人|他|她|孩子|小孩|老人|一个人|两个人|几个人|连人带车)` + clauseGap + `{0,4}(被|让|叫)(水|洪水|河水|急流|大浪|浪|大水|山洪)?(冲走|卷走|冲跑|卷跑|冲下去|卷下去|冲到河里|冲进河里|冲到沟里|冲进沟里|冲到水里|冲下河)`},
	{name: "drowning", number: "119", event: true,
		expr: `(船|小船|渔船|游船|皮划艇|竹筏|筏子)` + clauseGap + `{0,4}(翻了|翻扣|扣了|沉了|翻过来)`,
		also: `人|水里|落水|救命|抓着|扒着`},
	{name: "drowning", number: "119", event: true,
		expr: `(跳河|跳江|跳湖|跳水库|跳海|跳下去|跳进去)了?` + sentGap + `{0,12}(还在水里|在水里|没上来|看不见人|冲走|往下漂|漂走|扑腾)`},
	{name: "drowning", number: "119", event: true,
		expr: `冰` + clauseGap + `{0,4}(破了|裂了|塌了|碎了|裂开)` + sentGap + `{0,12}(掉|落|沉|陷|人|孩子|小孩)`},
	{name: "drowning", number: "119", event: true,
		expr: `(游泳|下水|洗澡|玩水|冲走|落水|被水冲|让水冲|被冲|冲出去|` + waterIn + `)` + sentGap + `{0,20}` + waterSigns},
	// A tanker or a tank that leaks fumes: the fire brigade's hazmat (119).
	// (A smell that fells people is 120: the victims, TestEmergencyCues.)
	{name: "gas-leak", number: "119", event: true,
		expr: `(罐车|槽罐车|储罐|罐子|化工|危化品|液氨|氯气|硫酸|盐酸|农药)` + sentGap + `{0,16}(漏出|泄漏|泄露|冒白烟|冒黄烟|洒了一地|流了一地)`,
		also: `翻|撞|破|裂|住户|人|呛|晕`},
	// Live wires and gas next to a flame.
	{name: "live-wire", number: "119", event: true,
		expr: `(电线|电缆|高压线|线路|配电箱|电箱|电表箱|变压器)` + sentGap + `{0,16}(冒火花|打火|噼里啪啦|冒烟|着火|耷拉在地|拖在地上|掉在地上|落在地上|断了掉|耷在|耷拉在|泡在水|水坑里|水里|搭在)`},
	{name: "live-wire", number: "119", event: true,
		expr: `(刮断|砸断|断了|掉了|落地)` + clauseGap + `{0,4}(电线|电缆|高压线)`},
	// An appliance fallen into bath water with someone in it (119 with 120).
	{name: "live-wire", number: "119", event: true, with: []string{"120"},
		expr: `(吹风机|电吹风|插线板|插排|插座|充电器|热得快|电暖器|取暖器|电线)` + clauseGap + `{0,6}(掉进|掉到|掉在|泡在|落进|掉)` + clauseGap + `{0,4}(澡盆|浴缸|水盆|水桶|盆里|水里|洗澡水|浴盆)`,
		also: `人|孩子|小孩|娃|抽|不动|倒|叫不|没反应|麻`},
	// Someone lying by a wire or a transformer: felled by the current (119
	// with 120).
	{name: "live-wire", number: "119", event: true, with: []string{"120"},
		expr: `(电线|电缆|高压线|变压器|电闸|电箱|配电箱|电线杆|电杆)` + sentGap + `{0,10}(躺着|倒着|趴着|倒了|倒地|倒在|躺在|趴在)(个|一个|俩|两个)?(人|老头|老人|孩子|小孩|工人|男的|女的|电工|师傅)`},
	// Someone held by the current now (被电住了, 粘在电线上).
	{name: "live-wire", number: "119", event: true,
		expr:   `(被|让|叫|给)(高压线|电线|电缆|电闸|电门|变压器)?电(住|打|击|着|倒|到)了?|电(打|击)(倒|着)了|(粘|吸|黏|挂|贴)在` + clauseGap + `{0,4}(电线|电缆|高压线|电门|电闸|电箱|配电箱|变压器)(上)?`,
		unless: []string{"电费", "电动车", "电话", "电视", "电脑"}},
	{name: "live-wire", number: "119", event: true,
		expr: `(电网|电线|电门|电闸|高压线|电缆)` + sentGap + `{0,12}(碰上了|碰到了|摸到了|挨上了|挂上了|电倒|打倒)`,
		also: `倒|不动|叫不|喊不|晕|没气|抽|冒烟`},
	{name: "gas-flame", number: "119", event: true,
		expr: `(煤气味|燃气味|天然气味|液化气味|臭鸡蛋味|漏气|泄漏|泄露|气味很大|(燃气|煤气|天然气|液化气|气罐|煤气罐|液化气罐)` + clauseGap + `{0,6}(漏|滋气|呲气|嗤嗤|喷气|冒气|往外喷|往外冒|跑气))` + sentGap + `{0,20}(点烟|点火|抽烟|开火|打火|明火|做饭|炒菜|开着火|开灯|打火机|电焊|焊|切割|烧烤|生炉子|炉子|煤炉|蜂窝煤|灶上|灶台|火上|火还|烧着)`},
	{name: "gas-victim", number: "119", event: true, with: []string{"120"},
		expr: `((臭鸡蛋味|煤气味|燃气味|天然气味|液化气味)|(煤气|燃气|天然气|液化气)` + clauseGap + `{0,6}(管子|软管|胶管|气管|管)` + clauseGap + `{0,2}(掉了|脱了|断了|裂了|开了|脱落)|(燃气|天然气|煤气|液化气|气罐|煤气罐|液化气罐|钢瓶|阀门)` + clauseGap + `{0,5}(漏了|在漏|漏气|跑气|泄漏|泄露|往外漏|漏出|呲气|滋气|冒气))` +
			sentGap + `{0,24}(叫不醒|叫不应|喊不应|没反应|没有反应|不省人事|人事不知|晕倒|晕了|晕过去|昏过去|昏倒|迷糊了|起不来|(倒|躺|趴|瘫|晕|昏)在` + clauseGap + `{0,6}(地上|地板上|地下|床上|炕上|沙发上|桌上|饭桌上|厨房|灶台|灶|卫生间|门口|屋里))`},
	{name: "gas-leak", number: "119", event: true,
		expr:   `(燃气|天然气|煤气|液化气|气罐|煤气罐|液化气罐|钢瓶)` + clauseGap + `{0,3}(漏了|在漏|正在漏|跑气了|往外漏|漏出来|呲呲|嗤嗤|滋滋|往外冒气|往外喷)`,
		unless: []string{"燃气表", "气表", "表", "检测", "检查", "上门", "燃气费", "收费"}},
	{name: "gas-flame", number: "119", event: true,
		expr: `(电焊|焊|点火|明火|动火)` + sentGap + `{0,20}(煤气味|燃气味|天然气味|液化气味|臭鸡蛋味|漏气|泄漏|泄露)`},
	// A child fallen into a pit, a drain or a bore hole, told with 掉到 or a
	// long place name (那个废弃的地窖): an event, unlike the state rule of
	// emergRuleDefs (a past fall is no emergency). Last, so that a fall into water
	// (drowning) or a pit nobody answers from (confined-space) names its
	// own rule.
	{name: "fall-into-pit", number: "119", event: true,
		expr:   `(掉进|掉到|掉入|掉在|跌进|跌到|跌入|栽进|栽到|滑进|滑到|坠入|落入|钻进|陷进|陷到)了?` + clauseGap + `{0,8}(井|机井|枯井|窨井|下水道|化粪池|粪池|深坑|大坑|坑里|地窖|菜窖|红薯窖|桩孔|桩坑|孔里|洞里|窟窿|沟里|深沟|竖井|管道里|搅拌罐|罐里|罐子里|料仓|筒仓|粮仓|粮囤|池子里)`,
		also:   `人|孩子|小孩|娃|老人|男的|女的|他|她|俺|我|闺女|儿子|工人|师傅`,
		unless: thingsDropped},
}

type emergRule struct {
	event  bool
	name   string
	number string
	re     *regexp.Regexp
	always bool // no required words known: run on every text
	also   *regexp.Regexp
	unless []string
	with   []string
	// split and alsoSplit are re and also split into branches
	// (emergency_match.go); nil when a pattern must run whole.
	split, alsoSplit *splitPattern
}
