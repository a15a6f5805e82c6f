package workflow

import (
	"slices"
	"testing"

	"hotline/ticket"
)

// TestOfferedMatchesTheOperations runs every operation, as an actor whose
// role may do it, on an order in every state the office can reach, and
// checks that it works exactly when Offered offers it: the console's
// forms come from Offered, so a form it shows works and one it hides
// would have failed.
func TestOfferedMatchesTheOperations(t *testing.T) {
	states := []ticket.Status{ticket.Accepted, ticket.Answered, ticket.Closed, ticket.Returned, ticket.Dispatched,
		ticket.Signed, ticket.ExtensionRequested, ticket.Replied, ticket.Reopened, ticket.Reviewed}
	e := newEnv(t)
	s := e.svc
	for _, st := range states {
		for _, op := range Ops() {
			t.Run(string(st)+"/"+string(op), func(t *testing.T) {
				parent := e.t
				e.t = t // the helpers fail this subtest
				defer func() { e.t = parent }()
				n := e.orderIn(st)
				who := supervisor
				if slices.Contains(departmentOps, op) {
					who = cityMgmt
				}
				offered := slices.Contains(s.Offered(who, e.get(n)), op)
				var err error
				switch op {
				case OpView:
					_, err = s.Ticket(who, n)
				case OpEdit:
					_, err = s.Edit(who, n, "address", "古槐路18号", true)
				case OpAnswer:
					_, err = s.Answer(who, n, "请拨打城管热线。")
				case OpMerge:
					_, err = s.Merge(who, n, e.order(), "")
				case OpDispatch:
					_, err = s.Dispatch(who, n, mainDept, nil, "")
				case OpSign:
					_, err = s.Sign(who, n)
				case OpReply:
					_, err = s.Reply(who, n, "已更换灯泡", "")
				case OpRequestExtension:
					_, err = s.RequestExtension(who, n, "需要采购灯具", e.get(n).Due.AddDate(0, 0, 3))
				case OpDecideExtension:
					_, err = s.DecideExtension(who, n, true, "")
				case OpReturn:
					_, err = s.Return(who, n, "不属于本单位职责")
				case OpReview:
					_, err = s.Review(who, n, true, "")
				case OpSupervise:
					_, err = s.Supervise(who, n, "请加快办理", false)
				case OpRate:
					_, err = s.Rate(who, n, ticket.Satisfied, true)
				case OpCoReply:
					_, err = s.CoReply(who, n, "已核实，配合处理")
				default:
					t.Fatalf("operation %s has no case in this test", op)
				}
				switch {
				case offered && err != nil:
					t.Errorf("%s is offered on a %s order but fails: %v", op, st, err)
				case !offered && err == nil && op != OpEdit:
					t.Errorf("%s is not offered on a %s order but works", op, st)
				case !offered && op == OpEdit && st.Open():
					t.Errorf("edit is not offered on an open (%s) order", st)
				}
			})
		}
	}
}

// TestOfferedByRoleAndDepartment: a co-department sees the order and
// gives its part (协办意见) but signs nothing; another department sees nothing; a leader only
// supervises; the return window closes the return.
func TestOfferedByRoleAndDepartment(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Dispatched)
	e.must(e.svc.Edit(agent, n, "address", "古槐路18号", false))
	tk := e.get(n)
	tk.CoDepartments = []string{police.Department}
	if got := e.svc.Offered(cityMgmt, tk); !slices.Equal(got, []Op{OpView, OpSign, OpReturn}) {
		t.Errorf("main department: %v", got)
	}
	if got := e.svc.Offered(police, tk); !slices.Equal(got, []Op{OpView, OpCoReply}) {
		t.Errorf("co-department: %v", got)
	}
	if got := e.svc.Offered(housing, tk); got != nil {
		t.Errorf("another department: %v", got)
	}
	if got := e.svc.Offered(leader, tk); !slices.Equal(got, []Op{OpView, OpSupervise}) {
		t.Errorf("leader: %v", got)
	}
	if got := Offers(cityMgmt, tk, false); slices.Contains(got, OpReturn) {
		t.Errorf("return offered after the return window: %v", got)
	}
	if _, ok := opStates[""]; ok || len(opStates) != len(Ops()) {
		t.Errorf("opStates has %d operations, Ops %d", len(opStates), len(Ops()))
	}
}
