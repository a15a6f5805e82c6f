package desk

import (
	"net/http"
	"slices"
	"strings"

	"hotline/config"
	"hotline/httpx"
	"hotline/ticket"
	"hotline/workflow"
)

// The console's tables: every code the page shows (states, roles, actions,
// channels, …) has its zh-CN label here, served to the page by
// GET /desk/api/meta; the page keeps no copy of them.

// Who may do what in the console: the routes (Routes) and the page's
// buttons (served as meta.can) use the same groups; the workflow checks
// the same rules again.
var (
	roleAgents = []string{RoleAgent, RoleLeader, RoleAdmin} // conversations
	// The waiting chat queue (its list, taking a chat from it) and the
	// phone desk (来电登记, 漏接回拨): those who answer citizens. A leader
	// holds only the chats handed to them in a duty session (roleAgents),
	// listed as their own (我接听的会话), and answers no call.
	roleChatQueue = []string{RoleAgent, RoleAdmin}
	rolePhoneDesk = []string{RoleAgent, RoleAdmin}
	roleOffice    = []string{RoleAgent, RoleSupervisor, RoleAdmin}             // edit, answer, dispatch, merge, review, extensions, rating
	roleReaders   = []string{RoleAgent, RoleSupervisor, RoleLeader, RoleAdmin} // lists across departments
	roleSupervise = []string{RoleSupervisor, RoleLeader, RoleAdmin}            // 督办, 批示
	roleDept      = []string{RoleDepartment}                                   // sign, reply, extension, return, reveal the phone
	// 工单查询 and its export: the readers across departments, a
	// department within its own orders (lead or co-handling) only.
	roleSearch = []string{RoleAgent, RoleSupervisor, RoleLeader, RoleAdmin, RoleDepartment}
	roleAdmins = []string{RoleAdmin} // users, audit log
	// 质检: supervisors and administrators draw and score closed orders;
	// leaders read the scores, a department those of its own orders.
	roleInspect     = []string{RoleSupervisor, RoleAdmin}
	roleInspections = []string{RoleSupervisor, RoleLeader, RoleAdmin, RoleDepartment}
	// The leaders' own form on an order: the instruction (批示) first,
	// and 督办 without the box that makes it one.
	roleInstruct = []string{RoleLeader}
)

// roleHome is where a role lands in the console, a view of
// desk/static/app.js ("queue", "dept", "sup", "orders", or "wq-" and a
// work queue's name), and whether it hears the chat queue: the sound, the
// waiting count in the tab's title and the desktop notifications for each
// new conversation.
type roleHome struct {
	View        string `json:"view"`
	QueueAlerts bool   `json:"queue_alerts"`
	// Inbox: the home shows the user's own inbox under it (GET
	// /desk/api/reminders): a leader's, the results of the orders they
	// gave an instruction (workflow.LeaderInbox).
	Inbox bool `json:"inbox,omitempty"`
}

// roleHomes is each role's home, served as meta.home; the page keeps no
// copy. Agents (and administrators, who stand in for them) answer the
// chat queue; a department works from its own orders, a supervisor from
// the supervision lists; a leader reads and instructs (督办/批示) and
// takes no chat from the waiting queue (a chat an agent hands them in a
// duty session is held by them, which the queue's alerts never announced),
// and reads under it what became of the orders they gave an instruction.
var roleHomes = map[string]roleHome{
	RoleAgent:      {View: "queue", QueueAlerts: true},
	RoleAdmin:      {View: "queue", QueueAlerts: true},
	RoleDepartment: {View: "dept"},
	RoleSupervisor: {View: "sup"},
	RoleLeader:     {View: "wq-" + workflow.QueueSupervised, Inbox: true},
}

// roleQueues are the work queues a role's navigation shows where it is not
// every one of them: a leader reads 即将超期/已超期 and 督办/批示 and never
// acts on the office's own queues (待派单, 延期申请, 退单申请…). Served as
// meta.nav_queues with the other readers' (every queue), and what the
// queues' API answers a role (queuesOf); the page keeps no copy.
var roleQueues = map[string][]string{
	RoleLeader: {workflow.QueueDue, workflow.QueueSupervised},
}

// queuesOf returns the work queues a role sees, in the navigation's
// order: every queue for the readers across departments but those
// roleQueues narrows, none for another role. The navigation (navQueues)
// and the queues' API (queueCounts, workQueue) both ask it, so a queue a
// role's navigation leaves out is one its API leaves out or refuses.
func (c *Console) queuesOf(role string) []QueueInfo {
	out := []QueueInfo{}
	for _, q := range c.o.Workflow.QueueList() {
		if seesQueue(role, q.Name) {
			out = append(out, q)
		}
	}
	return out
}

// seesQueue reports whether role sees the work queue name (roleReaders,
// roleQueues): in its navigation, the queues' API and the supervision
// page's lists of the same orders.
func seesQueue(role, name string) bool {
	only, narrowed := roleQueues[role]
	return slices.Contains(roleReaders, role) && (!narrowed || slices.Contains(only, name))
}

// navQueues returns, for every role, the names of the work queues its
// navigation shows (queuesOf).
func (c *Console) navQueues() map[string][]string {
	out := map[string][]string{}
	for _, role := range Roles() {
		names := []string{}
		for _, q := range c.queuesOf(role) {
			names = append(names, q.Name)
		}
		out[role] = names
	}
	return out
}

// labels are the console's tables of zh-CN names by code
// (config.ConsoleLabels), read once from the config.
type labels struct {
	actions, actors, convStates, deliveries, fields, auditKeys, flags, warnings map[string]string
	cfg                                                                         config.ConsoleLabels
}

func newLabels(l config.ConsoleLabels) *labels {
	return &labels{
		actions: config.LabelMap(l.Actions), actors: config.LabelMap(l.Actors),
		convStates: config.LabelMap(l.ConversationStates), deliveries: config.LabelMap(l.Deliveries),
		fields: config.LabelMap(l.Fields), auditKeys: config.LabelMap(l.AuditKeys),
		flags: config.LabelMap(l.Flags), warnings: config.LabelMap(l.Warnings), cfg: l,
	}
}

// ActionLabel returns the zh-CN name of an action code in an order's
// history (ticket.Event Action) or the audit log (AuditEntry Action);
// audit actions "ticket.X" take the label of X. An unknown code is
// console_labels.unknown_action ("其他操作"), never the code.
func (c *Console) ActionLabel(code string) string {
	if l, ok := c.labels.actions[code]; ok {
		return l
	}
	if rest, ok := strings.CutPrefix(code, "ticket."); ok {
		if l, ok := c.labels.actions[rest]; ok {
			return l
		}
	}
	return c.labels.cfg.UnknownAction
}

// RoleLabel returns the zh-CN name of a console role.
func (c *Console) RoleLabel(role string) string { return c.labels.cfg.Roles.Label(role) }

// statusLabel returns the zh-CN name of an order's state (status_labels).
func (c *Console) statusLabel(s ticket.Status) string {
	return c.o.Config.StatusLabels.Label(string(s))
}

// ChannelLabel returns the zh-CN name of a channel (Options.ChannelLabels,
// from the server's list of channels).
func (c *Console) ChannelLabel(ch string) string {
	if l, ok := c.o.ChannelLabels[ch]; ok {
		return l
	}
	return c.labels.cfg.OtherChannel
}

type codeLabel struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type categoryMeta struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Department string `json:"department"`
}

// meta is what GET /desk/api/meta answers: the console's tables and the
// city's lists.
func (c *Console) meta() map[string]any {
	cfg := c.o.Config
	statuses := []codeLabel{}
	for _, s := range ticket.AllStatuses() {
		statuses = append(statuses, codeLabel{string(s), c.statusLabel(s)})
	}
	roles := []codeLabel{}
	for _, r := range Roles() {
		roles = append(roles, codeLabel{r, c.RoleLabel(r)})
	}
	cats := make([]categoryMeta, 0, len(cfg.Categories))
	for _, ct := range cfg.Categories {
		cats = append(cats, categoryMeta{ct.Code, ct.Name, ct.Department})
	}
	depts := make([]string, 0, len(cfg.Departments))
	for _, d := range cfg.Departments {
		depts = append(depts, d.Name)
	}
	dists := make([]string, 0, len(cfg.Districts))
	for _, d := range cfg.Districts {
		dists = append(dists, d.Name)
	}
	tz := cfg.City.Timezone
	if tz == "" {
		tz = cfg.Location().String()
	}
	return map[string]any{
		"city": cfg.City.Name, "timezone": tz,
		"statuses": statuses, "department_statuses": ticket.DepartmentStatuses(), "roles": roles, "actions": c.labels.actions, "actors": c.labels.actors,
		// Where a person acted (desk:, api:, tg:) and how such an actor
		// reads (config.ConsoleLabels.Actor, which app.js's actorLabel follows).
		"surfaces": config.LabelMap(c.labels.cfg.Surfaces), "actor_via": c.labels.cfg.ActorVia,
		"channels": c.o.ChannelLabels, "conversation_states": c.labels.convStates, "deliveries": c.labels.deliveries,
		"fields": c.labels.fields, "editable_fields": ticket.EditableFields(), "warnings": c.labels.warnings,
		"request_types": ticket.RequestTypes(), "urgencies": ticket.UrgencyLevels(),
		"satisfactions": []string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied},
		"categories":    cats, "departments": depts, "districts": dists, "search_flags": c.searchFlags(),
		// The district filters' choice of the orders without one (未识别区县).
		"no_district": workflow.NoDistrict,
		"can": map[string][]string{"agents": roleAgents, "chat_queue": roleChatQueue, "phone_desk": rolePhoneDesk, "office": roleOffice, "readers": roleReaders,
			"supervise": roleSupervise, "department": roleDept, "search": roleSearch, "admin": roleAdmins,
			"instruct": roleInstruct, "reports": roleReports, "dashboard": roleDashboard, "duty_plan": roleDutyPlan,
			"inspect": roleInspect, "inspections": roleInspections},
		// What the reply's file input offers (a phone's camera among them).
		"attachment_accept": attachmentAccept(),
		// The 质检 items with their points (inspection.items).
		"inspection_items": cfg.Inspection.Items,
		"home":             roleHomes,
		"nav_queues":       c.navQueues(),
		"unknown_action":   c.labels.cfg.UnknownAction, "unknown_status": c.statusLabel("unknown"), "other_channel": c.labels.cfg.OtherChannel,
		"staff":     c.staffNames(),
		"emergency": config.LabelMap(c.labels.cfg.Emergency), "emergency_rules": config.LabelMap(c.labels.cfg.EmergencyRules),
		"texts": cfg.ConsoleTexts,
	}
}

func (c *Console) metaHandler(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, c.meta())
	return nil
}

// searchFlags are the marks the order search can ask for, with their
// names (console_labels.flags), in the order of its list.
func (c *Console) searchFlags() []codeLabel {
	out := make([]codeLabel, len(searchFlags))
	for i, f := range searchFlags {
		out[i] = codeLabel{f.code, c.labels.flags[f.code]}
	}
	return out
}
