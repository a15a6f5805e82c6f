package server

import (
	"errors"
	"net/http"
	"os"
	"time"

	"hotline/desk"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Environment variables that create the first console administrator when
// the store has no user yet (there is never a default password).
const (
	EnvAdminUser     = "HOTLINE_ADMIN_USER"
	EnvAdminPassword = "HOTLINE_ADMIN_PASSWORD"
)

// wireDesk builds the workflow service and the web console under /desk/,
// and creates the first administrator from HOTLINE_ADMIN_USER (default
// "admin") and HOTLINE_ADMIN_PASSWORD when no user exists. The caller runs
// the returned service's scheduler (Run) with the other workers.
func (s *Server) wireDesk(mux *http.ServeMux) (*workflow.Service, error) {
	cfg := s.Config
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		return nil, err
	}
	cal = cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour)
	wf := workflow.New(cfg, s.Store, cal, s.Engine, s.log, s.now)
	s.callWorkflow(wf)
	if pw := os.Getenv(EnvAdminPassword); pw != "" {
		created, err := desk.EnsureAdmin(cfg, s.Store, os.Getenv(EnvAdminUser), pw, s.now())
		if err != nil {
			return nil, err
		}
		if created {
			s.log.Info("created the first console administrator", "user", adminName())
		}
	} else if users, err := desk.Users(s.Store); err == nil && len(users) == 0 {
		s.log.Warn("the console has no users: set " + EnvAdminPassword + " or run `hotline users add NAME --role admin`")
	}
	con, err := desk.NewConsole(desk.Options{
		Config: cfg, Store: s.Store, Engine: s.Engine, Workflow: deskWorkflow{wf}, Hub: s.Hub,
		Calendar: cal, Logger: s.log.With("component", "desk"), DataDir: cfg.Server.DataDir,
		Calls: s.Calls,
	})
	if err != nil {
		return nil, err
	}
	con.Routes(mux)
	return wf, nil
}

func adminName() string {
	if n := os.Getenv(EnvAdminUser); n != "" {
		return n
	}
	return "admin"
}

// deskWorkflow adapts *workflow.Service to desk.Workflow: the console
// keeps its own copies of the actor and list types (it does not import
// the workflow package) and its own errors.
type deskWorkflow struct{ s *workflow.Service }

func wfActor(a desk.Actor) workflow.Actor { return workflow.Actor(a) }

func deskErr(err error) error {
	var re *workflow.RuleError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, workflow.ErrNotFound):
		return desk.ErrNotFound
	case errors.Is(err, workflow.ErrForbidden):
		return desk.ErrForbidden
	case errors.As(err, &re):
		return &desk.RuleError{Msg: re.Msg}
	}
	return err
}

func deskItems(list []workflow.Item) []desk.Item {
	out := make([]desk.Item, len(list))
	for i, it := range list {
		out[i] = desk.Item(it)
	}
	return out
}

func orderResult(t *ticket.Ticket, err error) (*ticket.Ticket, error) { return t, deskErr(err) }

func (w deskWorkflow) Edit(a desk.Actor, number, field, value string, correction bool) (*ticket.Ticket, error) {
	return orderResult(w.s.Edit(wfActor(a), number, field, value, correction))
}
func (w deskWorkflow) Answer(a desk.Actor, number, text string) (*ticket.Ticket, error) {
	return orderResult(w.s.Answer(wfActor(a), number, text))
}
func (w deskWorkflow) Dispatch(a desk.Actor, number, dept string, co []string, note string) (*ticket.Ticket, error) {
	return orderResult(w.s.Dispatch(wfActor(a), number, dept, co, note))
}
func (w deskWorkflow) Merge(a desk.Actor, number, into, note string) (*ticket.Ticket, error) {
	return orderResult(w.s.Merge(wfActor(a), number, into, note))
}
func (w deskWorkflow) Sign(a desk.Actor, number string) (*ticket.Ticket, error) {
	return orderResult(w.s.Sign(wfActor(a), number))
}
func (w deskWorkflow) Reply(a desk.Actor, number, text, attachment string) (*ticket.Ticket, error) {
	return orderResult(w.s.Reply(wfActor(a), number, text, attachment))
}
func (w deskWorkflow) RequestExtension(a desk.Actor, number, reason string, newDue time.Time) (*ticket.Ticket, error) {
	return orderResult(w.s.RequestExtension(wfActor(a), number, reason, newDue))
}
func (w deskWorkflow) DecideExtension(a desk.Actor, number string, approve bool, comment string) (*ticket.Ticket, error) {
	return orderResult(w.s.DecideExtension(wfActor(a), number, approve, comment))
}
func (w deskWorkflow) Return(a desk.Actor, number, reason string) (*ticket.Ticket, error) {
	return orderResult(w.s.Return(wfActor(a), number, reason))
}
func (w deskWorkflow) Review(a desk.Actor, number string, approve bool, comment string) (*ticket.Ticket, error) {
	return orderResult(w.s.Review(wfActor(a), number, approve, comment))
}
func (w deskWorkflow) Supervise(a desk.Actor, number, note string, instruction bool) (*ticket.Ticket, error) {
	return orderResult(w.s.Supervise(wfActor(a), number, note, instruction))
}
func (w deskWorkflow) Rate(a desk.Actor, number, satisfaction string, solved bool) (*ticket.Ticket, error) {
	return orderResult(w.s.Rate(wfActor(a), number, satisfaction, solved))
}
func (w deskWorkflow) Ticket(a desk.Actor, number string) (*ticket.Ticket, error) {
	return orderResult(w.s.Ticket(wfActor(a), number))
}
func (w deskWorkflow) DepartmentOrders(dept string) (newOnes, dueSoon, overdue, all []desk.Item, err error) {
	n, d, o, al, err := w.s.DepartmentOrders(dept)
	return deskItems(n), deskItems(d), deskItems(o), deskItems(al), deskErr(err)
}
func (w deskWorkflow) Orders(f store.TicketFilter) ([]desk.Item, error) {
	list, err := w.s.Orders(f)
	return deskItems(list), deskErr(err)
}
func (w deskWorkflow) SupervisorList() (overdue, escalated, supervised, pendingReview, pendingExtension, pendingReturn []desk.Item, err error) {
	o, e, s, r, x, t, err := w.s.SupervisorList()
	return deskItems(o), deskItems(e), deskItems(s), deskItems(r), deskItems(x), deskItems(t), deskErr(err)
}
func (w deskWorkflow) QueueList() []desk.QueueInfo {
	var out []desk.QueueInfo
	for _, q := range workflow.QueueList() {
		out = append(out, desk.QueueInfo(q))
	}
	return out
}
func (w deskWorkflow) Queues() (map[string][]desk.QueueItem, error) {
	qs, err := w.s.Queues()
	out := make(map[string][]desk.QueueItem, len(qs))
	for name, list := range qs {
		l := make([]desk.QueueItem, len(list))
		for i, it := range list {
			l[i] = desk.QueueItem{Item: desk.Item(it.Item), Deadline: it.Deadline, Remaining: it.Remaining, Mark: it.Mark}
		}
		out[name] = l
	}
	return out, deskErr(err)
}
func (w deskWorkflow) Reminders(dept string, limit int) ([]store.Reminder, error) {
	list, err := w.s.Reminders(dept, limit)
	return list, deskErr(err)
}
