package desk

import (
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/duty"
	"hotline/events"
	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// orderState is what the audit log keeps of an order before and after an
// action.
func orderState(t *ticket.Ticket) map[string]any {
	if t == nil {
		return nil
	}
	return map[string]any{"status": t.Status, "department": t.Department, "co": t.CoDepartments,
		"due": t.Due, "flags": t.Flags, "events": len(t.Events)}
}

// wfError maps the workflow's errors to HTTP answers.
func (c *Console) wfError(err error) error {
	var re *RuleError
	var te *ticket.TransitionError
	switch {
	case errors.Is(err, ErrNotFound):
		return httpx.ErrOrderNotFound
	case errors.Is(err, ErrForbidden):
		return httpx.ErrForbidden.WithText(txtOrderForbidden, noData)
	case errors.As(err, &re):
		return httpx.ErrRule.Say(re.Msg)
	case errors.As(err, &te):
		return httpx.ErrBadState.SayText(txtStateRefused, config.HTTPErrorData{Status: c.statusLabel(te.From)})
	case errors.Is(err, ticket.ErrUnknownField):
		return httpx.ErrBadField
	}
	return err
}

// canSee reports whether a department user may see the order: dispatched
// to them as lead (主办) or co-handling (协办) department
// (workflow.DepartmentSees). Everyone else sees all.
func canSee(a Actor, t *ticket.Ticket) bool {
	if a.Role != RoleDepartment {
		return true
	}
	return workflow.DepartmentSees(a.Department, t)
}

// visibleOrder returns the order when a may see it, live or archived. An
// order of another department is "not found", exactly like one that does
// not exist.
func (c *Console) visibleOrder(a Actor, number string) (*ticket.Ticket, error) {
	t, _, err := c.findOrder(a, number)
	return t, err
}

// findOrder is visibleOrder that also says whether the order is archived
// (moved to the yearly archive by the retention job, read-only).
func (c *Console) findOrder(a Actor, number string) (t *ticket.Ticket, archived bool, err error) {
	if _, _, err := ticket.ParseNumber(number); err != nil {
		return nil, false, httpx.ErrOrderNotFound
	}
	t, err = c.o.Workflow.Ticket(a, number)
	if errors.Is(err, ErrNotFound) {
		if arch := c.o.Store.Archive(); arch != nil {
			if at, aerr := arch.Ticket(number); aerr == nil {
				t, err, archived = at, nil, true
			} else if !errors.Is(aerr, store.ErrNotFound) {
				return nil, false, aerr
			}
		}
	}
	if err != nil {
		return nil, false, c.wfError(err)
	}
	if !canSee(a, t) {
		return nil, false, httpx.ErrOrderNotFound
	}
	return t, archived, nil
}

func (c *Console) order(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	t, archived, err := c.findOrder(a, r.PathValue("number"))
	if err != nil {
		return err
	}
	label, next, ops := c.statusLabel(t.Status), t.Status.Next(), c.o.Workflow.Offered(a, t)
	if archived {
		label, next, ops = c.archivedLabel(label), nil, nil
	}
	out := map[string]any{"ticket": c.maskTicket(t), "next": next, "status_label": label, "ops": opsList(ops),
		"files": c.attachmentViews(t.Attachments), "archived": archived}
	if !archived {
		out["days_left"], out["warning"] = c.o.Workflow.Countdown(t)
	}
	if t.Status == ticket.Returned && !archived {
		// Where the routing rules send it now, for the dispatcher.
		out["route"] = c.o.Config.Route(t.Category, t.District)
	}
	if slices.Contains(roleReaders, a.Role) && !archived {
		// The leaders' duty session in progress, for 列为领导接听件.
		sess, err := duty.Active(c.o.Store, c.now(), c.o.Config.Location())
		if err != nil {
			return err
		}
		out["duty_active"] = sess
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// orderOp runs one workflow action on a visible order and tells the live
// views. The workflow writes the audit entry (with the state before and
// after) in the operation's own transaction.
func (c *Console) orderOp(w http.ResponseWriter, r *http.Request, done confirmation, fn func(a Actor, number string) (*ticket.Ticket, error)) error {
	a := actorOf(r)
	number := r.PathValue("number")
	if _, err := c.visibleOrder(a, number); err != nil {
		return err
	}
	after, err := fn(a, number)
	if err != nil {
		return c.wfError(err)
	}
	c.o.Hub.Publish(events.Event{Kind: events.Ticket, ConversationID: after.ConversationID, Ticket: number, State: string(after.Status)})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ticket": c.maskTicket(after), "status_label": c.statusLabel(after.Status),
		"ops": opsList(c.o.Workflow.Offered(a, after)), "done": done})
	return nil
}

// opsList is ops for JSON: [] rather than null when there are none.
func opsList(ops []workflow.Op) []workflow.Op {
	if ops == nil {
		return []workflow.Op{}
	}
	return ops
}

// maxText is the most characters of what staff type into an order (a
// reply, a reason, a comment).
const maxText = 4000

// required returns s trimmed, or an error that says what (one of
// http_errors.inputs) is empty or too long.
func required(s string, what httpx.Text) (string, error) {
	s = strings.TrimSpace(s)
	text := func(pick httpx.Text) httpx.Text {
		return func(m *config.HTTPErrors) string {
			return config.Render(pick(m), config.HTTPErrorData{What: what(m), Max: maxText})
		}
	}
	if s == "" {
		return "", httpx.ErrRequired.SayFunc(text(txtRequired))
	}
	if utf8.RuneCountInString(s) > maxText {
		return "", httpx.ErrTooLong.SayFunc(text(txtTooLong))
	}
	return s, nil
}

func (c *Console) edit(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Field      string `json:"field"`
		Value      string `json:"value"`
		Correction bool   `json:"correction"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if !slices.Contains(ticket.EditableFields(), req.Field) {
		return httpx.ErrBadField.With(req.Field)
	}
	return c.orderOp(w, r, confirm(workflow.OpEdit, false, map[string]string{"field": c.labels.fields[req.Field]}), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Edit(a, n, req.Field, strings.TrimSpace(req.Value), req.Correction)
	})
}

type textReq struct {
	Text string `json:"text"`
}

func (c *Console) answer(w http.ResponseWriter, r *http.Request) error {
	var req textReq
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	text, err := required(req.Text, inAnswer)
	if err != nil {
		return err
	}
	return c.orderOp(w, r, confirm(workflow.OpAnswer, false, nil), func(a Actor, n string) (*ticket.Ticket, error) { return c.o.Workflow.Answer(a, n, text) })
}

func (c *Console) dispatch(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Department string   `json:"department"`
		Co         []string `json:"co"`
		Note       string   `json:"note"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if _, ok := c.o.Config.Department(req.Department); !ok {
		return httpx.ErrBadDepartment.SayText(txtMainDepartment, noData)
	}
	var co []string
	for _, d := range req.Co {
		if d = strings.TrimSpace(d); d == "" || d == req.Department || slices.Contains(co, d) {
			continue
		}
		if _, ok := c.o.Config.Department(d); !ok {
			return httpx.ErrBadDepartment.With(d)
		}
		co = append(co, d)
	}
	return c.orderOp(w, r, confirm(workflow.OpDispatch, false, map[string]string{"department": req.Department}), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Dispatch(a, n, req.Department, co, strings.TrimSpace(req.Note))
	})
}

func (c *Console) merge(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Into string `json:"into"`
		Note string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	// An order merged into itself is the workflow's to refuse, in its own
	// words (rule_errors.merge_self), not a malformed number.
	req.Into = strings.TrimSpace(req.Into)
	if _, _, err := ticket.ParseNumber(req.Into); err != nil {
		return httpx.ErrBadNumber.WithText(txtMergeNumber, noData)
	}
	return c.orderOp(w, r, confirm(workflow.OpMerge, false, map[string]string{"number": req.Into}), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Merge(a, n, req.Into, strings.TrimSpace(req.Note))
	})
}

func (c *Console) sign(w http.ResponseWriter, r *http.Request) error {
	if err := readEmpty(r); err != nil {
		return err
	}
	return c.orderOp(w, r, confirm(workflow.OpSign, false, nil), c.o.Workflow.Sign)
}

// coReply records a co-handling department's part (协办意见), which the
// lead department reads before it replies: text is required.
func (c *Console) coReply(w http.ResponseWriter, r *http.Request) error {
	var req textReq
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	text, err := required(req.Text, inCoReply)
	if err != nil {
		return err
	}
	return c.orderOp(w, r, confirm(workflow.OpCoReply, false, nil), func(a Actor, number string) (*ticket.Ticket, error) {
		return c.o.Workflow.CoReply(a, number, text)
	})
}

// reply records the department's result (办理反馈): text is required; an
// attachment may come as a file in a multipart form (kept under the data
// directory, at most MaxUpload bytes). The file is stored only once the
// text is valid, and removed again when the workflow rejects the reply.
func (c *Console) reply(w http.ResponseWriter, r *http.Request) error {
	var text string
	var upload multipart.File
	var hdr *multipart.FileHeader
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, c.o.MaxUpload+64<<10)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return httpx.ErrAttachmentTooLarge.WithText(txtUploadLimit, config.HTTPErrorData{Max: c.o.MaxUpload >> 20})
			}
			return httpx.ErrBadForm
		}
		defer r.MultipartForm.RemoveAll()
		text = r.FormValue("text")
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			upload, hdr = f, h
		}
	} else {
		var req textReq
		if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
			return err
		}
		text = req.Text
	}
	text, err := required(text, inResult)
	if err != nil {
		return err
	}
	number := r.PathValue("number")
	attachment := ""
	if upload != nil {
		if attachment, err = c.saveAttachment(upload, hdr.Filename, hdr.Size, number); err != nil {
			return err
		}
	}
	err = c.orderOp(w, r, confirm(workflow.OpReply, false, nil), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Reply(a, n, text, attachment)
	})
	if err != nil && attachment != "" {
		c.dropAttachment(attachment)
	}
	return err
}

func (c *Console) requestExtension(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Reason string `json:"reason"`
		NewDue string `json:"new_due"` // YYYY-MM-DD
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	reason, err := required(req.Reason, inExtensionReason)
	if err != nil {
		return err
	}
	date, err := required(req.NewDue, inNewDue) // no date picked: say which, not that it is malformed
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation("2006-01-02", date, c.o.Calendar.Location())
	if err != nil {
		return httpx.ErrBadDate
	}
	end := c.o.Config.TimeLimits.WorkdayEndHour
	if end <= 0 || end > 23 {
		end = 18
	}
	newDue := day.Add(time.Duration(end) * time.Hour)
	return c.orderOp(w, r, confirm(workflow.OpRequestExtension, false, map[string]string{"date": date}), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.RequestExtension(a, n, reason, newDue)
	})
}

type decisionReq struct {
	Approve bool   `json:"approve"`
	Comment string `json:"comment"`
}

func (c *Console) decideExtension(w http.ResponseWriter, r *http.Request) error {
	var req decisionReq
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if !req.Approve {
		if _, err := required(req.Comment, inRefusal); err != nil {
			return err
		}
	}
	return c.orderOp(w, r, confirm(workflow.OpDecideExtension, !req.Approve, nil), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.DecideExtension(a, n, req.Approve, strings.TrimSpace(req.Comment))
	})
}

func (c *Console) returnOrder(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	reason, err := required(req.Reason, inReturnReason)
	if err != nil {
		return err
	}
	return c.orderOp(w, r, confirm(workflow.OpReturn, false, nil), func(a Actor, n string) (*ticket.Ticket, error) { return c.o.Workflow.Return(a, n, reason) })
}

func (c *Console) review(w http.ResponseWriter, r *http.Request) error {
	var req decisionReq
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if !req.Approve {
		if _, err := required(req.Comment, inRejection); err != nil {
			return err
		}
	}
	return c.orderOp(w, r, confirm(workflow.OpReview, !req.Approve, nil), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Review(a, n, req.Approve, strings.TrimSpace(req.Comment))
	})
}

func (c *Console) supervise(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Note        string `json:"note"`
		Instruction bool   `json:"instruction"`
		// Leader names the leader whose instruction a supervisor or an
		// administrator records (workflow.Actor.ForLeader); optional.
		Leader string `json:"leader"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	what := inSupervision
	if req.Instruction {
		what = inInstruction
	}
	note, err := required(req.Note, what)
	if err != nil {
		return err
	}
	leader := ""
	if req.Instruction && strings.TrimSpace(req.Leader) != "" {
		if leader, err = required(req.Leader, inInstrLeader); err != nil {
			return err
		}
	}
	return c.orderOp(w, r, confirm(workflow.OpSupervise, req.Instruction, nil), func(a Actor, n string) (*ticket.Ticket, error) {
		a.ForLeader = leader
		return c.o.Workflow.Supervise(a, n, note, req.Instruction)
	})
}

func (c *Console) rate(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Satisfaction string `json:"satisfaction"`
		Solved       bool   `json:"solved"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if !slices.Contains([]string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied}, req.Satisfaction) {
		return httpx.ErrBadRating
	}
	return c.orderOp(w, r, confirm(workflow.OpRate, false, map[string]string{"satisfaction": req.Satisfaction}), func(a Actor, n string) (*ticket.Ticket, error) {
		return c.o.Workflow.Rate(a, n, req.Satisfaction, req.Solved)
	})
}

// department lists the user's department's new, due-soon and overdue
// orders, supervised ones first within each list. All its orders are the
// order search scoped to the department (GET /desk/api/orders), in pages:
// a list of every order it ever had, sent at each refresh, grew without
// bound.
func (c *Console) department(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	newOnes, dueSoon, overdue, supervised, err := c.o.Workflow.DepartmentOrders(a.Department)
	if err != nil {
		return c.wfError(err)
	}
	// New orders wait to be signed for; reopened ones (重办) are handled
	// again at once, and the page says why each came back.
	fresh, redo := []Item{}, []Item{}
	for _, it := range newOnes {
		if it.Status == ticket.Reopened {
			redo = append(redo, it)
		} else {
			fresh = append(fresh, it)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"department": a.Department,
		"new": c.supervisedFirst(fresh), "redo": c.supervisedFirst(redo), "due_soon": c.supervisedFirst(dueSoon),
		"overdue": c.supervisedFirst(overdue), "supervised": c.supervisedFirst(supervised)})
	return nil
}

// supervisedFirst masks the list and puts supervised orders and leader
// instructions on top, keeping the order otherwise.
func (c *Console) supervisedFirst(list []Item) []Item {
	out := c.maskItems(list)
	slices.SortStableFunc(out, func(x, y Item) int {
		rank := func(i Item) int {
			if i.Flags.Instruction || i.Flags.Supervised || i.Flags.LeaderItem {
				return 0
			}
			return 1
		}
		return rank(x) - rank(y)
	})
	return out
}

// SupLatePage is how many of the late orders (已超期 or 已升级) the
// supervision page shows at a time: there can be thousands.
const SupLatePage = 20

// SupPendingShown is how many of each list waiting for the office
// (review, extensions, returns) the supervision page shows, the longest
// waiting first; the work queues (待审核, 延期申请, 退单申请) list them all.
const SupPendingShown = 10

// supervisor answers GET /desk/api/supervisor[?late_page=N]: what waits
// for the office (review, extensions, returns, return visits: the
// SupPendingShown longest waiting of each, with the working time waited,
// and their totals; a return visit with its close as deadline), the
// 督办件 and 批示件, and the late
// orders (held past their deadline or escalated), each once with both
// marks, a page of SupLatePage at a time with their total.
func (c *Console) supervisor(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if s := r.URL.Query().Get("late_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return httpx.ErrBadQuery.WithText(txtBadPage, noData)
		}
		page = n
	}
	sl, err := c.o.Workflow.SupervisorList()
	if err != nil {
		return c.wfError(err)
	}
	total := len(sl.Late)
	pages := max(1, (total+SupLatePage-1)/SupLatePage)
	page = min(page, pages)
	late := sl.Late[min(total, (page-1)*SupLatePage):min(total, page*SupLatePage)]
	out := map[string]any{
		"late": c.maskItems(late), "late_total": total, "late_page": page, "late_pages": pages,
		"supervised": c.maskItems(sl.Supervised), "co_late": c.maskItems(sl.CoLate)}
	// The lists of what waits for the office are its work queues' orders:
	// a role that does not see a queue (seesQueue: a leader's 待审核 and
	// the like) is not answered its list either.
	role := actorOf(r).Role
	for _, l := range []struct {
		name, queue string
		list        []Item
	}{{"pending_review", workflow.QueueReview, sl.PendingReview}, {"pending_extension", workflow.QueueExtension, sl.PendingExtension},
		{"pending_return", workflow.QueueReturn, sl.PendingReturn}} {
		if seesQueue(role, l.queue) {
			out[l.name] = c.maskItems(l.list[:min(len(l.list), SupPendingShown)])
			out[l.name+"_total"] = len(l.list)
		}
	}
	// 待回访 with the queue's deadline (the visit's close), as its work
	// queue shows it.
	if seesQueue(role, workflow.QueueVisit) {
		visits := make([]QueueItem, 0, min(len(sl.PendingVisit), SupPendingShown))
		for _, it := range sl.PendingVisit[:min(len(sl.PendingVisit), SupPendingShown)] {
			it.Ticket = c.maskTicket(it.Ticket)
			visits = append(visits, it)
		}
		out["pending_visit"], out["pending_visit_total"] = visits, len(sl.PendingVisit)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (c *Console) reminders(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	dept := r.URL.Query().Get("department")
	switch {
	case a.Role == RoleDepartment:
		dept = a.Department
	case dept != "":
	case a.Role == RoleLeader:
		// A leader's own inbox: the results of the orders the leader
		// gave an instruction (批示).
		dept = workflow.LeaderInbox(a.Name)
	default:
		// The office's own inbox: the supervision desk's reminders (批示件).
		dept = c.o.Config.City.Office
	}
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 1000 {
			limit = n
		}
	}
	list, err := c.o.Workflow.Reminders(dept, limit)
	if err != nil {
		return c.wfError(err)
	}
	out := make([]reminderItem, len(list))
	for i, rm := range list {
		rm.Text = mask(rm.Text)
		out[i] = reminderItem{Reminder: rm}
		if a.Role == RoleDepartment && rm.Number != "" {
			if _, err := c.visibleOrder(a, rm.Number); errors.Is(err, httpx.ErrOrderNotFound) {
				out[i].Gone = true
			}
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"reminders": out})
	return nil
}

// reminderItem is an inbox entry as the console lists it.
type reminderItem struct {
	domain.Reminder
	// Gone: the department no longer sees the order (a return approved,
	// the order sent to another department); the page names it without
	// the link, which would answer 工单不存在.
	Gone bool `json:"gone,omitempty"`
}

// revealPhone shows a department the citizen's full number on an order
// it handles (lead or co-handling) and that is still open, to call the
// citizen back. Each look is audited (查看号码).
func (c *Console) revealPhone(w http.ResponseWriter, r *http.Request) error {
	if err := readEmpty(r); err != nil {
		return err
	}
	a := actorOf(r)
	number := r.PathValue("number")
	t, err := c.visibleOrder(a, number)
	if err != nil {
		return err
	}
	if !t.Status.Open() {
		return httpx.ErrBadState.SayText(txtStateNoPhone, config.HTTPErrorData{Status: c.statusLabel(t.Status)})
	}
	if strings.TrimSpace(t.Phone) == "" {
		return httpx.ErrNoPhone
	}
	c.audit(a, "order.reveal_phone", number, nil, map[string]string{"phone": mask(t.Phone)})
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"phone": t.Phone})
	return nil
}
