package workflow

import (
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// Notifier tells citizens about their order on their channel;
// *bot.Engine implements it. kind is a reply template name: "dispatched",
// "extended" (the office granted the department more time: the deadline
// the citizen was told moved), "reply_ready", "ask_rating" (which also
// makes the conversation wait for the rating).
type Notifier interface {
	Notify(number, kind string) error
}

// Notification kinds (reply template names).
const (
	KindDispatched = "dispatched"
	KindExtended   = "extended"
	KindReplyReady = "reply_ready"
	KindAskRating  = "ask_rating"
	KindClosed     = "order_closed"
)

// Roles of console users.
const (
	RoleAdmin      = "admin"
	RoleAgent      = "agent"      // office staff taking and dispatching orders
	RoleDepartment = "department" // a unit that handles dispatched orders
	RoleSupervisor = "supervisor" // the office's supervision desk (督办)
	RoleLeader     = "leader"     // city leaders: instructions (批示)
	// RoleSystem is hotline itself: automatic dispatch at registration
	// (直派). No console user has it.
	RoleSystem = "system"
)

// Roles lists every role.
func Roles() []string {
	return []string{RoleAdmin, RoleAgent, RoleDepartment, RoleSupervisor, RoleLeader}
}

// Op names an operation for Allowed.
type Op string

// The operations.
const (
	OpView             Op = "view"
	OpEdit             Op = "edit"
	OpAnswer           Op = "answer"
	OpDispatch         Op = "dispatch"
	OpMerge            Op = "merge"
	OpSign             Op = "sign"
	OpReply            Op = "reply"
	OpRequestExtension Op = "request_extension"
	OpDecideExtension  Op = "decide_extension"
	OpReturn           Op = "return"
	OpReview           Op = "review"
	OpSupervise        Op = "supervise"
	OpRate             Op = "rate"
	OpCoReply          Op = "co_reply" // a co-handling department's part (协办意见)
)

// Ops lists every operation.
func Ops() []Op {
	return []Op{OpView, OpEdit, OpAnswer, OpDispatch, OpMerge, OpSign, OpReply,
		OpRequestExtension, OpDecideExtension, OpReturn, OpReview, OpSupervise, OpRate, OpCoReply}
}

// permissions is the one table of who may do what. The office (agents,
// supervisors, admins) takes, edits, answers, dispatches, merges, reviews,
// decides extensions and records ratings; departments sign, reply, return
// and ask for extensions; supervisors and leaders supervise; everybody
// reads (a department only its own orders).
var permissions = map[string][]Op{
	RoleAdmin:      {OpView, OpEdit, OpAnswer, OpDispatch, OpMerge, OpDecideExtension, OpReview, OpSupervise, OpRate},
	RoleAgent:      {OpView, OpEdit, OpAnswer, OpDispatch, OpMerge, OpDecideExtension, OpReview, OpRate},
	RoleSupervisor: {OpView, OpEdit, OpAnswer, OpDispatch, OpMerge, OpDecideExtension, OpReview, OpSupervise, OpRate},
	RoleDepartment: {OpView, OpSign, OpReply, OpRequestExtension, OpReturn, OpCoReply},
	RoleLeader:     {OpView, OpSupervise},
	RoleSystem:     {OpDispatch},
}

// Allowed reports whether role may perform op at all; whether a
// department may act on one particular order is checked by the operation.
// The console uses it to show only the buttons that work.
func Allowed(role string, op Op) bool {
	return slices.Contains(permissions[role], op)
}

// opStates says in which states of an order each operation can be done:
// with the permission table it is what Offered answers, so the console
// shows the forms that work and keeps no copy of the state table. The
// operations check the same things themselves (the transition table, the
// return window, Supervise's open order; Sign, DecideExtension and Rate
// read this table); the test
// TestOfferedMatchesTheOperations runs every operation in every state the
// office can reach and holds the two together.
var opStates = map[Op]func(s ticket.Status) bool{
	OpView: func(ticket.Status) bool { return true },
	// The console offers field edits while the order is open; the API
	// still lets the office correct a finished order's fields.
	OpEdit:             ticket.Status.Open,
	OpAnswer:           to(ticket.Answered),
	OpMerge:            to(ticket.Answered),
	OpDispatch:         to(ticket.Dispatched),
	OpSign:             is(ticket.Dispatched),
	OpReply:            to(ticket.Replied),
	OpRequestExtension: to(ticket.ExtensionRequested),
	OpDecideExtension:  is(ticket.ExtensionRequested),
	OpReturn:           to(ticket.Returned),
	OpReview:           is(ticket.Replied),
	OpSupervise:        ticket.Status.Open,
	OpRate:             is(ticket.Reviewed, ticket.Answered, ticket.Visited, ticket.Closed),
	// A co-department gives its part from the dispatch while the lead
	// may still reply.
	OpCoReply: func(s ticket.Status) bool { return s == ticket.Dispatched || ticket.CanTransition(s, ticket.Replied) },
}

// to is "the state table lets the order go to next".
func to(next ticket.Status) func(ticket.Status) bool {
	return func(s ticket.Status) bool { return ticket.CanTransition(s, next) }
}

// is is "the order is in one of these states".
func is(states ...ticket.Status) func(ticket.Status) bool {
	return func(s ticket.Status) bool { return slices.Contains(states, s) }
}

// departmentOps must be done by the order's main department.
var departmentOps = []Op{OpSign, OpReply, OpRequestExtension, OpReturn}

// Errors.
var (
	// ErrNotFound: no such order, or one a department actor may not see.
	ErrNotFound = errors.New("workflow: work order not found")
	// ErrForbidden: the actor's role may not do this, or a department acts
	// on an order it is only a co-department of.
	ErrForbidden = errors.New("workflow: not allowed")
)

// RuleError is a business rule that refused the operation; Msg says why
// in the words of rule_errors, fit to show in the console.
type RuleError struct {
	Msg   string
	cause error // what refused it below the workflow, if anything
}

func (e *RuleError) Error() string { return e.Msg }

// Unwrap returns what refused the operation below the workflow (an
// order's own error), or nil.
func (e *RuleError) Unwrap() error { return e.cause }

// ruleErr fills text, one of rule_errors, with d.
func ruleErr(text string, d config.RuleData) error {
	return &RuleError{Msg: config.Render(text, d)}
}

// Actor is who performs an operation.
type Actor struct {
	Name       string
	Role       string // admin, agent, department, supervisor, leader
	Department string // for a department actor: its department's name
	// DisplayName is the person's name (王芳) where the history names
	// them in words: the leader of a 批示件.
	DisplayName string
	// ForLeader is, for a 批示件 a supervisor or an administrator records
	// (督办 + 领导批示件: an instruction given by phone or on paper), the
	// name of the leader who gave it (张明): the history and the reports
	// name that leader, not the one who recorded it, and a leader account
	// of that display name is told of its result. Empty: the actor's own.
	ForLeader string
}

// String is the actor as recorded in events and the audit log:
// "agent:wang", "dept:市公安局/zhao", "supervisor:li".
func (a Actor) String() string {
	if a.Role == RoleSystem {
		return "system"
	}
	if a.Role == RoleDepartment {
		return "dept:" + a.Department + "/" + a.Name
	}
	return a.Role + ":" + a.Name
}

// sees reports whether a may read tk (a department: DepartmentSees).
func (a Actor) sees(tk *ticket.Ticket) bool {
	if a.Role != RoleDepartment {
		return true
	}
	return DepartmentSees(a.Department, tk)
}

// DepartmentSees reports whether department dept may read tk: an order
// sent to it, as lead (主办) or co-handling (协办) department. An order
// still waiting in the office's 待派单 queue (accepted, never dispatched)
// carries the department suggested for it, which has not been sent it
// (held for a sensitive word, it may concern that very department): not
// yet.
func DepartmentSees(dept string, tk *ticket.Ticket) bool {
	return dept != "" && tk.Status != ticket.Draft && tk.Status != ticket.Accepted &&
		(tk.Department == dept || slices.Contains(tk.CoDepartments, dept))
}

// TickInterval is how often Run calls Tick.
const TickInterval = time.Minute

// maxNoticeAttempts is how many scheduler passes (one a minute) offer a
// failing notice to the Notifier before it is dropped with an error in
// the log.
const maxNoticeAttempts = 60

// Service runs the workflow. It is safe for concurrent use.
type Service struct {
	cfg *config.Config
	st  *store.Store
	cal *ticket.Calendar
	n   Notifier
	log *slog.Logger
	now func() time.Time

	flushMu sync.Mutex // one hand-over of notices at a time
	// unreachable reports a citizens' channel the gateway cannot send on
	// (SetUnreachable); nil: every channel.
	unreachable func(channel string) bool
}

// SetUnreachable tells the service which citizens' channels the gateway
// has no way to send on: a caller's SMS without an SMS channel, WeChat
// without WeChat's credentials. Notices to a citizen on one are not handed
// to the Notifier, whose message would only fail in the outbox (发送失败 …
// 该渠道未配置) and tell the citizen nothing; the order's history says once
// that the citizen has to be called (history_texts.not_notified). Call it
// before Run.
func (s *Service) SetUnreachable(f func(channel string) bool) { s.unreachable = f }

// New returns a service. n may be nil (no citizen is told anything), log
// nil discards, now nil is time.Now.
func New(cfg *config.Config, st *store.Store, cal *ticket.Calendar, n Notifier, log *slog.Logger, now func() time.Time) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Service{
		cfg: cfg, st: st, cal: cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour), n: n,
		log: log.With("component", "workflow"), now: now,
	}
}

// change is what an operation's rule function works on inside the
// transaction.
type change struct {
	tx      *store.Tx
	tk      *ticket.Ticket
	now     time.Time
	actor   string
	notices []string // kinds, in order
	// audit overrides of the status before and after, e.g. for an edit.
	before, after string
}

func (c *change) notify(kinds ...string) { c.notices = append(c.notices, kinds...) }

// op runs one operation on order number in one transaction: permission,
// visibility, fn (the rule and the transition), save, audit, notices.
func (s *Service) op(a Actor, op Op, number string, fn func(c *change) error) (*ticket.Ticket, error) {
	if !Allowed(a.Role, op) {
		return nil, ErrForbidden
	}
	now := s.now()
	var out *ticket.Ticket
	var queued bool
	err := s.st.Update(func(tx *store.Tx) error {
		out, queued = nil, false
		tk, err := tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !a.sees(tk) {
			return ErrNotFound
		}
		if slices.Contains(departmentOps, op) && tk.Department != a.Department {
			return ErrForbidden
		}
		if queued, err = s.apply(tx, a, op, tk, now, fn); err != nil {
			return err
		}
		out = tk
		return nil
	})
	if err != nil {
		return nil, err
	}
	if queued {
		s.flush(number)
	}
	return out, nil
}

// apply is the part of an operation inside the transaction, once the
// order is read and the actor checked: fn, save, audit, and the notices
// kept for the citizen (queued reports whether there are any).
func (s *Service) apply(tx *store.Tx, a Actor, op Op, tk *ticket.Ticket, now time.Time, fn func(c *change) error) (queued bool, err error) {
	before := tk.Status
	c := &change{tx: tx, tk: tk, now: now, actor: a.String()}
	if err := fn(c); err != nil {
		return false, err
	}
	if err := tx.PutTicket(tk); err != nil {
		return false, err
	}
	ae := store.AuditEntry{At: now, Actor: a.String(), Action: "ticket." + string(op), Object: tk.Number,
		Before: string(before), After: string(tk.Status)}
	if c.before != "" {
		ae.Before = c.before
	}
	if c.after != "" {
		ae.After = c.after
	}
	if err := tx.Audit(ae); err != nil {
		return false, err
	}
	if s.n != nil {
		for _, kind := range c.notices {
			if err := tx.AddNotice(&domain.Notice{Number: tk.Number, Kind: kind, At: now}); err != nil {
				return false, err
			}
			queued = true
		}
	}
	return queued, nil
}

// need checks that the order may go to state to before any rule is
// checked, so that a wrong state is always a *ticket.TransitionError.
func need(tk *ticket.Ticket, to ticket.Status) error {
	if !ticket.CanTransition(tk.Status, to) {
		return &ticket.TransitionError{Number: tk.Number, From: tk.Status, To: to}
	}
	return nil
}

// flush hands the kept notices to the Notifier, oldest first: those of
// order number right after an operation committed, all of them (number
// "") from Tick. A notice that fails stays, and the later notices of the
// same order wait behind it so that the citizen reads them in order; Tick
// counts its failures and drops it after maxNoticeAttempts passes. One
// whose order or conversation is gone is dropped at once.
func (s *Service) flush(number string) {
	if s.n == nil {
		return
	}
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	var list []domain.Notice
	if err := s.st.View(func(tx *store.Tx) error {
		var err error
		list, err = tx.Notices(0)
		return err
	}); err != nil {
		s.log.Error("unable to read pending notices", "err", err)
		return
	}
	blocked := map[string]bool{}
	for _, n := range list {
		if blocked[n.Number] || number != "" && n.Number != number {
			continue
		}
		if s.unreachable != nil {
			skipped, err := s.notReachable(n)
			if err != nil {
				s.log.Error("unable to settle a notice to an unreachable citizen", "ticket", n.Number, "err", err)
				return
			}
			if skipped {
				continue
			}
		}
		err := s.n.Notify(n.Number, n.Kind)
		var update func(tx *store.Tx) error
		switch {
		case err == nil:
			update = func(tx *store.Tx) error { return tx.DeleteNotice(n.ID) }
		case errors.Is(err, store.ErrNotFound):
			s.log.Warn("notice dropped: order or conversation not found", "ticket", n.Number, "kind", n.Kind)
			update = func(tx *store.Tx) error { return tx.DeleteNotice(n.ID) }
		case number != "":
			s.log.Warn("notice failed, the scheduler will retry", "ticket", n.Number, "kind", n.Kind, "err", err)
			return
		case n.Attempts+1 >= maxNoticeAttempts:
			s.log.Error("notice dropped after repeated failures", "ticket", n.Number, "kind", n.Kind, "attempts", n.Attempts+1, "err", err)
			update = func(tx *store.Tx) error { return tx.DeleteNotice(n.ID) }
		default:
			s.log.Warn("notice failed, will retry", "ticket", n.Number, "kind", n.Kind, "err", err)
			blocked[n.Number] = true
			n.Attempts++
			update = func(tx *store.Tx) error { return tx.PutNotice(&n) }
		}
		if uerr := s.st.UpdateNow(update); uerr != nil {
			s.log.Error("unable to update notice", "ticket", n.Number, "err", uerr)
			return
		}
	}
}

// notReachable drops notice n when its order's citizen is on a channel
// the gateway cannot send on, and records that in the order's history the
// first time; skipped says whether it did.
func (s *Service) notReachable(n domain.Notice) (skipped bool, err error) {
	err = s.st.UpdateNow(func(tx *store.Tx) error {
		skipped = false
		tk, err := tx.Ticket(n.Number)
		if errors.Is(err, store.ErrNotFound) {
			return nil // Notify drops it
		}
		if err != nil || !s.unreachable(tk.Channel) {
			return err
		}
		skipped = true
		if !slices.ContainsFunc(tk.Events, func(ev ticket.Event) bool { return ev.Action == actionNotNotified }) {
			tk.Record(ticket.Event{At: s.now(), Actor: "system", Action: actionNotNotified,
				Note: config.Render(s.cfg.HistoryTexts.NotNotified, config.HistoryData{})})
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return tx.DeleteNotice(n.ID)
	})
	return skipped, err
}

// actionNotNotified is the history's action when the citizen could not be
// told (Service.SetUnreachable).
const actionNotNotified = "not_notified"

// formatTime writes a deadline for people: 2026年10月12日 18:00.
func (s *Service) formatTime(t time.Time) string { return formatTime(s.cfg, s.cal, t) }

// formatTime writes t for people, in city.time_format.
func formatTime(cfg *config.Config, cal *ticket.Calendar, t time.Time) string {
	return t.In(cal.Location()).Format(cfg.City.TimeFormat)
}
