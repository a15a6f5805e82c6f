package desk

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"time"

	"hotline/bot"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

//go:embed static
var static embed.FS

// Actor is the console user acting, as the workflow sees it.
type Actor = workflow.Actor

// Item is a work order in a list, with its deadline warning (yellow, red)
// and whether it was escalated.
type Item = workflow.Item

// Errors a Workflow returns; the console maps them to 404, 403 and 422.
// A *ticket.TransitionError is a 409.
var (
	ErrNotFound  = workflow.ErrNotFound
	ErrForbidden = workflow.ErrForbidden
)

// RuleError is a workflow rule the request broke (a reason is required,
// the new due date is too far): a 422 with Msg shown to the user.
type RuleError = workflow.RuleError

// Workflow is what the console needs of the work-order workflow;
// *workflow.Service is one, tests use a fake.
type Workflow interface {
	Edit(a Actor, number, field, value string, correction bool) (*ticket.Ticket, error)
	Answer(a Actor, number, text string) (*ticket.Ticket, error)
	Dispatch(a Actor, number, dept string, co []string, note string) (*ticket.Ticket, error)
	Merge(a Actor, number, into, note string) (*ticket.Ticket, error)
	Sign(a Actor, number string) (*ticket.Ticket, error)
	Reply(a Actor, number, text, attachment string) (*ticket.Ticket, error)
	// CoReply records a co-handling department's part (协办意见).
	CoReply(a Actor, number, text string) (*ticket.Ticket, error)
	RequestExtension(a Actor, number, reason string, newDue time.Time) (*ticket.Ticket, error)
	DecideExtension(a Actor, number string, approve bool, comment string) (*ticket.Ticket, error)
	Return(a Actor, number, reason string) (*ticket.Ticket, error)
	Review(a Actor, number string, approve bool, comment string) (*ticket.Ticket, error)
	Supervise(a Actor, number, note string, instruction bool) (*ticket.Ticket, error)
	Rate(a Actor, number, satisfaction string, solved bool) (*ticket.Ticket, error)
	Ticket(a Actor, number string) (*ticket.Ticket, error)
	// Offered lists what a may do on the order now; the page shows the
	// forms of these operations only.
	Offered(a Actor, tk *ticket.Ticket) []workflow.Op
	// Countdown is the working days left until the order's deadline and
	// its mark while it runs (workflow.Item's DaysLeft and Warning).
	Countdown(tk *ticket.Ticket) (daysLeft *int, warning string)
	DepartmentOrders(dept string) (newOnes, dueSoon, overdue, supervised []Item, err error)
	Orders(f store.TicketFilter) ([]Item, error)
	SupervisorList() (workflow.SupervisorLists, error)
	Reminders(dept string, limit int) ([]domain.Reminder, error)
	// The office's work queues (queues.go).
	QueueList() []QueueInfo
	Queues() (map[string][]QueueItem, error)
}

// ConsoleEngine is what the console needs of the conversation engine.
type ConsoleEngine interface {
	Queue(limit int) ([]*domain.Conversation, error)
	Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error)
	Register(ctx context.Context, id, agent, title, description string) (*ticket.Ticket, error)
	RegisterOrder(ctx context.Context, id, agent string, f bot.OrderFields) (*ticket.Ticket, error)
	Proposal(ctx context.Context, id string) (*ticket.Ticket, error)
	Take(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Reply(ctx context.Context, id, agent, text string) (*domain.Conversation, error)
	Release(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Close(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Transfer(ctx context.Context, id, agent, to string) (*domain.Conversation, error)
	Notify(number, kind string) error
}

// Defaults of the console's security settings.
const (
	DefaultSessionIdle  = 12 * time.Hour
	DefaultSessionMax   = 7 * 24 * time.Hour
	DefaultLoginLimit   = 5
	DefaultAccountLimit = 20
	DefaultIPLimit      = 30
	DefaultLoginWindow  = 15 * time.Minute
	DefaultMaxUpload    = 10 << 20
	SessionCookie       = "hotline_desk"
	attachmentsDir      = "attachments"
	attachmentPrefix    = "desk.attachment:"
	consolePath         = "/desk"
	heldPrefix          = "desk.held:"
	sessionPrefix       = "desk.session:"
	seenUpdateThreshold = time.Minute
)

// Options configure a Console. Config, Store, Engine, Workflow, Hub and
// Calendar are required.
type Options struct {
	// ChannelLabels name the channels in zh-CN (server.ChannelLabels).
	ChannelLabels map[string]string
	Config        *config.Config
	Store         *store.Store
	Engine        ConsoleEngine
	Workflow      Workflow
	Hub           *events.Hub
	Calendar      *ticket.Calendar
	Logger        *slog.Logger
	Now           func() time.Time
	// DataDir holds uploaded attachments (DataDir/attachments).
	DataDir string
	// SessionIdle ends a session unused for this long (12 h); SessionMax
	// ends any session this long after login (7 days).
	SessionIdle, SessionMax time.Duration
	// LoginLimit failed logins per IP and user within LoginWindow lock
	// that pair out until the window has passed (5 in 15 min);
	// AccountLimit failures of one user name from any addresses lock the
	// account out (20), IPLimit failures from one address for any names
	// lock the address out (30). Attempts still being checked count.
	LoginLimit, AccountLimit, IPLimit int
	LoginWindow                       time.Duration
	// MaxUpload is the largest attachment accepted (10 MiB).
	MaxUpload int64
	// Calls serves the phone desk (screen pops, 来电登记, 漏接回拨); nil = none.
	Calls CallDesk
}

// Console is the web console for agents, departments, supervisors,
// leaders and administrators, served under /desk/.
type Console struct {
	o       Options
	log     *slog.Logger
	now     func() time.Time
	dummy   []byte
	limiter *limiter
	ids     *handles
	pages   fs.FS
	html    map[string][]byte // the pages, filled with the console's texts (pages.go)
	on      *presence
	labels  *labels
}

// NewConsole checks the options and returns the console.
func NewConsole(o Options) (*Console, error) {
	if o.Config == nil || o.Store == nil || o.Engine == nil || o.Workflow == nil || o.Hub == nil || o.Calendar == nil {
		return nil, errors.New("desk: config, store, engine, workflow, hub and calendar are required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ChannelLabels == nil {
		o.ChannelLabels = map[string]string{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.SessionIdle <= 0 {
		o.SessionIdle = DefaultSessionIdle
	}
	if o.SessionMax <= 0 {
		o.SessionMax = DefaultSessionMax
	}
	if o.LoginLimit <= 0 {
		o.LoginLimit = DefaultLoginLimit
	}
	if o.AccountLimit <= 0 {
		o.AccountLimit = DefaultAccountLimit
	}
	if o.IPLimit <= 0 {
		o.IPLimit = DefaultIPLimit
	}
	if o.LoginWindow <= 0 {
		o.LoginWindow = DefaultLoginWindow
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = DefaultMaxUpload
	}
	if o.DataDir == "" {
		o.DataDir = filepath.Dir(o.Store.Path())
	}
	dummy, err := dummyHash()
	if err != nil {
		return nil, err
	}
	pages, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	html, err := renderPages(pages, o.Config.ConsoleTexts)
	if err != nil {
		return nil, err
	}
	ids, err := loadHandles(o.Store)
	if err != nil {
		return nil, err
	}
	return &Console{o: o, log: o.Logger, now: o.Now, dummy: dummy, pages: pages, html: html, ids: ids, on: newPresence(), labels: newLabels(o.Config.ConsoleLabels),
		limiter: newLimiter(o.LoginLimit, o.AccountLimit, o.IPLimit, o.LoginWindow)}, nil
}

// Routes registers the console under /desk/. Every request passes through
// http.CrossOriginProtection, which rejects state-changing requests that a
// browser marks as cross-origin (CSRF); the session cookie is also
// SameSite=Strict.
func (c *Console) Routes(mux *http.ServeMux) {
	in := http.NewServeMux()
	// Who may do what. The workflow checks the same table again (and a
	// department's right to act on one particular order).
	// (The groups are in meta.go, served to the page as well.)
	all := Roles()
	agents, office, readers, supervise, dept := roleAgents, roleOffice, roleReaders, roleSupervise, roleDept

	// Pages and assets.
	in.Handle("GET /desk/{$}", c.page("index.html"))
	in.Handle("GET /desk/login", c.page("login.html"))
	in.Handle("GET /desk/static/", c.staticFiles())
	in.Handle("GET /desk/conversations/{id}", c.pageFor(agents, nil))
	in.Handle("GET /desk/orders/{number}", c.pageFor(all, c.pageOrderCheck))
	in.Handle("GET /desk/attachments/{id}", c.auth(all, c.attachment))

	// Session.
	in.Handle("POST /desk/api/login", httpx.Handle(c.login))
	in.Handle("POST /desk/api/logout", httpx.Handle(c.logout))
	in.Handle("GET /desk/api/me", c.auth(all, c.me))
	in.Handle("GET /desk/api/meta", c.auth(all, c.metaHandler))
	in.Handle("GET /desk/api/events", c.auth(all, c.events))

	// Agents: the queue and conversations.
	in.Handle("GET /desk/api/queue", c.auth(agents, c.queue))
	in.Handle("GET /desk/api/conversations/{id}", c.auth(agents, c.withConv(c.conversation)))
	in.Handle("POST /desk/api/conversations/{id}/take", c.auth(agents, c.withConv(c.convOp("take"))))
	in.Handle("POST /desk/api/conversations/{id}/release", c.auth(agents, c.withConv(c.convOp("release"))))
	in.Handle("POST /desk/api/conversations/{id}/close", c.auth(agents, c.withConv(c.convOp("close"))))
	in.Handle("POST /desk/api/conversations/{id}/reply", c.auth(agents, c.withConv(c.convReply)))
	in.Handle("POST /desk/api/conversations/{id}/transfer", c.auth(agents, c.withConv(c.convTransfer)))
	in.Handle("POST /desk/api/conversations/{id}/register", c.auth(agents, c.withConv(c.register)))
	in.Handle("GET /desk/api/conversations/{id}/proposal", c.auth(agents, c.withConv(c.proposal)))

	// Work orders.
	in.Handle("GET /desk/api/orders", c.auth(roleSearch, c.orders))
	in.Handle("GET /desk/api/orders/export", c.auth(roleSearch, c.export))
	in.Handle("GET /desk/api/orders/{number}", c.auth(all, c.order))
	in.Handle("POST /desk/api/orders/{number}/edit", c.auth(office, c.edit))
	in.Handle("POST /desk/api/orders/{number}/answer", c.auth(office, c.answer))
	in.Handle("POST /desk/api/orders/{number}/dispatch", c.auth(office, c.dispatch))
	in.Handle("POST /desk/api/orders/{number}/merge", c.auth(office, c.merge))
	in.Handle("POST /desk/api/orders/{number}/sign", c.auth(dept, c.sign))
	in.Handle("POST /desk/api/orders/{number}/reply", c.auth(dept, c.reply))
	in.Handle("POST /desk/api/orders/{number}/co-reply", c.auth(dept, c.coReply))
	in.Handle("POST /desk/api/orders/{number}/extension", c.auth(dept, c.requestExtension))
	in.Handle("POST /desk/api/orders/{number}/return", c.auth(dept, c.returnOrder))
	in.Handle("POST /desk/api/orders/{number}/phone", c.auth(dept, c.revealPhone))
	in.Handle("POST /desk/api/orders/{number}/extension/decision", c.auth(office, c.decideExtension))
	in.Handle("POST /desk/api/orders/{number}/review", c.auth(office, c.review))
	in.Handle("POST /desk/api/orders/{number}/supervise", c.auth(supervise, c.supervise))
	in.Handle("POST /desk/api/orders/{number}/rate", c.auth(office, c.rate))
	in.Handle("GET /desk/api/department", c.auth(dept, c.department))
	in.Handle("GET /desk/api/supervisor", c.auth(readers, c.supervisor))
	in.Handle("GET /desk/api/queues", c.auth(readers, c.queueCounts))
	in.Handle("GET /desk/api/queues/{name}", c.auth(readers, c.workQueue))
	in.Handle("GET /desk/api/reminders", c.auth(all, c.reminders))
	in.Handle("GET /desk/api/inspections", c.auth(roleInspections, c.inspections))
	in.Handle("POST /desk/api/inspections/sample", c.auth(roleInspect, c.sampleInspections))
	in.Handle("POST /desk/api/inspections/{id}", c.auth(roleInspect, c.scoreInspection))

	// Administration.
	in.Handle("GET /desk/api/users", c.auth([]string{RoleAdmin}, c.users))
	in.Handle("POST /desk/api/users", c.auth(roleAdmins, c.addUser))
	in.Handle("POST /desk/api/users/{name}", c.auth(roleAdmins, c.updateUser))
	in.Handle("POST /desk/api/users/{name}/password", c.auth(roleAdmins, c.resetPassword))
	in.Handle("GET /desk/api/agents", c.auth(agents, c.agents))
	in.Handle("GET /desk/api/audit", c.auth([]string{RoleAdmin}, c.auditLog))
	in.Handle("GET /desk/api/audit/export", c.auth([]string{RoleAdmin}, c.auditExport))

	c.callRoutes(in)
	c.reportRoutes(in) // reports.go
	c.dutyRoutes(in)   // duty.go

	in.Handle("/desk/", c.notFound())
	h := http.NewCrossOriginProtection().Handler(securityHeaders(in))
	mux.Handle("/desk/", h)
	mux.Handle("GET /desk", http.RedirectHandler("/desk/", http.StatusMovedPermanently))
}

// securityHeaders keeps the console out of frames and stops content
// sniffing; the pages load nothing from other origins.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// page serves one embedded HTML page.
func (c *Console) page(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.servePage(w, r, name, http.StatusOK)
	})
}

// pageFor serves the app for a deep link (/desk/orders/N): without a
// session it redirects to the login page; check may answer 404 instead.
func (c *Console) pageFor(roles []string, check func(r *http.Request, a Actor) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _, err := c.session(w, r)
		if err != nil {
			http.Redirect(w, r, "/desk/login?next="+url.QueryEscape(r.URL.Path), http.StatusFound)
			return
		}
		a := Actor{Name: u.Name, Role: u.Role, Department: u.Department}
		if !slices.Contains(roles, a.Role) {
			c.servePage(w, r, "404.html", http.StatusNotFound)
			return
		}
		if check != nil {
			if err := check(r, a); err != nil {
				c.servePage(w, r, "404.html", http.StatusNotFound)
				return
			}
		}
		c.servePage(w, r, "index.html", http.StatusOK)
	})
}

func (c *Console) pageOrderCheck(r *http.Request, a Actor) error {
	_, err := c.visibleOrder(a, r.PathValue("number"))
	return err
}

// notFound answers unknown console paths: JSON under /desk/api/, the 404
// page elsewhere.
func (c *Console) notFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) >= len("/desk/api/") && r.URL.Path[:len("/desk/api/")] == "/desk/api/" {
			httpx.WriteError(w, r, httpx.ErrNoEndpoint)
			return
		}
		c.servePage(w, r, "404.html", http.StatusNotFound)
	})
}

// audit appends one console action to the audit log.
func (c *Console) audit(a Actor, action, object string, before, after any) {
	e := store.AuditEntry{At: c.now(), Actor: "desk:" + a.Name, Action: action, Object: object}
	if before != nil {
		e.Before = auditJSON(before)
	}
	if after != nil {
		e.After = auditJSON(after)
	}
	if err := c.o.Store.Update(func(tx *store.Tx) error { return tx.Audit(e) }); err != nil {
		c.log.Error("audit log", "action", action, "object", object, "err", err)
	}
}

func auditJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
