package workflow

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotline/ticket"
)

// lastNote returns the note of the last event of action in tk's history.
func lastNote(t *testing.T, tk *ticket.Ticket, action string) string {
	t.Helper()
	for i := len(tk.Events) - 1; i >= 0; i-- {
		if tk.Events[i].Action == action {
			return tk.Events[i].Note
		}
	}
	t.Fatalf("no %s event in %+v", action, tk.Events)
	return ""
}

// TestHistoryTextsFromConfig: the notes the workflow writes into an
// order's history are the configured history_texts, filled in.
func TestHistoryTextsFromConfig(t *testing.T) {
	e := newEnv(t)
	h := &e.cfg.HistoryTexts
	h.Dispatch = "派往{{.Department}}|{{.CoDepartments}}|{{.Note}}"
	h.Merge = "并到{{.Number}}|{{.Note}}"
	h.MergeIn = "收到{{.Number}}"
	h.RequestExtension = "延期理由{{.Reason}}至{{.Due}}"
	h.RedoDue = "重办至{{.Due}}"
	h.Visit = "访{{.Satisfaction}}"
	h.Rate = "评{{.Satisfaction}}"
	h.RatingReopen = "再办{{.Satisfaction}}"
	h.RatingClose = "结{{.Satisfaction}}"
	e.cfg.Replies.Merged = "已合并到{{.Number}}"

	n := e.order()
	tk := e.must(e.svc.Dispatch(agent, n, mainDept, []string{"市公安局", "市住房和城乡建设局"}, " 请尽快 "))
	if got, want := lastNote(t, tk, "dispatch"), "派往市城市管理局|市公安局、市住房和城乡建设局|请尽快"; got != want {
		t.Errorf("dispatch note %q, want %q", got, want)
	}

	e.must(e.svc.Sign(cityMgmt, n))
	due := e.get(n).Due.AddDate(0, 0, 3)
	tk = e.must(e.svc.RequestExtension(cityMgmt, n, "需要采购", due))
	if got, want := lastNote(t, tk, "request_extension"), "延期理由需要采购至"+e.svc.formatTime(due); got != want {
		t.Errorf("request_extension note %q, want %q", got, want)
	}

	into := e.order()
	other := e.order()
	tk = e.must(e.svc.Merge(agent, other, into, "同一路灯"))
	if got, want := lastNote(t, tk, "merge"), "并到"+into+"|同一路灯"; got != want {
		t.Errorf("merge note %q, want %q", got, want)
	}
	if want := "已合并到" + into; tk.Reply != want {
		t.Errorf("merged order's answer %q, want %q (replies.merged)", tk.Reply, want)
	}
	if got, want := lastNote(t, e.get(into), "merge_in"), "收到"+other; got != want {
		t.Errorf("merge_in note %q, want %q", got, want)
	}

	// Rating: visit and close, visit and reopen (with the redo deadline),
	// and a late rating of a closed order.
	sat := e.orderIn(ticket.Reviewed)
	tk = e.must(e.svc.Rate(agent, sat, ticket.Satisfied, true))
	if lastNote(t, tk, "visit") != "访满意" || lastNote(t, tk, "close") != "结满意" {
		t.Errorf("satisfied rating notes: %+v", tk.Events)
	}
	tk = e.must(e.svc.Rate(agent, sat, ticket.BasicSatisfied, true))
	if got := lastNote(t, tk, "rate"); got != "评基本满意" {
		t.Errorf("late rating note %q", got)
	}
	unsat := e.orderIn(ticket.Reviewed)
	tk = e.must(e.svc.Rate(agent, unsat, ticket.Unsatisfied, false))
	if got := lastNote(t, tk, "reopen"); got != "再办不满意" {
		t.Errorf("reopen note %q", got)
	}
	if got, want := lastNote(t, tk, "redo_due"), "重办至"+e.svc.formatTime(tk.Due); got != want {
		t.Errorf("redo_due note %q, want %q", got, want)
	}
}

// TestHistoryTextsDefault keeps the default notes as they were before
// they moved to config.
func TestHistoryTextsDefault(t *testing.T) {
	e := newEnv(t)
	n := e.order()
	tk := e.must(e.svc.Dispatch(agent, n, mainDept, []string{"市公安局"}, "请尽快"))
	if got, want := lastNote(t, tk, "dispatch"), "主办：市城市管理局；协办：市公安局；请尽快"; got != want {
		t.Errorf("dispatch note %q, want %q", got, want)
	}
	m := e.order()
	tk = e.must(e.svc.Dispatch(agent, m, mainDept, nil, ""))
	if got, want := lastNote(t, tk, "dispatch"), "主办：市城市管理局"; got != want {
		t.Errorf("dispatch note %q, want %q", got, want)
	}
	into, other := e.order(), e.order()
	tk = e.must(e.svc.Merge(agent, other, into, ""))
	if lastNote(t, tk, "merge") != "并入工单 "+into+" 一并办理" || tk.Reply != "您反映的问题已并入工单"+into+"一并办理。" {
		t.Errorf("merge note %q, answer %q", lastNote(t, tk, "merge"), tk.Reply)
	}
	if got := lastNote(t, e.get(into), "merge_in"); got != "重复件 "+other+" 并入本工单" {
		t.Errorf("merge_in note %q", got)
	}
	r := e.orderIn(ticket.Reviewed)
	tk = e.must(e.svc.Rate(agent, r, ticket.Satisfied, true))
	if lastNote(t, tk, "visit") != "回访：满意" || lastNote(t, tk, "close") != "评价满意，办结" {
		t.Errorf("rating notes %+v", tk.Events)
	}
	// 基本满意 closes the order too, and its note says so, not 满意.
	r = e.orderIn(ticket.Reviewed)
	tk = e.must(e.svc.Rate(agent, r, ticket.BasicSatisfied, true))
	if lastNote(t, tk, "visit") != "回访：基本满意" || lastNote(t, tk, "close") != "评价基本满意，办结" {
		t.Errorf("rating notes of 基本满意 %+v", tk.Events)
	}
}

// TestVisitTimeoutNoteFromConfig: the scheduler's note when no rating
// came is history_texts.visit_timeout.
func TestVisitTimeoutNoteFromConfig(t *testing.T) {
	e := newEnv(t)
	e.cfg.HistoryTexts.VisitTimeout = "{{.Days}}日无评价"
	asked := at(2026, 9, 29, 10, 0)
	e.set(asked)
	n := e.orderIn(ticket.Answered)
	if got := e.tick(asked.Add(72 * time.Hour)); got != 1 {
		t.Fatalf("fired %d", got)
	}
	if got := lastNote(t, e.get(n), "visit_timeout"); got != "3日无评价" {
		t.Errorf("visit_timeout note %q", got)
	}
}

// TestReminderCommentsFromConfig: the office's comment reaches the
// department's inbox through the template ({{.Comment}}), not appended
// by code.
func TestReminderCommentsFromConfig(t *testing.T) {
	e := newEnv(t)
	e.cfg.ReminderTexts.ExtensionRefused = "不批{{.Number}}（{{.Comment}}）"
	e.cfg.ReminderTexts.Supervise = "督{{.Number}}[{{.Comment}}]"
	n := e.orderIn(ticket.ExtensionRequested)
	e.must(e.svc.DecideExtension(supervisor, n, false, "材料不全"))
	e.must(e.svc.Supervise(supervisor, n, "本周内办结", false))
	inbox, err := e.svc.Reminders(mainDept, 0)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range inbox {
		texts = append(texts, r.Text)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"不批" + n + "（材料不全）", "督" + n + "[本周内办结]"} {
		if !strings.Contains(all, want) {
			t.Errorf("inbox lacks %q:\n%s", want, all)
		}
	}
	// The default keeps the comment after a colon, as before.
	d := newEnv(t)
	m := d.orderIn(ticket.ExtensionRequested)
	d.must(d.svc.DecideExtension(supervisor, m, false, "材料不全"))
	inbox, _ = d.svc.Reminders(mainDept, 0)
	want := "工单" + m + "延期申请未获批准，请于" + d.svc.formatTime(d.get(m).Due) + "前办结：材料不全"
	found := false
	for _, r := range inbox {
		found = found || r.Text == want
	}
	if !found {
		t.Errorf("default inbox %+v lacks %q", inbox, want)
	}
}

// TestHoldReasonsFromConfig: why an order waits in 待派单 is the
// configured hold_reasons text, and the history's hold note wraps it.
func TestHoldReasonsFromConfig(t *testing.T) {
	for _, c := range []struct {
		name   string
		set    func(e *env)
		change func(tk *ticket.Ticket)
		want   string
	}{
		{"off", func(e *env) { e.cfg.Dispatch.Auto = false; e.cfg.HoldReasons.AutoOff = "直派已关" }, nil, "直派已关"},
		{"emergency", func(e *env) { e.cfg.HoldReasons.Emergency = "急{{.Number}}" }, func(tk *ticket.Ticket) {
			tk.Flags.Emergency, tk.EmergencyNumber = true, "120"
		}, "急120"},
		{"sensitive", func(e *env) { e.cfg.HoldReasons.Sensitive = "敏感[{{.Word}}]" }, func(tk *ticket.Ticket) { tk.Description += "，找记者" }, "敏感[记者]"},
		{"no department", func(e *env) { e.cfg.HoldReasons.NoDepartment = "无单位" }, func(tk *ticket.Ticket) { tk.Department = "" }, "无单位"},
		{"low category", func(e *env) { e.cfg.HoldReasons.LowCategory = "类{{.Confidence}}<{{.Min}}" }, func(tk *ticket.Ticket) {
			tk.Confidence["category"] = 0.5
		}, "类0.50<0.60"},
		{"low department", func(e *env) { e.cfg.HoldReasons.LowDepartment = "位{{.Confidence}}<{{.Min}}" }, func(tk *ticket.Ticket) {
			tk.Confidence["department"] = 0.25
		}, "位0.25<0.60"},
		{"repeat", func(e *env) { e.cfg.HoldReasons.Repeat = "重{{.Number}}" }, func(tk *ticket.Ticket) { tk.RepeatOf = "20260101-0001" }, "重20260101-0001"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.cfg.HistoryTexts.Hold = "等：{{.Reason}}"
			c.set(e)
			tk, ok, reason := e.autoDispatch(e.order(), c.change)
			if ok || reason != c.want || tk.Hold != c.want {
				t.Fatalf("dispatched %v, reason %q, hold %q; want held with %q", ok, reason, tk.Hold, c.want)
			}
			if got := lastNote(t, tk, "hold"); got != "等："+c.want {
				t.Errorf("hold note %q", got)
			}
		})
	}
	t.Run("suspected repeat", func(t *testing.T) {
		e := newEnv(t)
		e.cfg.HoldReasons.SuspectedRepeat = "疑重{{.Number}}"
		first := e.order()
		tk, ok, reason := e.autoDispatch(e.order(), nil)
		if ok || reason != "疑重"+first || !strings.HasPrefix(lastNote(t, tk, "hold"), "待派单：疑重") {
			t.Errorf("dispatched %v, reason %q, events %+v", ok, reason, tk.Events)
		}
	})
	t.Run("auto dispatch note", func(t *testing.T) {
		e := newEnv(t)
		e.cfg.HistoryTexts.AutoDispatch = "系统直派"
		tk, ok, _ := e.autoDispatch(e.order(), nil)
		if !ok || lastNote(t, tk, "dispatch") != "主办："+mainDept+"；系统直派" {
			t.Errorf("dispatched %v, events %+v", ok, tk.Events)
		}
	})
}

// TestTimeFormatFromConfig: deadlines in reminders are written in
// city.time_format.
func TestTimeFormatFromConfig(t *testing.T) {
	e := newEnv(t)
	e.cfg.City.TimeFormat = "01/02 15:04"
	n := e.orderIn(ticket.ExtensionRequested)
	e.must(e.svc.DecideExtension(supervisor, n, false, "材料不全"))
	inbox, err := e.svc.Reminders(mainDept, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := "请于" + e.get(n).Due.In(e.cfg.Location()).Format("01/02 15:04") + "前办结"
	found := false
	for _, r := range inbox {
		found = found || strings.Contains(r.Text, want)
	}
	if !found {
		t.Errorf("inbox %+v lacks %q", inbox, want)
	}
}

// TestRuleErrorsFromConfig: a refused operation says why in the words of
// rule_errors: the default as before, a city's own words once set.
func TestRuleErrorsFromConfig(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Signed)
	msg := func(err error) string {
		var re *RuleError
		if !errors.As(err, &re) {
			t.Fatalf("not a rule error: %v", err)
		}
		return re.Msg
	}
	_, err := e.svc.Return(cityMgmt, n, "")
	if m := msg(err); m != "请填写退回理由" {
		t.Errorf("default: %q", m)
	}
	e.cfg.RuleErrors.ReturnReason = "退回须写明理由"
	e.cfg.RuleErrors.MergeMissing = "找不到工单{{.Number}}"
	if _, err := e.svc.Return(cityMgmt, n, ""); msg(err) != "退回须写明理由" {
		t.Errorf("configured: %q", msg(err))
	}
	if _, err := e.svc.Merge(agent, e.order(), "20200101-0001", ""); msg(err) != "找不到工单20200101-0001" {
		t.Errorf("merge: %q", msg(err))
	}
}

// TestEditRefusedSaysRuleErrors: an edit the order itself refuses (past
// the workflow's checks) reads rule_errors, never the order's English
// error, which stays in the chain for the log.
func TestEditRefusedSaysRuleErrors(t *testing.T) {
	e := newEnv(t)
	e.cfg.RuleErrors.BadField = "字段{{.Field}}不能改"
	e.cfg.RuleErrors.EditRefused = "没改成"
	for _, c := range []struct {
		cause error
		want  string
	}{
		{fmt.Errorf("%w %q", ticket.ErrUnknownField, "status"), "字段status不能改"},
		{ticket.ErrNoTime, "没改成"},
	} {
		err := e.svc.editRefused("status", c.cause)
		var re *RuleError
		if !errors.As(err, &re) || re.Msg != c.want || err.Error() != c.want || !errors.Is(err, c.cause) {
			t.Errorf("%v: %#v, want the rule error %q wrapping it", c.cause, err, c.want)
		}
	}
}

// TestExtensionRequestDateOnce: the console shows an extension request's
// note and, beside it, the date asked for (the event's requested_due
// field); the default note is the department's reason alone, so the date
// is not shown twice in two formats (需更换电缆（申请延期至 2026年12月17日
// 18:00）（申请延期至：2026-12-17 18:00）).
func TestExtensionRequestDateOnce(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Signed)
	due := e.get(n).Due.AddDate(0, 0, 3)
	tk := e.must(e.svc.RequestExtension(cityMgmt, n, "需更换电缆", due))
	ev := tk.Events[len(tk.Events)-1]
	if ev.Action != "request_extension" || ev.Note != "需更换电缆" || ev.Fields[FieldRequestedDue][1] != due.Format(time.RFC3339) {
		t.Errorf("event %+v", ev)
	}
}
