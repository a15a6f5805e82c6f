package nlp

import (
	"strings"

	"hotline/ticket"
)

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
