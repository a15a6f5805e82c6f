package demo

import "time"

// topic is a kind of request citizens make, with the words they use and
// how its volume moves with the season.
type topic struct {
	texts  []string // {place} is replaced by a town and a road
	weight float64
	season func(m time.Month) float64 // multiplier by month
}

func flat(time.Month) float64 { return 1 }

func winter(m time.Month) float64 {
	switch m {
	case time.November:
		return 3
	case time.December, time.January:
		return 2.5
	case time.February:
		return 1.8
	case time.March:
		return 1.5
	}
	return 0.15
}

func summer(m time.Month) float64 {
	switch m {
	case time.June, time.September:
		return 1.5
	case time.July, time.August:
		return 2.2
	}
	return 0.8
}

func rainy(m time.Month) float64 {
	switch m {
	case time.July, time.August:
		return 2
	}
	return 0.9
}

// topics is the demo's mix, chosen so that the embedded classifier routes
// them as the office would.
var topics = []topic{
	{weight: 10, season: flat, texts: []string{
		"{place}有烧烤摊占道经营，晚上油烟很大，影响居民休息",
		"{place}的垃圾站垃圾好几天没人清运，臭味很重",
		"{place}路边有人违章搭建彩钢棚，占用公共通道",
		"{place}流动摊贩占道摆摊，早上道路堵得走不动",
	}},
	{weight: 8, season: rainy, texts: []string{
		"{place}的路灯不亮已经一个星期了，晚上走路很危险",
		"{place}路面塌陷出现一个大坑，车辆经过很危险",
		"{place}井盖丢失了，希望尽快补上",
		"{place}一下雨就积水，下水道堵了，请疏通排水",
	}},
	{weight: 9, season: winter, texts: []string{
		"{place}小区暖气不热，家里只有十五度，老人孩子受不了",
		"{place}供暖到现在暖气还是凉的，请热力公司来看看",
		"{place}暖气管道漏水，家里暖气片不热",
	}},
	{weight: 5, season: summer, texts: []string{
		"{place}停水一天了，也没有提前通知，生活很不方便",
		"{place}自来水发黄有异味，水质有问题",
		"{place}水压太低，楼上住户一直没水用",
	}},
	{weight: 5, season: summer, texts: []string{
		"{place}经常停电，今天又断电好几个小时了",
		"{place}电压不稳，家里电器都没法用",
	}},
	{weight: 3, season: winter, texts: []string{
		"{place}燃气没气了，燃气表显示有余额，请燃气公司处理",
		"{place}小区燃气表不走字了，希望燃气公司来安检",
	}},
	{weight: 6, season: flat, texts: []string{
		"{place}小区物业不作为，电梯坏了半个月没人修",
		"{place}物业公司乱收物业费，服务很差",
	}},
	{weight: 5, season: summer, texts: []string{
		"{place}工地夜间施工噪音太大，凌晨还在施工扰民",
		"{place}工地扬尘严重，渣土车不苫盖",
	}},
	{weight: 4, season: flat, texts: []string{
		"{place}公交车班次太少，等车要一个小时",
		"{place}公交站牌被撞坏了，请尽快修复",
	}},
	{weight: 5, season: flat, texts: []string{
		"{place}路口红绿灯坏了，交通很乱",
		"{place}小区门口违章停车严重，消防通道被堵",
	}},
	{weight: 4, season: flat, texts: []string{
		"{place}广场舞音响声音太大，噪音扰民",
		"我想咨询一下在{place}怎么办理居住证",
	}},
	{weight: 5, season: flat, texts: []string{
		"我在{place}的工地干活，老板拖欠工资三个月了",
		"公司在{place}，不签劳动合同还拖欠工资",
	}},
	{weight: 3, season: flat, texts: []string{
		"咨询一下社保转移接续怎么办理，我现在住在{place}",
		"我住{place}，养老保险断缴了想补缴，请问怎么办",
	}},
	{weight: 3, season: flat, texts: []string{
		"咨询异地就医备案怎么办理，医保报销需要什么材料，我住{place}",
	}},
	{weight: 2, season: flat, texts: []string{
		"咨询公积金提取需要什么材料，我住在{place}",
	}},
	{weight: 3, season: flat, texts: []string{
		"{place}有超市卖过期食品，要求处理",
		"{place}的商家价格欺诈，不明码标价",
	}},
	{weight: 3, season: summer, texts: []string{
		"{place}有工厂晚上偷排废气，刺鼻异味很重",
		"{place}河道污染严重，水发黑发臭",
	}},
	{weight: 2, season: flat, texts: []string{
		"孩子在{place}上学，咨询小学入学划片的政策",
	}},
	{weight: 2, season: flat, texts: []string{
		"{place}的树枝挡住了路灯，请园林部门修剪一下",
	}},
}

var roads = []string{"建设路", "太白路", "红星路", "古槐路", "琵琶山路", "共青团路", "荷花路", "运河路", "洸河路", "金宇路", "车站路", "人民路"}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孔", "颜", "孟"}

// monthWeight is the overall volume by month (summer and the start of the
// heating season are busy).
func monthWeight(m time.Month) float64 {
	switch m {
	case time.July, time.August, time.November, time.December:
		return 1.2
	case time.February:
		return 0.8
	}
	return 1
}

// hourWeights is intake by hour of the day.
var hourWeights = []float64{0.1, 0.05, 0.03, 0.03, 0.05, 0.1, 0.3, 0.8, 1.4, 1.6, 1.5, 1.2, 0.9, 1, 1.3, 1.4, 1.3, 1.2, 1, 0.9, 0.8, 0.6, 0.4, 0.2}
