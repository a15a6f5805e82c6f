package workflow

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// lastAudit returns the newest audit entry about number with action.
func (e *env) lastAudit(number, action string) (store.AuditEntry, bool) {
	e.t.Helper()
	var log []store.AuditEntry
	if err := e.st.View(func(tx *store.Tx) error {
		var err error
		log, err = tx.AuditLog(1000)
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	for _, a := range log {
		if a.Object == number && a.Action == action {
			return a, true
		}
	}
	return store.AuditEntry{}, false
}

// auditCount counts the audit entries about number.
func (e *env) auditCount(number string) int {
	e.t.Helper()
	n := 0
	e.st.View(func(tx *store.Tx) error {
		log, err := tx.AuditLog(100000)
		for _, a := range log {
			if a.Object == number {
				n++
			}
		}
		return err
	})
	return n
}

func kinds(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Kind)
	}
	return out
}

func TestOperations(t *testing.T) {
	tests := []struct {
		name    string
		from    ticket.Status
		op      Op
		do      func(e *env, n string) (*ticket.Ticket, error)
		want    ticket.Status
		notices []string
		check   func(t *testing.T, e *env, tk *ticket.Ticket)
	}{
		{"edit", ticket.Accepted, OpEdit, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Edit(agent, n, "address", "古槐路18号", false)
		}, ticket.Accepted, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.Address != "古槐路18号" {
				t.Errorf("address = %q", tk.Address)
			}
		}},
		{"answer", ticket.Accepted, OpAnswer, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Answer(agent, n, "路灯由城管局负责，已转告。")
		}, ticket.Answered, []string{KindReplyReady, KindAskRating}, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.Reply != "路灯由城管局负责，已转告。" {
				t.Errorf("reply = %q", tk.Reply)
			}
		}},
		{"answer a returned order", ticket.Returned, OpAnswer, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Answer(supervisor, n, "已电话答复。")
		}, ticket.Answered, []string{KindReplyReady, KindAskRating}, nil},
		{"dispatch", ticket.Accepted, OpDispatch, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, "城管局", []string{"市公安局", "城管局", ""}, "请核实")
		}, ticket.Dispatched, []string{KindDispatched}, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.Department != mainDept || !slices.Equal(tk.CoDepartments, []string{"市公安局"}) {
				t.Errorf("department %q co %v", tk.Department, tk.CoDepartments)
			}
			now := e.clock()
			if want := e.cal.AddWorkingDays(now, 1); !tk.SignDue.Equal(want) {
				t.Errorf("sign due %v, want %v", tk.SignDue, want)
			}
			if want := e.cal.AddWorkingDays(now, 5); !tk.Due.Equal(want) {
				t.Errorf("due %v, want %v", tk.Due, want)
			}
		}},
		{"dispatch a returned order elsewhere", ticket.Returned, OpDispatch, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, "市公安局", nil, "")
		}, ticket.Dispatched, []string{KindDispatched}, func(t *testing.T, e *env, tk *ticket.Ticket) {
			ev := tk.Events[len(tk.Events)-1]
			if tk.Department != "市公安局" || ev.Fields["department"] != [2]string{mainDept, "市公安局"} {
				t.Errorf("department %q, event %+v", tk.Department, ev)
			}
		}},
		{"dispatch a reopened order", ticket.Reopened, OpDispatch, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(supervisor, n, mainDept, nil, "")
		}, ticket.Dispatched, []string{KindDispatched}, nil},
		{"merge", ticket.Accepted, OpMerge, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Merge(agent, n, e.order(), "同一路灯")
		}, ticket.Answered, []string{KindReplyReady}, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.RepeatOf == "" || !tk.Flags.Repeat {
				t.Errorf("repeat of %q, flag %v", tk.RepeatOf, tk.Flags.Repeat)
			}
		}},
		{"sign", ticket.Dispatched, OpSign, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Sign(cityMgmt, n)
		}, ticket.Signed, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if !tk.SignedAt.Equal(e.clock()) {
				t.Errorf("signed at %v", tk.SignedAt)
			}
		}},
		{"reply", ticket.Signed, OpReply, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Reply(cityMgmt, n, "已修复", "media:photo1")
		}, ticket.Replied, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.Reply != "已修复" || !slices.Contains(tk.Attachments, "media:photo1") {
				t.Errorf("reply %q attachments %v", tk.Reply, tk.Attachments)
			}
		}},
		{"reply to a reopened order", ticket.Reopened, OpReply, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Reply(cityMgmt, n, "已补充照片", "")
		}, ticket.Replied, nil, nil},
		{"request extension", ticket.Signed, OpRequestExtension, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.RequestExtension(cityMgmt, n, "需采购配件", e.get(n).Due.AddDate(0, 0, 2))
		}, ticket.ExtensionRequested, nil, nil},
		{"grant extension", ticket.ExtensionRequested, OpDecideExtension, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.DecideExtension(supervisor, n, true, "")
		}, ticket.Signed, []string{KindExtended}, nil},
		{"refuse extension", ticket.ExtensionRequested, OpDecideExtension, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.DecideExtension(agent, n, false, "配件可就近采购")
		}, ticket.Signed, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if want := e.cal.AddWorkingDays(tk.DispatchedAt, 5); !tk.Due.Equal(want) {
				t.Errorf("due moved to %v on refusal", tk.Due)
			}
		}},
		{"return dispatched", ticket.Dispatched, OpReturn, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Return(cityMgmt, n, "属于供电公司")
		}, ticket.Returned, nil, nil},
		{"return signed", ticket.Signed, OpReturn, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Return(cityMgmt, n, "属于供电公司")
		}, ticket.Returned, nil, nil},
		{"review approve", ticket.Replied, OpReview, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Review(supervisor, n, true, "")
		}, ticket.Reviewed, []string{KindReplyReady, KindAskRating}, nil},
		{"review reject", ticket.Replied, OpReview, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Review(agent, n, false, "未说明原因")
		}, ticket.Reopened, nil, nil},
		{"supervise", ticket.Dispatched, OpSupervise, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Supervise(supervisor, n, "", false)
		}, ticket.Dispatched, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if !tk.Flags.Supervised || tk.Flags.Instruction {
				t.Errorf("flags %+v", tk.Flags)
			}
		}},
		{"instruction", ticket.Signed, OpSupervise, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Supervise(leader, n, "请尽快解决", true)
		}, ticket.Signed, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if !tk.Flags.Instruction {
				t.Errorf("flags %+v", tk.Flags)
			}
		}},
		{"rate reviewed", ticket.Reviewed, OpRate, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Rate(agent, n, ticket.BasicSatisfied, true)
		}, ticket.Closed, nil, func(t *testing.T, e *env, tk *ticket.Ticket) {
			if tk.Satisfaction != ticket.BasicSatisfied || tk.Solved == nil || !*tk.Solved {
				t.Errorf("satisfaction %q solved %v", tk.Satisfaction, tk.Solved)
			}
		}},
		{"rate answered", ticket.Answered, OpRate, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Rate(agent, n, ticket.Satisfied, true)
		}, ticket.Closed, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			n := e.orderIn(tt.from)
			e.set(e.clock().Add(time.Hour))
			before := len(e.get(n).Events)
			tk, err := tt.do(e, n)
			if err != nil {
				t.Fatal(err)
			}
			if tk.Status != tt.want {
				t.Fatalf("status = %s, want %s", tk.Status, tt.want)
			}
			stored := e.get(n)
			if stored.Status != tt.want || len(stored.Events) <= before {
				t.Errorf("stored status %s with %d events (before %d)", stored.Status, len(stored.Events), before)
			}
			last := stored.Events[len(stored.Events)-1]
			if !last.At.Equal(e.clock()) || last.Actor == "" || last.Actor == "system" {
				t.Errorf("last event %+v: want the actor at the clock's time", last)
			}
			if got := kinds(e.n.take()); !slices.Equal(got, tt.notices) {
				t.Errorf("notices = %v, want %v", got, tt.notices)
			}
			a, ok := e.lastAudit(n, "ticket."+string(tt.op))
			if !ok {
				t.Fatalf("no audit entry ticket.%s", tt.op)
			}
			if !strings.HasPrefix(a.Before, string(tt.from)) || !strings.HasPrefix(a.After, string(tt.want)) || a.Actor == "" || !a.At.Equal(e.clock()) {
				t.Errorf("audit %+v: want before %s, after %s", a, tt.from, tt.want)
			}
			if tt.check != nil {
				tt.check(t, e, stored)
			}
		})
	}
}

func TestIllegalState(t *testing.T) {
	tests := []struct {
		name string
		from ticket.Status
		do   func(e *env, n string) (*ticket.Ticket, error)
	}{
		{"answer dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Answer(agent, n, "x") }},
		{"dispatch dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, "市公安局", nil, "")
		}},
		{"dispatch signed", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, "市公安局", nil, "")
		}},
		{"dispatch answered", ticket.Answered, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, mainDept, nil, "")
		}},
		{"merge dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Merge(agent, n, e.order(), "") }},
		{"sign signed", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Sign(cityMgmt, n) }},
		{"reply dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Reply(cityMgmt, n, "x", "") }},
		{"reply replied", ticket.Replied, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Reply(cityMgmt, n, "x", "") }},
		{"extension for dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.RequestExtension(cityMgmt, n, "x", e.get(n).Due.AddDate(0, 0, 1))
		}},
		{"decide without request", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.DecideExtension(supervisor, n, true, "")
		}},
		{"decide dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.DecideExtension(supervisor, n, false, "x")
		}},
		{"return replied", ticket.Replied, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Return(cityMgmt, n, "x") }},
		{"review signed", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Review(supervisor, n, true, "") }},
		{"reject signed", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Review(supervisor, n, false, "x") }},
		{"reject closed", ticket.Closed, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Review(supervisor, n, false, "x") }},
		{"rate dispatched", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Rate(agent, n, ticket.Satisfied, true)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			n := e.orderIn(tt.from)
			before, audited := e.get(n), e.auditCount(n)
			_, err := tt.do(e, n)
			var te *ticket.TransitionError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want a *ticket.TransitionError", err)
			}
			if te.From != tt.from || te.Number != n {
				t.Errorf("error %+v, want from %s", te, tt.from)
			}
			after := e.get(n)
			if after.Status != before.Status || len(after.Events) != len(before.Events) {
				t.Errorf("the order changed: %s with %d events", after.Status, len(after.Events))
			}
			if got := e.auditCount(n); got != audited {
				t.Errorf("a refused operation was audited")
			}
		})
	}
}

// TestHeldOrderNotTheDepartments: an accepted order, not yet dispatched
// (held in 待派单), carries the department suggested for it, which may
// neither read it nor act on it: it is not found, as another
// department's order (DepartmentSees); dispatched, it is the department's.
func TestHeldOrderNotTheDepartments(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Accepted)
	if tk := e.get(n); tk.Department != cityMgmt.Department {
		t.Fatalf("the accepted order's department is %q, want the suggested %q", tk.Department, cityMgmt.Department)
	}
	if _, err := e.svc.Ticket(cityMgmt, n); !errors.Is(err, ErrNotFound) {
		t.Errorf("reading a held order: %v, want ErrNotFound", err)
	}
	if _, err := e.svc.Sign(cityMgmt, n); !errors.Is(err, ErrNotFound) {
		t.Errorf("signing a held order: %v, want ErrNotFound", err)
	}
	e.must(e.svc.Dispatch(agent, n, cityMgmt.Department, nil, ""))
	if _, err := e.svc.Ticket(cityMgmt, n); err != nil {
		t.Errorf("reading the dispatched order: %v", err)
	}
}

func TestRules(t *testing.T) {
	tests := []struct {
		name string
		from ticket.Status
		do   func(e *env, n string) (*ticket.Ticket, error)
		msg  string
	}{
		{"empty answer", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Answer(agent, n, "  ") }, "答复内容"},
		{"unknown department", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, "市魔法局", nil, "")
		}, "未知承办单位 \"市魔法局\""},
		{"unknown co-department", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Dispatch(agent, n, mainDept, []string{"市魔法局"}, "")
		}, "未知协办单位 \"市魔法局\""},
		{"empty reply", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Reply(cityMgmt, n, "", "") }, "办理结果"},
		{"return without reason", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Return(cityMgmt, n, " ") }, "退回理由"},
		{"extension without reason", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.RequestExtension(cityMgmt, n, "", e.get(n).Due.AddDate(0, 0, 1))
		}, "延期理由"},
		{"extension to a date already past", ticket.Signed, func(e *env, n string) (*ticket.Ticket, error) {
			// A late order: past its deadline, it asks for a day after
			// that deadline but before today.
			e.set(e.get(n).Due.AddDate(0, 0, 5))
			return e.svc.RequestExtension(cityMgmt, n, "需协调多个部门", e.cal.AddWorkingDays(e.get(n).Due, 1))
		}, "已经过去"},
		{"refusal without comment", ticket.ExtensionRequested, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.DecideExtension(supervisor, n, false, "")
		}, "填写意见"},
		{"rejection without comment", ticket.Replied, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Review(supervisor, n, false, "")
		}, "填写意见"},
		{"instruction without text", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Supervise(leader, n, "", true)
		}, "批示内容"},
		{"supervise a closed order", ticket.Closed, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Supervise(leader, n, "", false)
		}, "不能督办"},
		{"bad satisfaction", ticket.Reviewed, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Rate(agent, n, "很好", true)
		}, "满意度"},
		{"edit unknown field", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Edit(agent, n, "status", "closed", false)
		}, "不能修改字段 \"status\""},
		{"edit unknown category", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Edit(agent, n, "category", "XYZ", true)
		}, "未知类别 \"XYZ\""},
		{"edit bad urgency", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Edit(agent, n, "urgency", "很急", false)
		}, "紧急程度须为 一般、紧急、特急 之一"},
		{"edit department of a dispatched order", ticket.Dispatched, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Edit(agent, n, "department", "市公安局", false)
		}, "工单在已派单状态，不能直接改派，请先退回或重办"},
		{"merge into itself", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) { return e.svc.Merge(agent, n, n, "") }, "不能并入自身"},
		{"merge into nothing", ticket.Accepted, func(e *env, n string) (*ticket.Ticket, error) {
			return e.svc.Merge(agent, n, "20990101-0001", "")
		}, "要并入的工单 20990101-0001 不存在"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			n := e.orderIn(tt.from)
			before := e.get(n)
			_, err := tt.do(e, n)
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RuleError", err)
			}
			if !strings.Contains(re.Msg, tt.msg) || strings.Contains(re.Msg, "(") {
				t.Errorf("message %q: want %q in zh-CN only (rule_errors)", re.Msg, tt.msg)
			}
			if after := e.get(n); after.Status != before.Status || len(after.Events) != len(before.Events) {
				t.Errorf("the order changed")
			}
			if got := e.n.take(); len(got) != 0 {
				t.Errorf("citizen notified: %v", got)
			}
		})
	}
}

// The return window counts working days from the dispatch on Tuesday
// 2026-09-29: Wednesday 09-30 is day 1, the National Day holiday does not
// count, Thursday 10-08 is day 2, Friday 10-09 is day 3.
func TestReturnWindow(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"same day", at(2026, 9, 29, 16, 0), true},
		{"day 1", at(2026, 9, 30, 10, 0), true},
		{"holiday in between", at(2026, 10, 5, 10, 0), true},
		{"day 2 at the end", at(2026, 10, 8, 18, 0), true},
		{"day 3", at(2026, 10, 9, 9, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.set(at(2026, 9, 29, 10, 0))
			n := e.orderIn(ticket.Signed)
			e.set(tt.at)
			tk, err := e.svc.Return(cityMgmt, n, "不属于本单位")
			if tt.ok {
				if err != nil || tk.Status != ticket.Returned {
					t.Fatalf("return refused: %v", err)
				}
				return
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Msg != "退回期限已过（派单后 2 个工作日内可退回）" {
				t.Fatalf("err = %v, want the return window rule", err)
			}
		})
	}
}

// TestExtensionIntoNationalDay: an order due before 国庆 cannot be
// extended to a day of the holiday (it would run out while the office is
// closed); the first working day after it is offered, and taken.
func TestExtensionIntoNationalDay(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 21, 10, 0))
	n := e.orderIn(ticket.Signed)
	due := e.get(n).Due
	if !due.Before(at(2026, 10, 1, 0, 0)) {
		t.Fatalf("due %v, want before the holiday", due)
	}
	_, err := e.svc.RequestExtension(cityMgmt, n, "需要协调供电公司", at(2026, 10, 5, 18, 0))
	var re *RuleError
	if !errors.As(err, &re) || re.Msg != "2026-10-05 不是工作日，请选择工作日（如 2026年10月8日 18:00）" {
		t.Fatalf("err = %v, want the day-off rule offering 10-08", err)
	}
	if tk := e.get(n); tk.Status != ticket.Signed {
		t.Errorf("the refused request changed the order: %s", tk.Status)
	}
	if tk, err := e.svc.RequestExtension(cityMgmt, n, "需要协调供电公司", at(2026, 10, 8, 18, 0)); err != nil || tk.Status != ticket.ExtensionRequested {
		t.Fatalf("the working day offered is refused: %v", err)
	}
}

// Dispatched on 2026-09-29, the order is due Monday 10-12 18:00; ten
// working days later is Monday 10-26. A date on a day off is refused with
// the next working day offered.
func TestExtensionLimit(t *testing.T) {
	tests := []struct {
		name   string
		newDue time.Time
		ok     bool
		msg    string
	}{
		{"10 working days", at(2026, 10, 26, 18, 0), true, ""},
		{"1 working day", at(2026, 10, 13, 12, 0), true, ""},
		{"11 working days", at(2026, 10, 27, 18, 0), false, "延期最多 10 个工作日，即不晚于 2026年10月26日 18:00"},
		{"not later", at(2026, 10, 12, 18, 0), false, "延期后的期限须晚于当前期限 2026年10月12日 18:00"},
		{"earlier", at(2026, 10, 9, 18, 0), false, "延期后的期限须晚于当前期限 2026年10月12日 18:00"},
		{"a Saturday", at(2026, 10, 17, 18, 0), false, "2026-10-17 不是工作日，请选择工作日（如 2026年10月19日 18:00）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.set(at(2026, 9, 29, 10, 0))
			n := e.orderIn(ticket.Signed)
			if due := e.get(n).Due; !due.Equal(at(2026, 10, 12, 18, 0)) {
				t.Fatalf("due = %v", due)
			}
			e.set(at(2026, 10, 9, 10, 0))
			tk, err := e.svc.RequestExtension(cityMgmt, n, "需要协调供电公司", tt.newDue)
			if !tt.ok {
				var re *RuleError
				if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.msg) {
					t.Fatalf("err = %v, want %q", err, tt.msg)
				}
				return
			}
			if err != nil || tk.Status != ticket.ExtensionRequested {
				t.Fatalf("request refused: %v", err)
			}
			if !tk.Due.Equal(at(2026, 10, 12, 18, 0)) {
				t.Errorf("the request alone moved the deadline to %v", tk.Due)
			}
			// Nor does the history show the new deadline before approval.
			for _, ev := range tk.History() {
				if _, ok := ev.Fields["due"]; ok && ev.Action != "dispatch" {
					t.Errorf("before approval, event %s changes the deadline: %v", ev.Action, ev.Fields)
				}
			}
			if req := tk.Events[len(tk.Events)-1]; req.Fields[FieldRequestedDue][1] != tt.newDue.Format(time.RFC3339) {
				t.Errorf("the request does not keep the date asked for: %v", req.Fields)
			}
			tk = e.must(e.svc.DecideExtension(supervisor, n, true, "同意"))
			if tk.Status != ticket.Signed || !tk.Due.Equal(tt.newDue) {
				t.Errorf("after approval: %s due %v, want signed due %v", tk.Status, tk.Due, tt.newDue)
			}
			rem, err := e.svc.Reminders(mainDept, 1)
			if err != nil || len(rem) != 1 || rem[0].Kind != ReminderExtension || !strings.Contains(rem[0].Text, "已批准") {
				t.Errorf("inbox = %+v, %v", rem, err)
			}
		})
	}
}

// A rejected reply is reopened with a fresh deadline, replied again, then
// approved: the citizen hears of the dispatch, then gets the second reply
// and the request for a rating, nothing in between.
func TestReviewCycle(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 10, 0))
	n := e.order()
	e.must(s.Dispatch(agent, n, mainDept, nil, ""))
	if got := e.n.take(); !slices.Equal(got, []call{{n, KindDispatched}}) {
		t.Fatalf("after dispatch: %v", got)
	}
	e.must(s.Sign(cityMgmt, n))
	e.must(s.Reply(cityMgmt, n, "已安排维修", ""))
	e.set(at(2026, 10, 9, 10, 0))
	tk := e.must(s.Review(supervisor, n, false, "请说明修复时间并附照片"))
	if tk.Status != ticket.Reopened {
		t.Fatalf("status %s", tk.Status)
	}
	if want := e.cal.AddWorkingDays(e.clock(), 5); !tk.Due.Equal(want) {
		t.Errorf("reopened due %v, want a fresh %v", tk.Due, want)
	}
	newOnes, _, _, _, err := s.DepartmentOrders(mainDept)
	if err != nil || len(newOnes) != 1 || newOnes[0].Number != n {
		t.Errorf("the department's new orders = %v, %v", newOnes, err)
	}
	if rem, _ := orderNotices(s.Reminders(mainDept, 0)); len(rem) != 1 || rem[0].Kind != ReminderReopen || !strings.Contains(rem[0].Text, "请说明修复时间") {
		t.Errorf("inbox = %+v", rem)
	}
	if got := e.n.take(); len(got) != 0 {
		t.Errorf("citizen told of the rejection: %v", got)
	}
	e.must(s.Reply(cityMgmt, n, "路灯已于10月9日修复，照片已上传", "media:p1"))
	tk = e.must(s.Review(supervisor, n, true, "同意"))
	if tk.Status != ticket.Reviewed || tk.Reply != "路灯已于10月9日修复，照片已上传" {
		t.Errorf("status %s reply %q", tk.Status, tk.Reply)
	}
	if got := e.n.take(); !slices.Equal(got, []call{{n, KindReplyReady}, {n, KindAskRating}}) {
		t.Errorf("after approval: %v", got)
	}
	var actions []string
	for _, ev := range tk.Events {
		actions = append(actions, ev.Action)
	}
	want := []string{"accept", "dispatch", "sign", "reply", "review_reject", "redo_due", "reply", "review"}
	if !slices.Equal(actions, want) {
		t.Errorf("history %v, want %v", actions, want)
	}
}

func TestRateByAgent(t *testing.T) {
	tests := []struct {
		name   string
		sat    string
		solved bool
		want   ticket.Status
	}{
		{"satisfied", ticket.Satisfied, true, ticket.Closed},
		{"not solved", ticket.BasicSatisfied, false, ticket.Reopened},
		{"unsatisfied", ticket.Unsatisfied, false, ticket.Reopened},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			n := e.orderIn(ticket.Reviewed)
			// The conversation waits for this rating.
			if err := e.st.Update(func(tx *store.Tx) error {
				return tx.PutConversation(&domain.Conversation{ID: "webchat:u1", Channel: "webchat", UserID: "u1",
					CitizenID: "c1", State: domain.ConvRating, RatingFor: n})
			}); err != nil {
				t.Fatal(err)
			}
			e.set(e.clock().Add(24 * time.Hour))
			tk := e.must(e.svc.Rate(agent, n, tt.sat, tt.solved))
			if tk.Status != tt.want || tk.Satisfaction != tt.sat {
				t.Errorf("status %s satisfaction %q, want %s", tk.Status, tk.Satisfaction, tt.want)
			}
			var visit bool
			for _, ev := range tk.Events {
				if ev.Action == "visit" && ev.Actor == "agent:wang" {
					visit = true
				}
			}
			if !visit {
				t.Errorf("no visit event by the agent in %+v", tk.Events)
			}
			if tt.want == ticket.Reopened && !tk.Due.After(e.clock()) {
				t.Errorf("reopened with a past deadline %v", tk.Due)
			}
			var conv *domain.Conversation
			e.st.View(func(tx *store.Tx) error { conv, _ = tx.Conversation("webchat:u1"); return nil })
			if conv.State != domain.ConvIdle || conv.RatingFor != "" {
				t.Errorf("conversation still waits: %s %q", conv.State, conv.RatingFor)
			}
			// The return-visit watch is gone: nothing times out later.
			e.set(e.clock().AddDate(0, 1, 0))
			e.svc.Tick(t.Context())
			if got := e.get(n); got.Flags.NotVisited {
				t.Errorf("a rated order was closed as not visited")
			}
		})
	}
}

func TestEditRoutes(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	n := e.order()
	// 市容环卫 goes to the district (属地); without one to its fallback.
	tk := e.must(s.Edit(agent, n, "category", "SRHW", true))
	if tk.Department != "市城市管理局" {
		t.Errorf("SRHW without district → %q", tk.Department)
	}
	tk = e.must(s.Edit(agent, n, "district", "兖州", true))
	if tk.District != "兖州区" || tk.Department != "兖州区人民政府" {
		t.Errorf("district %q department %q", tk.District, tk.Department)
	}
	ev := tk.Events[len(tk.Events)-2]
	if ev.Action != ticket.ActionCorrect || ev.Fields["district"] != [2]string{"", "兖州区"} {
		t.Errorf("correction event %+v", ev)
	}
	if a, _ := e.lastAudit(n, "ticket.edit"); a.Before != "accepted district= department=市城市管理局" || a.After != "accepted district=兖州区 department=兖州区人民政府" {
		t.Errorf("audit %+v", a)
	}
	// Editing the department itself is taken as given.
	tk = e.must(s.Edit(agent, n, "department", "公安局", false))
	if tk.Department != "市公安局" || tk.Events[len(tk.Events)-1].Action != ticket.ActionEdit {
		t.Errorf("department %q", tk.Department)
	}
	// Once dispatched, a new district does not move the order.
	e.must(s.Dispatch(agent, n, "市公安局", nil, ""))
	tk = e.must(s.Edit(agent, n, "district", "任城区", false))
	if tk.Department != "市公安局" || tk.District != "任城区" {
		t.Errorf("dispatched order moved: %q in %q", tk.Department, tk.District)
	}
}

func TestMerge(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	a, b, c := e.order(), e.order(), e.order()
	tk := e.must(s.Merge(agent, b, a, "同一路灯"))
	if tk.Status != ticket.Answered || tk.RepeatOf != a || !tk.Flags.Repeat || tk.Reply == "" {
		t.Errorf("merged order %+v", tk)
	}
	// Merging into a repeat follows it to the original.
	tk = e.must(s.Merge(agent, c, b, ""))
	if tk.RepeatOf != a {
		t.Errorf("repeat of %q, want %q", tk.RepeatOf, a)
	}
	orig := e.get(a)
	if orig.RepeatCount != 2 || orig.Status != ticket.Accepted {
		t.Errorf("original: %d repeats, %s", orig.RepeatCount, orig.Status)
	}
	if ev := orig.Events[len(orig.Events)-1]; ev.Action != "merge_in" || !strings.Contains(ev.Note, c) {
		t.Errorf("original's last event %+v", ev)
	}
	if au, ok := e.lastAudit(a, "ticket.merge_in"); !ok || au.Before != "accepted repeats=1" || au.After != "accepted repeats=2" {
		t.Errorf("audit %+v", au)
	}
	// Each merged citizen is told their problem is handled with the other order.
	if got := e.n.take(); len(got) != 2 || got[0].Kind != KindReplyReady || got[1].Kind != KindReplyReady {
		t.Errorf("notices %v", got)
	}
}

func TestListsAndSupervision(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 9, 0))
	n1 := e.orderIn(ticket.Dispatched)
	e.set(at(2026, 9, 30, 9, 0))
	n2 := e.orderIn(ticket.Signed)
	e.set(at(2026, 10, 8, 9, 0))
	n3 := e.orderIn(ticket.Dispatched)
	co := e.order()
	e.must(s.Dispatch(agent, co, "市公安局", []string{mainDept}, ""))
	other := e.order()
	e.must(s.Dispatch(agent, other, "市公安局", nil, ""))

	numbers := func(list []Item) []string {
		var out []string
		for _, it := range list {
			out = append(out, it.Number)
		}
		return out
	}
	newOnes, _, _, _, err := s.DepartmentOrders(mainDept)
	if err != nil {
		t.Fatal(err)
	}
	// Not co (协办: the department does not hold it) nor other.
	if got := numbers(newOnes); !slices.Equal(got, []string{n1, n3}) {
		t.Errorf("new = %v", got)
	}

	e.must(s.Supervise(supervisor, n3, "市民多次反映", false))
	e.set(at(2026, 10, 8, 10, 0))
	e.must(s.Supervise(leader, n2, "请城管局长亲自督办", true))
	// Due dates: n1 10-12, n2 10-13, n3 10-14 (yellow on 10-13 too).
	e.set(at(2026, 10, 13, 10, 0))
	newOnes, dueSoon, overdue, supervised, err := s.DepartmentOrders(mainDept)
	if err != nil {
		t.Fatal(err)
	}
	// The 批示件 first, then the 督办件; n1, not supervised, is in neither.
	if got := numbers(supervised); !slices.Equal(got, []string{n2, n3}) {
		t.Errorf("supervised = %v, want %v", got, []string{n2, n3})
	}
	if got := numbers(newOnes); !slices.Equal(got, []string{n3, n1}) {
		t.Errorf("new = %v, want the supervised one first", got)
	}
	if got := numbers(overdue); !slices.Equal(got, []string{n1}) || overdue[0].Warning != ticket.WarnRed {
		t.Errorf("overdue = %v", got)
	}
	if got := numbers(dueSoon); !slices.Equal(got, []string{n2, n3}) || dueSoon[0].Warning != ticket.WarnYellow {
		t.Errorf("due soon = %v", got)
	}
	// The console gets the order's own fields and the marks side by side.
	js, err := json.Marshal(overdue[0])
	if err != nil || !strings.Contains(string(js), `"number":"`+n1+`"`) || !strings.Contains(string(js), `"warning":"red"`) || !strings.Contains(string(js), `"escalated":false`) {
		t.Errorf("item JSON %s, %v", js, err)
	}
	rem, err := orderNotices(s.Reminders(mainDept, 10))
	if err != nil || len(rem) != 2 || rem[0].Kind != ReminderInstruction || rem[1].Kind != ReminderSupervise || rem[0].Number != n2 {
		t.Errorf("inbox = %+v, %v", rem, err)
	}
	if rem, _ := orderNotices(s.Reminders("市公安局", 10)); len(rem) != 0 {
		t.Errorf("another department's inbox = %+v", rem)
	}
	if _, _, _, _, err := s.DepartmentOrders(""); err != nil {
		t.Error(err)
	}

	e.must(s.Sign(cityMgmt, n1))
	e.must(s.RequestExtension(cityMgmt, n1, "需要更换电缆", at(2026, 10, 20, 18, 0)))
	e.must(s.Reply(cityMgmt, n2, "已修复", ""))
	ret := e.orderIn(ticket.Returned)
	sl, err := s.SupervisorList()
	if err != nil {
		t.Fatal(err)
	}
	sup, review, ext, back := sl.Supervised, sl.PendingReview, sl.PendingExtension, sl.PendingReturn
	if got := numbers(sl.Late); !slices.Equal(got, []string{n1}) {
		t.Errorf("late = %v", got)
	}
	if esc := escalated(sl.Late); len(esc) != 0 {
		t.Errorf("escalated before any tick: %v", numbers(esc))
	}
	if got := numbers(sup); !slices.Equal(got, []string{n2, n3}) {
		t.Errorf("supervised = %v", got)
	}
	if got := numbers(review); !slices.Equal(got, []string{n2}) {
		t.Errorf("review = %v", got)
	}
	if got := numbers(ext); !slices.Equal(got, []string{n1}) {
		t.Errorf("extension = %v", got)
	}
	if got := numbers(back); !slices.Equal(got, []string{ret}) {
		t.Errorf("returned = %v", got)
	}
	items, err := s.Orders(store.TicketFilter{Department: "市公安局"})
	if err != nil || !slices.Equal(numbers(items), []string{co, other}) {
		t.Errorf("orders = %v, %v", numbers(items), err)
	}
}

// A notice the Notifier refused stays and is delivered, in order, by the
// next Tick.
func TestNoticeRetry(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Replied)
	e.n.fail = errors.New("store busy")
	tk := e.must(e.svc.Review(supervisor, n, true, ""))
	if tk.Status != ticket.Reviewed {
		t.Fatalf("status %s", tk.Status)
	}
	if got := e.n.take(); len(got) != 0 {
		t.Fatalf("delivered while failing: %v", got)
	}
	e.restart()
	e.n.fail = nil
	if _, err := e.svc.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := e.n.take(); !slices.Equal(got, []call{{n, KindReplyReady}, {n, KindAskRating}}) {
		t.Errorf("after the tick: %v", got)
	}
	e.svc.Tick(t.Context())
	if got := e.n.take(); len(got) != 0 {
		t.Errorf("delivered twice: %v", got)
	}
}

// A notice for an order whose conversation is gone is dropped, not
// retried for ever.
func TestNoticeDropped(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Accepted)
	e.n.fail = store.ErrNotFound
	e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	e.n.fail = nil
	e.svc.Tick(t.Context())
	if got := e.n.take(); len(got) != 0 {
		t.Errorf("a dropped notice came back: %v", got)
	}
}

// TestSignLate: an order its department has not signed for past its sign
// deadline is marked (超时未签收) in the department's list, though its
// finish deadline is far; signing clears the mark.
func TestSignLate(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 10, 0))
	n := e.orderIn(ticket.Dispatched)
	late := func() (bool, string) {
		t.Helper()
		items, err := s.Orders(store.TicketFilter{Department: mainDept})
		if err != nil || len(items) != 1 {
			t.Fatalf("orders %v, %v", items, err)
		}
		return items[0].SignLate, items[0].Warning
	}
	if l, _ := late(); l {
		t.Error("late at the dispatch")
	}
	e.set(e.get(n).SignDue) // the last moment
	if l, _ := late(); l {
		t.Error("late at the sign deadline")
	}
	e.set(e.get(n).SignDue.Add(time.Minute))
	if l, w := late(); !l || w != ticket.WarnNone {
		t.Errorf("a minute past the sign deadline: late %v, warning %q (want late, the finish deadline far)", l, w)
	}
	newOnes, _, _, _, err := s.DepartmentOrders(mainDept)
	if err != nil || len(newOnes) != 1 || !newOnes[0].SignLate {
		t.Errorf("the department's new orders: %+v, %v", newOnes, err)
	}
	e.must(s.Sign(cityMgmt, n))
	if l, _ := late(); l {
		t.Error("late after signing")
	}
}
