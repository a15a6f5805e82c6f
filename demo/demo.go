// Package demo builds a realistic history of work orders through the real
// pipeline: citizens write to the bot (bot.Engine), the office dispatches,
// departments sign, return, ask for extensions and reply, supervisors
// review, leaders give instructions, citizens rate, and the scheduler
// reminds, escalates and closes unanswered visits (workflow). Time is a
// simulated clock that the server's parts share, so a history of months
// takes seconds; the same seed gives the same history.
package demo

import (
	"container/heap"
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/desk"
	"hotline/domain"
	"hotline/duty"
	"hotline/inbound"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Clock is the simulated time the server runs on.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// set moves the clock, never backwards.
func (c *Clock) set(t time.Time) {
	c.mu.Lock()
	if t.After(c.t) {
		c.t = t
	}
	c.mu.Unlock()
}

// leaders take calls in turn: title, name, topic.
var leaders = [][3]string{
	{"副市长", "张明", "城市管理与市容环境"},
	{"副市长", "刘芳", "供暖、供水与公用事业"},
	{"市住房和城乡建设局局长", "陈刚", "老旧小区改造与物业管理"},
	{"市人力资源和社会保障局局长", "赵丽", "欠薪与社会保险"},
}

// Options say what to build.
type Options struct {
	Orders int       // citizens' requests to simulate
	Days   int       // over this many days …
	End    time.Time // … ending on this day (city time)
	Seed   uint64
	// Progress, when set, is told every 1,000 requests how many are done
	// and the simulated day reached.
	Progress func(done int, day time.Time)
}

// Summary is what Run built.
type Summary struct {
	Requests     int // conversations started
	Orders       int // work orders registered
	Dispatched   int
	Returned     int
	Extended     int
	Reopened     int
	Rated        int
	Instructions int
	LeaderItems  int
	Unregistered int // conversations that ended without an order (handed to a person, answered)
}

// step is one thing to do at a time.
type step struct {
	at    time.Time
	seq   int
	order int
	kind  string
}

type queue []step

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(step)) }
func (q *queue) Pop() any {
	old := *q
	s := old[len(old)-1]
	*q = old[:len(old)-1]
	return s
}

// order is one simulated request.
type order struct {
	channel, user, convID string
	text, phone           string
	number                string
	r                     *rand.Rand
	misroute              string // a wrong department it is first dispatched to
	redone                int
}

// Steps of an order's life.
const (
	kIntake    = "intake"
	kDispatch  = "dispatch"
	kSign      = "sign"
	kReturn    = "return"
	kExtend    = "extend"
	kDecide    = "decide"
	kReply     = "reply"
	kReview    = "review"
	kRate      = "rate"
	kInstruct  = "instruct"
	kSupervise = "supervise"
	kAnswer    = "answer"
	kTick      = "tick"
)

type sim struct {
	srv   *server.Server
	clock *Clock
	r     *rand.Rand
	q     queue
	seq   int
	ord   []*order
	sum   Summary
	depts []string // departments that take orders
	loc   *time.Location
	cal   *ticket.Calendar
	// startOfDay and endOfDay bound the office's working day:
	// calls.workday_start and time_limits.workday_end_hour.
	startOfDay, endOfDay time.Duration
}

func (s *sim) at(t time.Time, i int, kind string) {
	s.seq++
	heap.Push(&s.q, step{at: t, seq: s.seq, order: i, kind: kind})
}

// pick draws an index by weight.
func pick(r *rand.Rand, w []float64) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	x := r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// open moves t into the office's working time, where the departments, the
// dispatchers, the supervisors, the leaders and the return visits act:
// calls.workday_start to time_limits.workday_end_hour on the calendar's
// working days (holidays and make-up working days included). A time
// moved to the start of a working day lands within its first 90 minutes,
// as a day's work does. The agents on the lines work around the clock.
func (s *sim) open(r *rand.Rand, t time.Time) time.Time {
	t = t.In(s.loc)
	if s.working(t) {
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc)
	if !s.cal.IsWorkday(day) || t.Sub(day) >= s.endOfDay {
		day = s.cal.NextWorkday(day)
	}
	return day.Add(s.startOfDay + time.Duration(r.IntN(90))*time.Minute).In(s.loc)
}

// openBefore is the last working moment at or before t: t itself in
// working time, else a few minutes before the end of the working day
// before it.
func (s *sim) openBefore(t time.Time) time.Time {
	t = t.In(s.loc)
	if s.working(t) {
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc)
	if !s.cal.IsWorkday(day) || t.Sub(day) < s.startOfDay {
		day = day.AddDate(0, 0, -1)
		for !s.cal.IsWorkday(day) {
			day = day.AddDate(0, 0, -1)
		}
	}
	return day.Add(s.endOfDay - 5*time.Minute)
}

// working reports whether t is in the office's working time.
func (s *sim) working(t time.Time) bool {
	t = t.In(s.loc)
	since := t.Sub(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc))
	return s.cal.IsWorkday(t) && since >= s.startOfDay && since < s.endOfDay
}

func hours(r *rand.Rand, lo, hi float64) time.Duration {
	return time.Duration((lo + r.Float64()*(hi-lo)) * float64(time.Hour))
}

// Run simulates o.Orders requests over o.Days days ending on o.End through
// srv, whose clock must be clock.Now. The store should be empty.
func Run(ctx context.Context, srv *server.Server, clock *Clock, o Options) (*Summary, error) {
	if o.Orders <= 0 || o.Days <= 0 {
		return nil, errors.New("demo: orders and days must be positive")
	}
	loc := srv.Config.Location()
	end := o.End.In(loc)
	endDay := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	start := endDay.AddDate(0, 0, -o.Days)
	cal, err := ticket.NewCalendar(srv.Config.Calendar, loc)
	if err != nil {
		return nil, err
	}
	if err := checkChannels(srv); err != nil {
		return nil, err
	}
	srv.Outbox.SetClock(clock.Now)
	s := &sim{srv: srv, clock: clock, r: rand.New(rand.NewPCG(o.Seed, 0x12345)), loc: loc,
		cal: cal.WithWorkdayEnd(srv.Config.TimeLimits.WorkdayEndHour)}
	sh, sm, err := srv.Config.Calls.WorkdayStartClock()
	if err != nil {
		return nil, err
	}
	s.startOfDay = time.Duration(sh)*time.Hour + time.Duration(sm)*time.Minute
	s.endOfDay = time.Duration(s.cal.WorkdayEndHour()) * time.Hour
	for _, d := range srv.Config.Departments {
		if d.Kind != "office" {
			s.depts = append(s.depts, d.Name)
		}
	}
	if len(s.depts) == 0 {
		return nil, errors.New("demo: the config has no department to dispatch to")
	}
	if err := addStaff(srv, s.depts[0], start); err != nil {
		return nil, err
	}
	// Arrivals: days by weekday and month, hours by the day's rhythm.
	var dayW []float64
	for d := range o.Days {
		day := start.AddDate(0, 0, d)
		w := monthWeight(day.Month())
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w *= 0.6
		}
		dayW = append(dayW, w)
	}
	var places []string
	for _, d := range srv.Config.Districts {
		for _, t := range d.Towns {
			places = append(places, d.Name+t)
		}
	}
	for i := range o.Orders {
		r := rand.New(rand.NewPCG(o.Seed, uint64(i)+1))
		day := start.AddDate(0, 0, pick(r, dayW))
		at := day.Add(time.Duration(pick(r, hourWeights))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		tw := make([]float64, len(topics))
		for j, tp := range topics {
			tw[j] = tp.weight * tp.season(day.Month())
		}
		tp := topics[pick(r, tw)]
		place := places[r.IntN(len(places))] + roads[r.IntN(len(roads))]
		text := strings.ReplaceAll(tp.texts[r.IntN(len(tp.texts))], "{place}", place)
		phone := fmt.Sprintf("1%d%08d", []int{35, 37, 38, 39, 58, 59, 86, 88}[r.IntN(8)], r.IntN(100000000)) // 11 digits
		od := &order{text: text, phone: phone, r: r}
		switch x := r.IntN(100); {
		case x < 50:
			od.channel, od.user = "webchat", fmt.Sprintf("demo-%d-%d", o.Seed, i)
		case x < 85:
			od.channel, od.user = "wechat", fmt.Sprintf("oDemo%d_%06d", o.Seed, i)
		default:
			od.channel, od.user = "sms", "+86"+phone
			h := sha256.Sum256([]byte(fmt.Sprintf("demo:%d:%s", o.Seed, phone)))
			od.convID = "sms:" + hex.EncodeToString(h[:8])
		}
		if r.IntN(25) == 0 {
			od.misroute = s.depts[r.IntN(len(s.depts))]
		}
		s.ord = append(s.ord, od)
		s.at(at, i, kIntake)
	}
	for d := start; d.Before(endDay); d = d.AddDate(0, 0, 1) {
		s.at(d.Add(9*time.Hour), -1, kTick)
		s.at(d.Add(15*time.Hour), -1, kTick)
		// A leader takes calls every Wednesday morning (领导接听).
		if d.Weekday() == time.Wednesday {
			l := leaders[(d.YearDay()/7)%len(leaders)]
			sess := &duty.Session{Date: d.Format("2006-01-02"), Start: "09:00", End: "11:00", Leader: l[1], Title: l[0],
				Topic: l[2], CreatedBy: supervisor.Name, CreatedAt: d.AddDate(0, 0, -8)}
			if err := sess.Check(loc); err != nil {
				return nil, err
			}
			sess.ID = fmt.Sprintf("demo%d%s", o.Seed, d.Format("20060102"))
			if err := duty.Add(srv.Store, sess); err != nil {
				return nil, err
			}
		}
	}
	done := 0
	for s.q.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return &s.sum, err
		}
		st := heap.Pop(&s.q).(step)
		if !st.at.Before(endDay) {
			continue // beyond the history's end: still in progress
		}
		clock.set(st.at)
		if st.kind == kTick {
			if _, err := srv.Workflow.Tick(ctx); err != nil {
				return &s.sum, err
			}
			if err := deliver(ctx, srv); err != nil {
				return &s.sum, err
			}
			continue
		}
		if err := s.do(ctx, st); err != nil {
			return &s.sum, fmt.Errorf("demo: order %d, %s at %s: %w", st.order, st.kind, st.at.Format(time.DateTime), err)
		}
		if st.kind == kIntake {
			done++
			if o.Progress != nil && done%1000 == 0 {
				o.Progress(done, st.at)
			}
		}
	}
	if err := deliver(ctx, srv); err != nil {
		return &s.sum, err
	}
	return &s.sum, nil
}

// staff are the demo's people: the history records an actor by login
// (agent:demo-agent) and the console names them by their account's
// display name (话务员 王芳), so the demo adds their accounts, disabled
// and with a password nobody knows (an administrator who wants to walk
// the day as one enables it and sets its password). One clerk (经办人)
// stands for every department's.
var staff = []struct{ name, role, display string }{
	{"demo-agent", workflow.RoleAgent, "王芳"},
	{"demo-supervisor", workflow.RoleSupervisor, "李娜"},
	{"demo-leader", workflow.RoleLeader, leaders[0][1]},
	{"demo-clerk", workflow.RoleDepartment, "经办人"},
}

var (
	agent      = workflow.Actor{Name: staff[0].name, Role: workflow.RoleAgent}
	supervisor = workflow.Actor{Name: staff[1].name, Role: workflow.RoleSupervisor}
	// The leader's instructions are signed by a name, as the reports and
	// the dashboard show it (批示领导), never by the login.
	leader = workflow.Actor{Name: staff[2].name, Role: workflow.RoleLeader, DisplayName: leaders[0][1]}
)

func deptActor(d string) workflow.Actor {
	return workflow.Actor{Name: staff[3].name, Role: workflow.RoleDepartment, Department: d}
}

// addStaff adds the accounts of staff that the data does not have yet.
func addStaff(srv *server.Server, dept string, at time.Time) error {
	secret := make([]byte, 24)
	if _, err := crand.Read(secret); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword(secret, bcrypt.MinCost)
	if err != nil {
		return err
	}
	for _, p := range staff {
		exists := false
		if err := srv.Store.View(func(tx *store.Tx) error {
			_, err := tx.User(p.name)
			exists = err == nil
			return nil
		}); err != nil {
			return err
		}
		if exists {
			continue
		}
		u := &store.User{Name: p.name, DisplayName: p.display, Role: p.role, PasswordHash: string(hash), Disabled: true, CreatedAt: at}
		if p.role == workflow.RoleDepartment {
			u.Department = dept
		}
		if err := desk.AddUser(srv.Store, u, "demo"); err != nil {
			return err
		}
	}
	return nil
}

// current reads the order as the office sees it.
func (s *sim) current(od *order) (*ticket.Ticket, error) {
	return s.srv.Workflow.Ticket(agent, od.number)
}

func (s *sim) do(ctx context.Context, st step) error {
	od := s.ord[st.order]
	r := od.r
	now := st.at
	if st.kind == kIntake {
		return s.intake(ctx, st.order, od, now)
	}
	tk, err := s.current(od)
	if err != nil {
		return err
	}
	wf := s.srv.Workflow
	var rule *workflow.RuleError
	switch st.kind {
	case kAnswer:
		if tk.Status == ticket.Dispatched {
			// Dispatched automatically at registration (直派): the
			// department handles it. Left alone, it stayed unsigned
			// for months, hundreds of them on the supervisor's list.
			s.sum.Dispatched++
			s.afterDispatch(st.order, od, now)
			return nil
		}
		if tk.Status != ticket.Accepted {
			return nil
		}
		if _, err := wf.Answer(agent, od.number, "您好，您咨询的问题答复如下：请携带身份证件到就近的便民服务中心办理，也可通过“爱山东”政务服务平台在线办理。"); err != nil {
			return err
		}
		s.at(s.open(r, now.Add(hours(r, 1, 30))), st.order, kRate)
	case kDispatch:
		if tk.Status != ticket.Accepted && tk.Status != ticket.Returned {
			if tk.Status == ticket.Dispatched { // dispatched automatically
				s.sum.Dispatched++
				s.afterDispatch(st.order, od, now)
			}
			return nil
		}
		dept := tk.Department
		if od.misroute != "" && tk.Status == ticket.Accepted {
			dept = od.misroute
		} else if tk.Status == ticket.Returned {
			dept = routeOf(s, tk)
		}
		if dept == "" || dept == s.srv.Config.City.Office {
			dept = s.depts[r.IntN(len(s.depts))]
		}
		if _, err := wf.Dispatch(agent, od.number, dept, nil, ""); err != nil {
			return err
		}
		s.sum.Dispatched++
		s.afterDispatch(st.order, od, now)
	case kReturn:
		if tk.Status != ticket.Dispatched && tk.Status != ticket.Signed {
			return nil
		}
		if _, err := wf.Return(deptActor(tk.Department), od.number, "经核实，该事项不属于本单位职责范围，请重新派单"); err != nil {
			if errors.As(err, &rule) {
				return nil // the return window has passed
			}
			return err
		}
		s.sum.Returned++
		od.misroute = ""
		s.at(s.open(r, now.Add(hours(r, 0.5, 4))), st.order, kDispatch)
	case kSign:
		if tk.Status != ticket.Dispatched {
			return nil
		}
		if _, err := wf.Sign(deptActor(tk.Department), od.number); err != nil {
			return err
		}
		switch {
		case r.IntN(18) == 0:
			s.at(s.open(r, now.Add(hours(r, 4, 48))), st.order, kExtend)
		default:
			s.at(s.replyTime(r, now, tk), st.order, kReply)
		}
	case kExtend:
		if tk.Status != ticket.Signed {
			return nil
		}
		// A few working days past the deadline, or past today for an
		// order already late: never a date gone by.
		from := tk.Due
		if now.After(from) {
			from = now
		}
		due := s.cal.AddWorkingDays(from, 1+r.IntN(5)).In(s.loc)
		// As the console asks: a day, ending with the working day.
		due = time.Date(due.Year(), due.Month(), due.Day(), s.srv.Config.TimeLimits.WorkdayEndHour, 0, 0, 0, s.loc)
		if _, err := wf.RequestExtension(deptActor(tk.Department), od.number, "需协调多个部门现场处理，申请延期", due); err != nil {
			if errors.As(err, &rule) {
				s.at(s.replyTime(r, now, tk), st.order, kReply)
				return nil
			}
			return err
		}
		s.at(s.open(r, now.Add(hours(r, 1, 20))), st.order, kDecide)
	case kDecide:
		if tk.Status != ticket.ExtensionRequested {
			return nil
		}
		approve := r.IntN(5) > 0
		if _, err := wf.DecideExtension(supervisor, od.number, approve, map[bool]string{true: "同意延期", false: "请按原期限办结"}[approve]); err != nil {
			return err
		}
		if approve {
			s.sum.Extended++
		}
		tk, err = s.current(od)
		if err != nil {
			return err
		}
		s.at(s.replyTime(r, now, tk), st.order, kReply)
	case kReply:
		if tk.Status != ticket.Signed && tk.Status != ticket.Reopened {
			return nil
		}
		if _, err := wf.Reply(deptActor(tk.Department), od.number, "经现场核查，已安排人员处理完毕，并与市民电话沟通，市民表示认可。", ""); err != nil {
			return err
		}
		s.at(s.open(r, now.Add(hours(r, 1, 26))), st.order, kReview)
	case kReview:
		if tk.Status != ticket.Replied {
			return nil
		}
		approve := r.IntN(30) > 0 || od.redone > 0
		if _, err := wf.Review(supervisor, od.number, approve, map[bool]string{true: "", false: "答复内容过于简单，请补充处理结果"}[approve]); err != nil {
			return err
		}
		if !approve {
			od.redone++
			s.sum.Reopened++
			s.at(s.replyTime(r, now, tk), st.order, kReply)
			return nil
		}
		if r.IntN(100) < 88 {
			s.at(s.open(r, now.Add(hours(r, 0.5, 40))), st.order, kRate)
		}
	case kRate:
		if tk.Status != ticket.Reviewed && tk.Status != ticket.Answered {
			return nil
		}
		sat := ticket.Satisfied
		switch x := r.IntN(100); {
		case x < 8 && od.redone == 0:
			sat = ticket.Unsatisfied
		case x < 28:
			sat = ticket.BasicSatisfied
		}
		solved := sat != ticket.Unsatisfied
		if _, err := wf.Rate(workflow.Actor{Name: "回访员", Role: workflow.RoleAgent}, od.number, sat, solved); err != nil {
			return err
		}
		s.sum.Rated++
		if !solved {
			od.redone++
			s.sum.Reopened++
			tk, err = s.current(od)
			if err != nil {
				return err
			}
			if tk.Status == ticket.Reopened {
				s.at(s.replyTime(r, now, tk), st.order, kReply)
			}
		}
	case kInstruct:
		if !tk.Status.Open() {
			return nil
		}
		if _, err := wf.Supervise(leader, od.number, "请责任单位高度重视，尽快解决群众诉求，办理结果报市长公开电话办公室。", true); err != nil {
			return err
		}
		s.sum.Instructions++
	case kSupervise:
		if !tk.Status.Open() {
			return nil
		}
		if _, err := wf.Supervise(supervisor, od.number, "列为督办件", false); err != nil {
			return err
		}
	}
	return nil
}

// routeOf is where the office sends a returned order: the department the
// config routes its category and district to.
func routeOf(s *sim, tk *ticket.Ticket) string {
	return s.srv.Config.Route(tk.Category, tk.District)
}

// replyTime is when the department replies: mostly well inside the
// deadline, some late.
func (s *sim) replyTime(r *rand.Rand, now time.Time, tk *ticket.Ticket) time.Time {
	if r.IntN(100) < 6 && !tk.Due.IsZero() {
		return s.open(r, tk.Due.Add(hours(r, 2, 60)))
	}
	t := s.open(r, now.Add(hours(r, 2, 70)))
	if !tk.Due.IsZero() && t.After(tk.Due) {
		t = s.openBefore(tk.Due.Add(-hours(r, 0.2, 2)))
		if t.Before(now) {
			t = s.open(r, now.Add(10*time.Minute))
		}
	}
	return t
}

// afterDispatch plans what the department does with a dispatched order.
func (s *sim) afterDispatch(i int, od *order, now time.Time) {
	r := od.r
	if od.misroute != "" {
		s.at(s.open(r, now.Add(hours(r, 1, 20))), i, kReturn)
		return
	}
	sign := s.open(r, now.Add(hours(r, 0.2, 6)))
	if r.IntN(100) < 7 {
		sign = s.open(r, sign.Add(hours(r, 24, 60))) // late
	}
	s.at(sign, i, kSign)
	switch x := r.IntN(1000); {
	case x < 12:
		s.at(s.open(r, now.Add(hours(r, 2, 30))), i, kInstruct)
	case x < 40:
		s.at(s.open(r, now.Add(hours(r, 2, 30))), i, kSupervise)
	}
}

// intake is the citizen's conversation with the bot, answering what it
// asks until the order is registered.
func (s *sim) intake(ctx context.Context, i int, od *order, now time.Time) error {
	s.sum.Requests++
	name := surnames[od.r.IntN(len(surnames))]
	msgs := []string{od.text + "。我姓" + name + "，电话" + od.phone}
	eng := s.srv.Engine
	for turn := 0; turn < 6; turn++ {
		text := ""
		if turn < len(msgs) {
			text = msgs[turn]
		}
		conv, err := s.conversation(od)
		if err != nil {
			return err
		}
		if turn > 0 {
			if conv != nil && len(conv.Orders) > 0 {
				od.number = conv.Orders[len(conv.Orders)-1]
				break
			}
			switch {
			case conv == nil:
				return errors.New("no conversation")
			case conv.State == domain.ConvConfirming:
				text = "确认"
			case conv.State == domain.ConvCollecting && conv.Asking == "phone":
				text = od.phone
			case conv.State == domain.ConvCollecting && conv.Asking == "place":
				text = "在" + od.text[:min(len(od.text), 18)]
			case conv.State == domain.ConvCollecting:
				text = od.text
			default:
				s.sum.Unregistered++
				return nil
			}
		}
		m := inbound.Message{Channel: od.channel, UserID: od.user, ConversationID: od.convID, Create: od.convID != "",
			Text: text, ReceivedAt: now.Add(time.Duration(turn) * 40 * time.Second)}
		if od.channel == "sms" {
			m.Phone = od.user
		}
		s.clock.set(m.ReceivedAt)
		if _, err := eng.Handle(ctx, m); err != nil {
			return err
		}
	}
	if od.number == "" {
		s.sum.Unregistered++
		return nil
	}
	s.sum.Orders++
	// Taken during a leader's session: the agent makes most of them the
	// leader's items.
	if od.r.IntN(10) < 7 {
		note := func(sess *duty.Session) string {
			return config.Render(s.srv.Config.HistoryTexts.LeaderItem, config.HistoryData{Leader: sess.LeaderName()})
		}
		if _, err := duty.MarkLeaderItem(s.srv.Store, od.number, agent.String(), s.clock.Now(), s.loc, note); err == nil {
			s.sum.LeaderItems++
			if od.r.IntN(4) == 0 {
				s.at(s.open(od.r, s.clock.Now().Add(hours(od.r, 1, 6))), i, kInstruct)
			}
		} else if !errors.Is(err, duty.ErrNoSession) {
			return err
		}
	}
	tk, err := s.current(od)
	if err != nil {
		return err
	}
	after := s.clock.Now()
	switch {
	case tk.Status == ticket.Answered:
		s.at(s.open(od.r, after.Add(hours(od.r, 1, 30))), i, kRate)
	case tk.Type == ticket.TypeConsult && od.r.IntN(3) > 0:
		s.at(after.Add(hours(od.r, 0.1, 2)), i, kAnswer)
	default:
		s.at(s.open(od.r, after.Add(hours(od.r, 0.05, 1.5))), i, kDispatch)
	}
	return nil
}

func (s *sim) conversation(od *order) (*domain.Conversation, error) {
	id := od.convID
	if id == "" {
		id = inbound.ConversationID(od.channel, od.user)
	}
	var c *domain.Conversation
	err := s.srv.Store.View(func(tx *store.Tx) error {
		var err error
		c, err = tx.Conversation(id)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	return c, err
}
