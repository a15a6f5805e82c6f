package nlp

import (
	"context"
	"hotline/domain"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"hotline/config"
)

var (
	defaultCfgOnce sync.Once
	defaultCfg     *config.Config
	defaultCfgErr  error
)

// testConfig returns the embedded default config, parsed once per test
// binary (it is only read).
func testConfig(t testing.TB) *config.Config {
	t.Helper()
	defaultCfgOnce.Do(func() { defaultCfg, defaultCfgErr = config.Default() })
	if defaultCfgErr != nil {
		t.Fatalf("config.Default: %v", defaultCfgErr)
	}
	return defaultCfg
}

func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	return NewExtractor(testConfig(t))
}

func TestExtractPhones(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text string
		want []string
	}{
		{"我的电话13953706688", []string{"13953706688"}},
		{"电话：139 5370 6688，尽快联系", []string{"13953706688"}},
		{"手机139-5370-6688", []string{"13953706688"}},
		{"联系方式+86 139 5370 6688", []string{"13953706688"}},
		{"联系方式+8613953706688", []string{"13953706688"}},
		{"联系方式86-13953706688", []string{"13953706688"}},
		{"0086 13953706688", []string{"13953706688"}},
		{"电话１３９５３７０６６８８谢谢", []string{"13953706688"}},
		{"座机0537-7212345", []string{"0537-7212345"}},
		{"座机0537 7212345", []string{"0537-7212345"}},
		{"座机(0537)7212345", []string{"0537-7212345"}},
		{"座机（０５３７）７２１２３４５", []string{"0537-7212345"}},
		{"座机05377212345", []string{"0537-7212345"}},
		{"座机0537-72123456", []string{"0537-72123456"}},
		{"北京010-62345678", []string{"010-62345678"}},
		{"打13953706688或者0537-7212345都行", []string{"13953706688", "0537-7212345"}},
		{"139 5370 6688 0537-7212345", []string{"13953706688", "0537-7212345"}},
		{"电话18653716688，再留一个15066778899", []string{"18653716688", "15066778899"}},
		{"重复13953706688，13953706688", []string{"13953706688"}},
		{"工单号20261127-0042怎么还没处理", nil},
		{"身份证号370802199001011234", nil},
		{"身份证37080219900101123X", nil},
		{"退款金额13900元", nil},
		{"2026-11-27下午3点", nil},
		{"订单号202611270042，电话13953706688", []string{"13953706688"}},
		{"号码1395370668", nil},   // 10 digits
		{"号码139537066881", nil}, // 12 digits
		{"号码12953706688", nil},  // no 12x mobiles
		{"银行卡6222021234567890123", nil},
		{"快递单号SF1395370668812", nil},
		{"😀13953706688😀", []string{"13953706688"}},
		{"", nil},
		// Numbers read out in Chinese numerals, as voice input writes them.
		{"我家电话一三九五三七零六六八八", []string{"13953706688"}},
		{"电话幺三九 五三七零 六六八八", []string{"13953706688"}},
		{"手机号：幺三九-五三七洞-六六八八", []string{"13953706688"}},
		// A word that starts with a numeral right after the number (一直,
		// 一下) is no twelfth digit: the number was lost before.
		{"我打13953706601一直没人接", []string{"13953706601"}},
		{"电话一三九五三七零六六八八一直打不通", []string{"13953706688"}},
		{"座机0537-7212345一下就占线", []string{"0537-7212345"}},
		{"电话139五三七零6688", []string{"13953706688"}},
		{"座机零五三七-七二一二三四五", []string{"0537-7212345"}},
		{"座机０５３７－７２１２３４５", []string{"0537-7212345"}},
		{"电话１３９ ５３７０ ６６８８", []string{"13953706688"}},
		{"一三五七九，二四六八", nil}, // too short for a number
		{"三三两两的人在楼下聊天", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := x.Phones(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Phones(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractPlace(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, district, town string
	}{
		{"任城区古槐路有烧烤摊", "任城区", ""},
		{"任城古槐路", "任城区", ""},
		{"古槐街道办事处", "任城区", "古槐街道"},
		{"兖州小孟镇有户老房子塌了", "兖州区", "小孟镇"},
		{"小孟镇张家村危房改造", "兖州区", "小孟镇"},
		{"我是小孟的，想问危房补贴", "兖州区", "小孟镇"},
		{"高新区柳行街道的路灯", "济宁高新区", "柳行街道"},
		{"洸河街道某小区", "济宁高新区", "洸河街道"},
		{"曲阜三孔门票", "曲阜市", ""},
		{"邹城市钢山街道", "邹城市", "钢山街道"},
		{"太白湖新区许庄街道", "太白湖新区", "许庄街道"},
		{"经开区疃里镇", "济宁经济技术开发区", "疃里镇"},
		{"梁山县水泊街道", "梁山县", "水泊街道"},
		{"喻屯那边的村道", "任城区", "喻屯镇"},
		{"家门口的马路坏了", "", ""},
		{"王庄村的路", "", ""},   // 王庄 is too common to mean 王庄镇
		{"安居工程的问题", "", ""}, // 安居 is a word, not 安居街道
		{"小路口有人摆摊", "", ""},
		// Short names ordinary text makes across a word boundary.
		{"俺娘躺沙发上叫不醒，喊她、掐她人中都没反应", "", ""},
		{"家中都是老人，院子的石墙倒了", "", ""},
		{"买了一大束花，两城之间的班车停了", "", ""},
		{"汶上县中都街道的路灯", "汶上县", "中都街道"},
		{"中都街道那边的路灯", "汶上县", "中都街道"},
		{"兖州区政府门口，任城区的车", "兖州区", ""},
		// Landmarks from the config name their district.
		{"孔庙旁边卖纪念品的太贵", "曲阜市", ""},
		{"三孔景区门口有人拉客", "曲阜市", ""},
		{"微山湖的游船票价", "微山县", ""},
		{"水泊梁山景区厕所太脏", "梁山县", ""},
		{"孟庙门口乱停车", "邹城市", ""},
		{"铁塔寺旁边的小吃街晚上太吵", "任城区", ""},
		{"少陵台附近的路灯坏了", "兖州区", ""},
		{"周公庙那边的厕所没人打扫", "曲阜市", ""},
		{"带孩子去孔子博物馆，门口停车被乱收费", "曲阜市", ""},
		{"去南阳古镇坐船的码头没有护栏", "微山县", ""},
		{"青山寺上山的台阶坏了好几块", "嘉祥县", ""},
		{"宝相寺景区门口拉客的太多", "汶上县", ""},
		{"莲花湖湿地里有人电鱼", "汶上县", ""},
		// A landmark loses to a district named outright.
		{"俺是嘉祥的，上回去周公庙玩", "嘉祥县", ""},
		// A landmark beats the city's name inside it: 济宁学院 is in 曲阜,
		// the culture centre in 太白湖新区.
		{"济宁学院南门外那段路全是坑", "曲阜市", ""},
		{"俺在济宁市里打工，闺女在济宁学院上学，宿舍楼热水老停", "曲阜市", ""},
		{"济宁市文化中心地下停车场收费太贵", "太白湖新区", ""},
		{"光善寺塔底下的小广场晚上跳舞的音响太大", "金乡县", ""},
		{"孝贤广场的喷泉池子里全是垃圾", "鱼台县", ""},
		{"鸿雁湖公园晚上的音乐喷泉声音太大", "济宁高新区", ""},
		{"九顶山上新修的步道有人骑摩托车", "济宁经济技术开发区", ""},
		// Aliases of one landmark.
		{"市文化中心旁边的公厕锁着门", "太白湖新区", ""},
		{"南池景区里的长椅坏了好几个", "任城区", ""},
		{"去孟子林的路上没有路灯", "邹城市", ""},
		// A name that several places share is no landmark: 文峰塔 is
		// 光善寺塔's other name and a tower's name in other cities, and each
		// county has its own culture centre; a district named outright wins.
		{"文峰塔下面的广场有人摆摊", "", ""},
		{"文化中心门口乱停车", "", ""},
		{"梁山县文化中心门口乱停车", "梁山县", ""},
		{"曲阜市文化中心的空调不制冷", "曲阜市", ""},
		// A bare street name that is also an ordinary word counts only as
		// a place (滨湖那边), never in another name (滨湖花园, 太白湖的滨湖步道).
		{"滨湖那边新修的路灯一半不亮", "鱼台县", "滨湖街道"},
		{"俺家住滨湖附近，自来水发黄", "鱼台县", "滨湖街道"},
		{"滨湖花园小区门口堆满垃圾", "", ""},
		{"太白湖的滨湖步道上有人骑电动车", "太白湖新区", ""},
		{"任城区滨湖那边的小区停水了", "任城区", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d, town, conf := x.Place(tt.text)
			if d != tt.district || town != tt.town {
				t.Errorf("Place(%q) = %q, %q; want %q, %q", tt.text, d, town, tt.district, tt.town)
			}
			if (d == "") != (conf == 0) || conf > 1 {
				t.Errorf("Place(%q) conf = %v with district %q", tt.text, conf, d)
			}
		})
	}
}

func TestExtractAddress(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, want string
	}{
		{"任城区古槐路有烧烤摊占道经营，油烟很大", "任城区古槐路"},
		{"古槐路路灯坏了", "古槐路"},
		{"任城区古槐路与共青团路交叉口红绿灯坏了", "任城区古槐路与共青团路交叉口"},
		{"金宇路28号门口堆满垃圾", "金宇路28号"},
		{"我家住在翰林苑小区3号楼，电梯坏了", "翰林苑小区3号楼"},
		{"翰林苑小区3号楼2单元楼道灯不亮", "翰林苑小区3号楼2单元"},
		{"兖州区小孟镇张家村的村道坏了", "兖州区小孟镇张家村"},
		{"太白楼路东方花园北门有人摆摊", "太白楼路东方花园"},
		{"建设北路88号", "建设北路88号"},
		// A town ending in 街道 keeps its whole name (not 阜桥街).
		{"任城区阜桥街道小区门口垃圾堆了三天没人清理", "任城区阜桥街道"},
		{"任城区阜桥街道办事处门口有人摆摊", "任城区阜桥街道"},
		{"邹城市千泉街道幸福小区5号楼", "邹城市千泉街道幸福小区5号楼"},
		{"路灯坏了", ""},
		{"马路上全是垃圾", ""},
		{"农村危房改造怎么申请", ""},
		{"去医院看病太难了", ""},
		{"我想咨询一下公积金提取", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, conf := x.Address(tt.text)
			if got != tt.want {
				t.Errorf("Address(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if (got == "") != (conf == 0) {
				t.Errorf("Address(%q) conf = %v", tt.text, conf)
			}
		})
	}
}

func TestExtractName(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, want string
	}{
		{"你好，我叫张三，电话13953706688", "张三"},
		{"我叫张三丰", "张三丰"},
		{"我是李女士，家住古槐路", "李女士"},
		{"联系人王先生13953706688", "王先生"},
		{"联系人：赵敏", "赵敏"},
		{"免贵姓刘", "刘"},
		{"我姓刘，女士", "刘女士"},
		{"我叫王芳电话13953706688", "王芳"},
		{"我是任城区居民", ""},
		{"我是业主", ""},
		{"我是一名环卫工人", ""},
		{"我是这个小区的", ""},
		{"路灯坏了", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := x.Name(tt.text); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractRequestType(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, want string
	}{
		{"请问公积金提取需要什么材料？", "咨询"},
		{"办理居住证怎么办理", "咨询"},
		{"我要投诉这家物业，服务太差", "投诉"},
		{"举报有人在河边偷排污水", "举报"},
		{"建议在我们小区门口增设一个公交站", "建议"},
		{"我想表扬一下3路公交车的司机", "表扬"},
		{"感谢环卫工人，给你们点赞", "表扬"},
		{"家里老人走丢了，求助", "求助"},
		{"路灯坏了", "投诉"},
		{"烧烤摊占道经营，油烟很大，请尽快处理，谢谢", "投诉"},
		{"不建议这样做，物业服务太差", "投诉"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, conf := x.RequestType(tt.text)
			if got != tt.want {
				t.Errorf("RequestType(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if conf <= 0 || conf >= 1 {
				t.Errorf("RequestType(%q) conf = %v", tt.text, conf)
			}
		})
	}
}

func TestExtractEmergency(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, number string // "" = no emergency
	}{
		{"楼下饭店着火了，火很大", "119"},
		{"我闻到很大的煤气味，担心会爆炸", "119"},
		{"单元楼里天然气泄漏了", "119"},
		{"电梯困人了，里面有个孩子", "119"},
		{"路边有个老人晕倒了", "120"},
		{"有人喝农药了快来人", "120"},
		{"小区门口有人持刀打架", "110"},
		{"有人要跳楼", "110"},
		{"古槐路发生车祸，有人被撞", "122"},
		{"路口车祸了，有人受伤昏迷", "122"}, // with 120 in Also: the injured in a road accident
		{"没有着火，就是油烟太大", ""},
		{"并未起火，只是烧烤烟大", ""},
		{"楼道堆满杂物，万一着火怎么办", ""},
		{"消防通道被占，担心发生火灾", ""},
		{"这不是紧急情况，路灯坏了", ""},
		{"物业组织消防演练起火点在哪", ""},
		{"没有着火，但是有人晕倒了", "120"},
		{"路灯坏了", ""},
		{"🔥🔥着火啦", "119"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			em := x.Emergency(tt.text)
			switch {
			case tt.number == "" && em != nil:
				t.Errorf("Emergency(%q) = %+v, want none", tt.text, em)
			case tt.number != "" && em == nil:
				t.Errorf("Emergency(%q) = nil, want %s", tt.text, tt.number)
			case em != nil && em.Number != tt.number:
				t.Errorf("Emergency(%q) = %s (cue %q), want %s", tt.text, em.Number, em.Cue, tt.number)
			case em != nil && (em.Reply == "" || em.Cue == "" || !strings.Contains(em.Reply, em.Number)):
				t.Errorf("Emergency(%q) = %+v: reply must name the number", tt.text, em)
			}
		})
	}
}

func TestExtractUrgency(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, want string
	}{
		{"厨房着火了", "特急"},
		{"我们小区停水两天了，家里有老人孩子", "紧急"},
		{"整栋楼停电了", "紧急"},
		{"家里没暖气，冻死了", "紧急"},
		{"暖气不热，室温只有十二度", "紧急"},
		{"燃气停气了做不了饭", "紧急"},
		{"没有停水，就是水压低", "一般"},
		{"计划停电的通知在哪看", "一般"},
		{"手机没电了", "一般"},
		{"路灯坏了", "一般"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := x.Urgency(tt.text); got != tt.want {
				t.Errorf("Urgency(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractTitle(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text, category, want string
	}{
		{"任城区古槐路有烧烤摊占道经营，油烟很大", "SRHW", "任城区古槐路烧烤摊占道经营、油烟很大"},
		{"你好，我想反映一下，建设北路88号门口的路灯坏了好几天了", "SZSS", "建设北路88号门口路灯坏了好几天了"},
		{"您好，请问公积金提取需要什么材料", "GJJ", "公积金提取需要什么材料"},
		{"路灯坏了", "SZSS", "路灯坏了"},
		{"你好，在吗", "QT", "你好"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := x.Title(tt.text, tt.category)
			if got != tt.want {
				t.Errorf("Title(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	long := strings.Repeat("小区门口的垃圾很多没人清运", 10)
	if got := x.Title(long, "SRHW"); utf8.RuneCountInString(got) > MaxTitleRunes || got == "" {
		t.Errorf("Title(long) = %q (%d runes)", got, utf8.RuneCountInString(got))
	}
}

func TestExtractHostileInput(t *testing.T) {
	x := testExtractor(t)
	inputs := []string{
		"",
		"\xff\xfe\xfd",
		"古槐路\xff烧烤\xc0摊13953706688",
		"😀😀😀🔥🚒💧",
		strings.Repeat("号", 5000),
		strings.Repeat("1", 5000),
		strings.Repeat("路", 5000),
		strings.Repeat("我叫", 3000),
		strings.Repeat("任城区古槐路28号，电话13953706688，着火了。", 2500), // ~100 KB
	}
	for _, in := range inputs {
		phones := x.Phones(in)
		d, _, _ := x.Place(in)
		addr, _ := x.Address(in)
		name := x.Name(in)
		typ, _ := x.RequestType(in)
		em := x.Emergency(in)
		urg := x.Urgency(in)
		title := x.Title(in, "SRHW")
		for _, s := range append(phones, d, addr, name, typ, urg, title) {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in output %q", s)
			}
		}
		if utf8.RuneCountInString(title) > MaxTitleRunes {
			t.Errorf("title too long: %q", title)
		}
		_ = em
	}
	big := strings.Repeat("任城区古槐路28号，电话13953706688，着火了。", 2500)
	if got := x.Phones(big); !slices.Equal(got, []string{"13953706688"}) {
		t.Errorf("Phones(big) = %q", got)
	}
	if em := x.Emergency(big); em == nil || em.Number != "119" {
		t.Errorf("Emergency(big) = %+v", em)
	}
}

func TestNormalizeTyposAndNumerals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"楼下垃极三天没人拉", "楼下垃圾三天没人拉"},
		{"暖器不热，煤汽味很大", "暖气不热，煤气味很大"},
		{"电话幺三九五三七零六六八八", "电话13953706688"},
		{"一三五七九", "一三五七九"},
		{"ＡＢＣ１２３", "ABC123"},
		{"没有错字", "没有错字"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOutOfScope(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct{ text, name string }{
		{"我和邻居因为宅基地边界打官司，法院怎么立案", "诉讼"},
		{"公司不给签合同，想申请劳动仲裁，去哪里申请", "仲裁"},
		{"我的信访事项已经答复了，我不满意", "信访"},
		{"我儿子离婚了，孩子抚养费对方不给", "私人事务"},
		{"俺三个儿子都不赡养俺，俺该咋办", "私人事务"},
		{"我想举报村干部贪污，纪委怎么联系", "纪检监察"},
		{"法院判了对方赔钱，拖了一年也没给", "诉讼"},
		{"对处罚决定不服，想申请复议", "行政复议"},
		{"俺这事去年就在信访局反映过，一直没有结果", "信访"},
		{"俺爹走了，几个兄弟为了分遗产闹上了", "私人事务"},
		{"离婚以后前妻不让俺见孩子", "私人事务"},
		{"有个老板给镇上干部行贿拿工程", "纪检监察"},
		{"文物部门说这是文化遗产，要保护起来", ""},
		{"我不想打官司，就想让物业把楼道灯修好", ""},
		{"任城区古槐路有烧烤摊占道经营", ""},
	}
	for _, tt := range tests {
		r, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.name == "" && r.OutOfScope != nil:
			t.Errorf("%s: out of scope %+v, want none", tt.text, r.OutOfScope)
		case tt.name != "" && (r.OutOfScope == nil || r.OutOfScope.Name != tt.name):
			t.Errorf("%s: out of scope %+v, want %s", tt.text, r.OutOfScope, tt.name)
		case tt.name != "" && (r.Category != "QT" || r.OutOfScope.Channel == "" || r.Confidence[FieldCategory] < OutOfScopeConfidence):
			t.Errorf("%s: category %s (%.2f), channel %q; want QT with the channel", tt.text, r.Category, r.Confidence[FieldCategory], r.OutOfScope.Channel)
		}
	}
}

// TestPhonesAgreeWithDomain checks that every phone the extractor returns
// is in the national form domain.Number gives, so that a citizen's number
// found in a message links to the same citizen as the channel's own.
func TestPhonesAgreeWithDomain(t *testing.T) {
	x := testExtractor(t)
	for _, text := range []string{
		"电话13953706688", "手机号：幺三九-五三七洞-六六八八", "座机零五三七-七二一二三四五",
		"座机（０５３７）７２１２３４５", "+86 139 5370 6688", "北京010-62345678",
	} {
		for _, p := range x.Phones(text) {
			n, err := domain.Parse(p)
			if err != nil || n.National() != p {
				t.Errorf("%s: phone %q parses as %q (%v), national %q", text, p, n, err, n.National())
			}
		}
	}
}
