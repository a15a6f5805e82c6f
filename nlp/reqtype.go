package nlp

import (
	"strings"

	"hotline/ticket"
)

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

	{"表扬", ticket.TypePraise, 4}, {"点赞", ticket.TypePraise, 4}, {"点个赞", ticket.TypePraise, 4}, {"感谢", ticket.TypePraise, 2},
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
