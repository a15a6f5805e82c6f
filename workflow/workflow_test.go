package workflow

import (
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

var cst = time.FixedZone("CST", 8*3600)

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, cst) }

// Actors of the tests.
var (
	agent      = Actor{Name: "wang", Role: RoleAgent}
	supervisor = Actor{Name: "li", Role: RoleSupervisor}
	leader     = Actor{Name: "zhang", Role: RoleLeader}
	cityMgmt   = Actor{Name: "zhao", Role: RoleDepartment, Department: "市城市管理局"}
	police     = Actor{Name: "qian", Role: RoleDepartment, Department: "市公安局"}
	housing    = Actor{Name: "sun", Role: RoleDepartment, Department: "市住房和城乡建设局"}
)

const mainDept = "市城市管理局"

type call struct{ Number, Kind string }

// fakeNotifier records the notices it is given; fail makes the next calls
// fail.
type fakeNotifier struct {
	mu    sync.Mutex
	calls []call
	fail  error
}

func (f *fakeNotifier) Notify(number, kind string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.calls = append(f.calls, call{number, kind})
	return nil
}

func (f *fakeNotifier) take() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.calls
	f.calls = nil
	return out
}

// env is a service on a store in a temporary directory with a fake clock.
type env struct {
	t    *testing.T
	cfg  *config.Config
	cal  *ticket.Calendar
	path string
	st   *store.Store
	n    *fakeNotifier
	svc  *Service

	mu  sync.Mutex
	now time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, cfg: cfg, cal: cal, path: filepath.Join(t.TempDir(), "hotline.db"), n: &fakeNotifier{},
		now: at(2026, 9, 29, 9, 0)}
	// The server's store keeps the report rollups and their index of
	// flagged orders, which the scheduler reads for the 批示件. Without
	// fsync (NoSync): these tests check the workflow, not durability, and
	// on a disk the fsync of each commit more than doubled this package's
	// test time (15.4 s against 6.9 s on tmpfs, 5-7 CPU-s either way).
	e.st, err = store.Open(e.path, testStoreOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.st.Close() })
	e.svc = New(cfg, e.st, cal, e.n, nil, e.clock)
	return e
}

// testStoreOptions are the options of the tests' stores: the server's
// rollups, a short batch delay and no fsync of each commit (a process's
// writes reach the file the same without it; only a power cut tells).
func testStoreOptions(cfg *config.Config) *store.Options {
	return &store.Options{MaxBatchDelay: time.Millisecond, Rollup: report.Rollup(cfg.Location()), NoSync: true}
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) set(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = t
}

// restart closes the store and builds a new service on the reopened file,
// as after a restart of the server.
func (e *env) restart() {
	e.t.Helper()
	if err := e.st.Close(); err != nil {
		e.t.Fatal(err)
	}
	st, err := store.Open(e.path, testStoreOptions(e.cfg))
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.t.Cleanup(func() { st.Close() })
	e.svc = New(e.cfg, st, e.cal, e.n, nil, e.clock)
}

// order registers an accepted order about a street lamp (市政设施, routed to
// 市城市管理局) in conversation conv.
func (e *env) order() string {
	e.t.Helper()
	var number string
	now := e.clock()
	err := e.st.Update(func(tx *store.Tx) error {
		n, err := tx.NextTicketNumber(now)
		if err != nil {
			return err
		}
		tk := &ticket.Ticket{Number: n, Channel: "webchat", CitizenID: "c1", ConversationID: "webchat:u1",
			Title: "路灯不亮", Description: "古槐路路灯不亮", Type: ticket.TypeComplaint, Category: "SZSS",
			Department: mainDept, Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: now}
		if err := tk.Transition(ticket.Accepted, ticket.Event{At: now, Actor: "citizen"}); err != nil {
			return err
		}
		tk.SignDue, tk.Due = ticket.Deadlines(e.cal, e.cfg.TimeLimits, config.Category{}, tk.Type, tk.Urgency, now)
		number = n
		return tx.PutTicket(tk)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return number
}

// get reads an order as the office sees it.
func (e *env) get(number string) *ticket.Ticket {
	e.t.Helper()
	tk, err := e.svc.Ticket(agent, number)
	if err != nil {
		e.t.Fatal(err)
	}
	return tk
}

// must fails the test on err.
func (e *env) must(tk *ticket.Ticket, err error) *ticket.Ticket {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return tk
}

// orderIn returns an order brought to state st along the usual path,
// dispatched to 市城市管理局 at the current clock.
func (e *env) orderIn(st ticket.Status) string {
	e.t.Helper()
	n := e.order()
	s := e.svc
	step := e.must
	switch st {
	case ticket.Accepted:
	case ticket.Answered:
		step(s.Answer(agent, n, "请拨打城管热线。"))
	case ticket.Closed:
		step(s.Answer(agent, n, "请拨打城管热线。"))
		step(s.Rate(agent, n, ticket.Satisfied, true))
	case ticket.Returned:
		step(s.Dispatch(agent, n, mainDept, nil, ""))
		step(s.Return(cityMgmt, n, "不属于本单位职责"))
	default:
		step(s.Dispatch(agent, n, mainDept, nil, ""))
		switch st {
		case ticket.Dispatched:
		case ticket.Signed:
			step(s.Sign(cityMgmt, n))
		case ticket.ExtensionRequested:
			step(s.Sign(cityMgmt, n))
			step(s.RequestExtension(cityMgmt, n, "需要采购灯具", e.get(n).Due.AddDate(0, 0, 3)))
		case ticket.Replied:
			step(s.Sign(cityMgmt, n))
			step(s.Reply(cityMgmt, n, "已更换灯泡", ""))
		case ticket.Reopened:
			step(s.Sign(cityMgmt, n))
			step(s.Reply(cityMgmt, n, "已更换灯泡", ""))
			step(s.Review(supervisor, n, false, "未附照片"))
		case ticket.Reviewed:
			step(s.Sign(cityMgmt, n))
			step(s.Reply(cityMgmt, n, "已更换灯泡", ""))
			step(s.Review(supervisor, n, true, ""))
		case ticket.Visited:
			e.t.Fatalf("orderIn(%s): not reachable by the office", st)
		default:
			e.t.Fatalf("orderIn(%s): unknown", st)
		}
	}
	if got := e.get(n).Status; got != st {
		e.t.Fatalf("orderIn(%s): order is %s", st, got)
	}
	e.n.take()
	return n
}

func TestAllowed(t *testing.T) {
	office := []Op{OpView, OpEdit, OpAnswer, OpDispatch, OpMerge, OpDecideExtension, OpReview, OpRate}
	want := map[string][]Op{
		RoleAdmin:      append(slices.Clone(office), OpSupervise),
		RoleAgent:      office,
		RoleSupervisor: append(slices.Clone(office), OpSupervise),
		RoleDepartment: {OpView, OpSign, OpReply, OpRequestExtension, OpReturn, OpCoReply},
		RoleLeader:     {OpView, OpSupervise},
		"":             nil,
		"citizen":      nil,
	}
	for role, ops := range want {
		for _, op := range Ops() {
			t.Run(role+"/"+string(op), func(t *testing.T) {
				if got, w := Allowed(role, op), slices.Contains(ops, op); got != w {
					t.Errorf("Allowed(%q, %s) = %v, want %v", role, op, got, w)
				}
			})
		}
	}
	if len(Ops()) != 14 || len(Roles()) != 5 {
		t.Errorf("the table covers %d ops and %d roles, want 14 and 5", len(Ops()), len(Roles()))
	}
}

func TestActorString(t *testing.T) {
	tests := []struct {
		a    Actor
		want string
	}{
		{agent, "agent:wang"},
		{cityMgmt, "dept:市城市管理局/zhao"},
		{leader, "leader:zhang"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.a.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	dispatched := e.orderIn(ticket.Dispatched)
	withCo := e.order()
	e.must(s.Dispatch(agent, withCo, mainDept, []string{"住建局"}, "会同住建局"))
	replied := e.orderIn(ticket.Replied)

	tests := []struct {
		name string
		do   func() (*ticket.Ticket, error)
		want error
	}{
		{"another department reads", func() (*ticket.Ticket, error) { return s.Ticket(police, dispatched) }, ErrNotFound},
		{"another department signs", func() (*ticket.Ticket, error) { return s.Sign(police, dispatched) }, ErrNotFound},
		{"another department returns", func() (*ticket.Ticket, error) { return s.Return(police, dispatched, "不是我们的") }, ErrNotFound},
		{"another department replies", func() (*ticket.Ticket, error) { return s.Reply(police, replied, "x", "") }, ErrNotFound},
		{"department without name reads", func() (*ticket.Ticket, error) {
			return s.Ticket(Actor{Name: "x", Role: RoleDepartment}, dispatched)
		}, ErrNotFound},
		{"co-department reads", func() (*ticket.Ticket, error) { return s.Ticket(housing, withCo) }, nil},
		{"co-department signs", func() (*ticket.Ticket, error) { return s.Sign(housing, withCo) }, ErrForbidden},
		{"department reviews", func() (*ticket.Ticket, error) { return s.Review(cityMgmt, replied, true, "") }, ErrForbidden},
		{"department dispatches", func() (*ticket.Ticket, error) { return s.Dispatch(cityMgmt, e.order(), mainDept, nil, "") }, ErrForbidden},
		{"department supervises", func() (*ticket.Ticket, error) { return s.Supervise(cityMgmt, dispatched, "", false) }, ErrForbidden},
		{"department rates", func() (*ticket.Ticket, error) { return s.Rate(cityMgmt, dispatched, ticket.Satisfied, true) }, ErrForbidden},
		{"leader answers", func() (*ticket.Ticket, error) { return s.Answer(leader, e.order(), "x") }, ErrForbidden},
		{"agent signs", func() (*ticket.Ticket, error) { return s.Sign(agent, dispatched) }, ErrForbidden},
		{"agent supervises", func() (*ticket.Ticket, error) { return s.Supervise(agent, dispatched, "", false) }, ErrForbidden},
		{"unknown role reads", func() (*ticket.Ticket, error) { return s.Ticket(Actor{Name: "x", Role: "citizen"}, dispatched) }, ErrForbidden},
		{"unknown order", func() (*ticket.Ticket, error) { return s.Ticket(agent, "20990101-0001") }, ErrNotFound},
		{"unknown order signed", func() (*ticket.Ticket, error) { return s.Sign(cityMgmt, "20990101-0001") }, ErrNotFound},
		{"own department signs", func() (*ticket.Ticket, error) { return s.Sign(cityMgmt, dispatched) }, nil},
		{"leader reads", func() (*ticket.Ticket, error) { return s.Ticket(leader, dispatched) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk, err := tt.do()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && tk == nil {
				t.Fatal("no order returned")
			}
		})
	}
	// A refused operation changed nothing.
	if got := e.get(replied).Status; got != ticket.Replied {
		t.Errorf("after the refused review the order is %s", got)
	}
}
