package desk

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/ticket"
	"hotline/workflow"
)

// actionCode finds the action codes the code base writes: history events
// (Action: "sign"), audit entries ("ticket.remind_sign") and the console's
// own audit calls (c.audit(a, "order.register", …)).
var actionCode = regexp.MustCompile(`(?:Action:\s*|Action\s*=\s*|Action[A-Z]\w*\s*=\s*|action(?:,\s*\w+)*\s*:?=\s*|c\.audit\([^,]+,\s*)"([a-z_]+(?:\.[a-z_]+)?)"|"(ticket\.[a-z_]+)"`)

// TestEveryActionHasALabel reads the repository's Go sources and checks
// that every action code written to a history or the audit log has a
// zh-CN label: the console never shows a raw code.
func TestEveryActionHasALabel(t *testing.T) {
	root := filepath.Join("..")
	found := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range actionCode.FindAllStringSubmatch(string(src), -1) {
			code := m[1] + m[2]
			if code == "conversation." || code == "ticket." {
				continue
			}
			found[code] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"accept", "dispatch", "sign", "ticket.remind_sign", "order.register", "login"} {
		if _, ok := found[must]; !ok {
			t.Errorf("the scan missed %q: the pattern is out of date", must)
		}
	}
	// "conversation." + the new state (bot/agent.go).
	for _, st := range []domain.ConvState{domain.ConvAgent, domain.ConvIdle, domain.ConvQueued, domain.ConvCollecting} {
		found["conversation."+string(st)] = "bot/agent.go"
	}
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := &Console{labels: newLabels(cfg.ConsoleLabels)}
	for code, path := range found {
		if l := c.ActionLabel(code); l == cfg.ConsoleLabels.UnknownAction {
			t.Errorf("action %q (%s) has no label in console_labels.actions (config/default.yaml)", code, path)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestMetaTables(t *testing.T) {
	e := newEnv(t, nil)
	ck := e.login(t, "agent1")
	code, m := e.do(t, ck, "GET", "/desk/api/meta", nil)
	if code != 200 {
		t.Fatalf("meta: %d %v", code, m)
	}
	var codes []string
	for _, s := range m["statuses"].([]any) {
		sl := s.(map[string]any)
		codes = append(codes, sl["code"].(string))
		if !hasHan(sl["label"].(string)) {
			t.Errorf("status %v has no Chinese label", sl)
		}
	}
	for _, s := range ticket.AllStatuses() {
		if !slices.Contains(codes, string(s)) {
			t.Errorf("status %s missing from meta", s)
		}
	}
	if n := len(m["categories"].([]any)); n != len(e.cfg.Categories) {
		t.Errorf("meta has %d categories, config %d", n, len(e.cfg.Categories))
	}
	cat := m["categories"].([]any)[0].(map[string]any)
	if cat["name"] != e.cfg.Categories[0].Name {
		t.Errorf("category %v", cat)
	}
	if m["timezone"] != "Asia/Shanghai" {
		t.Errorf("timezone %v", m["timezone"])
	}
	for _, table := range []string{"channels", "conversation_states", "actions", "fields", "deliveries"} {
		for k, v := range m[table].(map[string]any) {
			if s, _ := v.(string); s == "" || (!hasHan(s) && s != "Telegram") {
				t.Errorf("%s[%s] = %q: not a Chinese label", table, k, v)
			}
		}
	}
	if can := m["can"].(map[string]any); len(can["office"].([]any)) == 0 {
		t.Errorf("can: %v", can)
	}
	if code, _ := e.do(t, nil, "GET", "/desk/api/meta", nil); code != 401 {
		t.Errorf("meta without a session: %d", code)
	}
}

func TestHumanizeAudit(t *testing.T) {
	e := newEnv(t, nil)
	for in, want := range map[string]string{
		"dispatched":                       "已派单",
		"signed category=SRHW":             "已签收；类别：市容环卫",
		"reviewed supervised":              "已审核；督办",
		`{"state":"agent","agent":"li"}`:   "坐席：li；会话状态：人工处理中",
		`{"state":"agent","agent":"wang"}`: "坐席：王芳；会话状态：人工处理中",
		`{"role":"agent","department":""}`: "角色：话务员",
		`{"status":"signed","department":"市公安局","flags":{"supervised":true}}`: "承办单位：市公安局；标记：督办；状态：已签收",
	} {
		if got := e.con.humanize(in, map[string]string{"wang": "王芳"}); got != want {
			t.Errorf("humanize(%s) = %q, want %q", in, got, want)
		}
	}
	// The audit view shows labels only.
	ck := e.login(t, "admin1")
	_, m := e.do(t, ck, "GET", "/desk/api/audit", nil)
	for _, a := range m["audit"].([]any) {
		av := a.(map[string]any)
		if !hasHan(av["action_label"].(string)) {
			t.Errorf("audit entry %v has no label", av)
		}
	}
}

// TestRuleMessagesShownWhole: the workflow's and the engine's refusals
// are the config's zh-CN words (rule_errors, input_errors), shown as they
// are: nothing is cut from them, not even a note in ASCII brackets.
func TestRuleMessagesShownWhole(t *testing.T) {
	const msg = "工单已办结，不能督办 (请联系督办科)"
	if got := (&Console{}).wfError(&RuleError{Msg: msg}).(*httpx.Error).Message(nil); got != msg {
		t.Errorf("rule error: %q, want %q", got, msg)
	}
	if got := deskError(&inbound.InputError{Code: "too_long", Msg: msg}).(*httpx.Error).Message(nil); got != msg {
		t.Errorf("input error: %q, want %q", got, msg)
	}
}

// TestLabelsFromConfig: the console's labels come from console_labels: a
// city's names reach the meta tables, the audit log and the user list.
func TestLabelsFromConfig(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		l := &o.Config.ConsoleLabels
		l.Actions.Login = "签到"
		l.Actions.Sign = "接收"
		l.Roles.Agent = "接线员"
		l.ConversationStates.Queued = "排队中"
		l.Fields.Due = "完成期限"
		l.Warnings.Red = "已逾期"
		l.UnknownAction = "未知操作"
		o.Config.StatusLabels.Dispatched = "已转办"
	})
	ck := e.login(t, "admin1")
	_, m := e.do(t, ck, "GET", "/desk/api/meta", nil)
	actions := m["actions"].(map[string]any)
	if actions["sign"] != "接收" || actions["login"] != "签到" || actions["dispatch"] != "派单" {
		t.Errorf("meta actions: sign %v, login %v, dispatch %v", actions["sign"], actions["login"], actions["dispatch"])
	}
	if m["conversation_states"].(map[string]any)["queued"] != "排队中" || m["fields"].(map[string]any)["due"] != "完成期限" ||
		m["warnings"].(map[string]any)["red"] != "已逾期" || m["unknown_action"] != "未知操作" {
		t.Errorf("meta tables: %v %v %v %v", m["conversation_states"], m["fields"], m["warnings"], m["unknown_action"])
	}
	statuses := map[string]any{}
	for _, s := range m["statuses"].([]any) {
		s := s.(map[string]any)
		statuses[s["code"].(string)] = s["label"]
	}
	if statuses["dispatched"] != "已转办" || statuses["signed"] != "已签收" {
		t.Errorf("meta statuses: %v", statuses)
	}
	_, order := e.do(t, ck, "GET", "/desk/api/orders/"+ownOrder, nil)
	if order["status_label"] != "已转办" {
		t.Errorf("order %s: status_label %v", ownOrder, order["status_label"])
	}
	found := false
	for _, r := range m["roles"].([]any) {
		if r := r.(map[string]any); r["code"] == RoleAgent {
			found = r["label"] == "接线员"
		}
	}
	if !found {
		t.Errorf("meta roles: %v", m["roles"])
	}
	_, m = e.do(t, ck, "GET", "/desk/api/audit", nil)
	logins := 0
	for _, a := range m["audit"].([]any) {
		if a := a.(map[string]any); a["action"] == "login" {
			logins++
			if a["action_label"] != "签到" {
				t.Errorf("audit login labelled %v", a["action_label"])
			}
		}
	}
	if logins == 0 {
		t.Error("no login in the audit log")
	}
	if e.con.ActionLabel("no_such_action") != "未知操作" {
		t.Errorf("unknown action: %q", e.con.ActionLabel("no_such_action"))
	}
	_, m = e.do(t, ck, "GET", "/desk/api/users", nil)
	role := ""
	for _, u := range m["users"].([]any) {
		if u := u.(map[string]any); u["name"] == "agent1" {
			role, _ = u["role_label"].(string)
		}
	}
	if role != "接线员" {
		t.Errorf("user list: agent1 is %q", role)
	}
}

// Each role's home in the console and whether it hears the chat queue
// come from one table (roleHomes), served in meta: a leader lands on
// 督办/批示 without the queue's sound, and every home is a view the role
// may open. The page keeps no copy of the table.
func TestRoleHomes(t *testing.T) {
	e := newEnv(t, nil)
	ck := e.login(t, "leader1")
	code, m := e.do(t, ck, "GET", "/desk/api/meta", nil)
	if code != 200 {
		t.Fatal(code)
	}
	served, _ := m["home"].(map[string]any)
	views := map[string][]string{"queue": roleAgents, "dept": roleDept, "sup": roleReaders, "orders": roleSearch}
	for _, role := range Roles() {
		h, ok := served[role].(map[string]any)
		if !ok {
			t.Errorf("meta.home has no entry for %s: %v", role, served)
			continue
		}
		view, _ := h["view"].(string)
		alerts, _ := h["queue_alerts"].(bool)
		allowed, known := views[view]
		if q, isQueue := strings.CutPrefix(view, "wq-"); isQueue {
			allowed, known = roleReaders, workflow.KnownQueue(q)
		}
		if !known || !slices.Contains(allowed, role) {
			t.Errorf("%s's home %q is not a view it may open", role, view)
		}
		if alerts && !slices.Contains(roleAgents, role) {
			t.Errorf("%s hears the chat queue but may not open it", role)
		}
	}
	if h := served[RoleLeader].(map[string]any); h["view"] == "queue" || h["queue_alerts"] != false {
		t.Errorf("a leader's home: %v, want not the chat queue and no queue alerts", h)
	}
	for _, role := range []string{RoleAgent, RoleAdmin} {
		if h := served[role].(map[string]any); h["view"] != "queue" || h["queue_alerts"] != true {
			t.Errorf("%s's home: %v, want the chat queue with its alerts", role, h)
		}
	}
	// The page asks the table; it decides no home by role itself.
	src, err := os.ReadFile(filepath.Join("static", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`me\.role\s*[!=]==?\s*"\w+"\)?\s*return\s+"`).Find(src); m != nil {
		t.Errorf("app.js decides a home by role: %s", m)
	}
	for _, want := range []string{"M.home[me.role]", "home().queue_alerts"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("app.js does not read %s", want)
		}
	}
}

// TestStaticKeepsNoRoleTable: the scripts ask meta.can who may do what
// (can("reports"), M.can.agents…) and compare no role with a role's code
// nor list role codes of their own: a group changed in Go (who sees the
// reports, plans duty sessions, takes calls) changes on the page too.
// Every group a script asks for is one meta serves.
func TestStaticKeepsNoRoleTable(t *testing.T) {
	e := newEnv(t, nil)
	code, m := e.do(t, e.login(t, "leader1"), "GET", "/desk/api/meta", nil)
	if code != 200 {
		t.Fatal(code)
	}
	served, _ := m["can"].(map[string]any)
	pages, err := fs.Sub(static, "static")
	if err != nil {
		t.Fatal(err)
	}
	codes := strings.Join(Roles(), "|")
	compared := regexp.MustCompile(`(?:role|\.value)\s*[!=]==?\s*"(?:` + codes + `)"|"(?:` + codes + `)"\s*[!=]==?`)
	listed := regexp.MustCompile(`\[\s*"(?:` + codes + `)"\s*,\s*"(?:` + codes + `)"`)
	asked := regexp.MustCompile(`\bcan\("(\w+)"\)|M\.can\.(\w+)|M\.can\["(\w+)"\]`)
	lineComment := regexp.MustCompile(`(?m)^[ \t]*//.*$`)
	names, _ := fs.Glob(pages, "*.js")
	groups := 0
	for _, name := range names {
		b, err := fs.ReadFile(pages, name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(lineComment.ReplaceAllString(string(b), ""), "\n") {
			if x := compared.FindString(line); x != "" {
				t.Errorf("desk/static/%s:%d compares a role with a code (%s): ask meta.can", name, i+1, x)
			}
			if x := listed.FindString(line); x != "" {
				t.Errorf("desk/static/%s:%d lists roles of its own (%s…): ask meta.can", name, i+1, x)
			}
			for _, g := range asked.FindAllStringSubmatch(line, -1) {
				groups++
				if group := g[1] + g[2] + g[3]; served[group] == nil {
					t.Errorf("desk/static/%s:%d asks meta.can for %q, which meta does not serve", name, i+1, group)
				}
			}
		}
	}
	if groups < 10 {
		t.Fatalf("found only %d questions to meta.can in desk/static: the scan is broken", groups)
	}
	// The groups are the routes' own.
	for group, roles := range map[string][]string{"reports": roleReports, "dashboard": roleDashboard, "duty_plan": roleDutyPlan, "agents": roleAgents} {
		var got []string
		for _, r := range served[group].([]any) {
			got = append(got, r.(string))
		}
		if !slices.Equal(got, roles) {
			t.Errorf("meta.can.%s = %v, want the routes' %v", group, got, roles)
		}
	}
}

// TestNavQueues: meta.nav_queues says, per role, which work queues the
// navigation shows: the office's roles every one, a leader only what a
// leader reads (即将超期/已超期, 督办/批示) and none of the office's
// queues it never acts on, a department none; the page reads it.
func TestNavQueues(t *testing.T) {
	e := newEnv(t, nil)
	code, m := e.do(t, e.login(t, "leader1"), "GET", "/desk/api/meta", nil)
	if code != 200 {
		t.Fatal(code)
	}
	served, _ := m["nav_queues"].(map[string]any)
	var all []string
	for _, q := range e.wf.QueueList() {
		all = append(all, q.Name)
	}
	want := map[string][]string{
		RoleAgent: all, RoleSupervisor: all, RoleAdmin: all, RoleDepartment: {},
		RoleLeader: {workflow.QueueDue}, // the fake workflow's queues: dispatch, due
	}
	for _, role := range Roles() {
		list, ok := served[role].([]any)
		if !ok {
			t.Errorf("meta.nav_queues has no list for %s: %v", role, served)
			continue
		}
		got := []string{}
		for _, q := range list {
			got = append(got, q.(string))
		}
		if !slices.Equal(got, want[role]) {
			t.Errorf("%s's navigation shows %v, want %v", role, got, want[role])
		}
	}
	// The leaders' table: what a leader reads, none of the office's work.
	lead := roleQueues[RoleLeader]
	for _, q := range []string{workflow.QueueDue, workflow.QueueSupervised} {
		if !slices.Contains(lead, q) {
			t.Errorf("a leader's navigation lacks %s", q)
		}
	}
	for _, q := range []string{workflow.QueueDispatch, workflow.QueueExtension, workflow.QueueReturn, workflow.QueueRedo, workflow.QueueReview, workflow.QueueVisit} {
		if slices.Contains(lead, q) {
			t.Errorf("a leader's navigation shows the office's %s", q)
		}
	}
	if h := roleHomes[RoleLeader].View; !slices.Contains(lead, strings.TrimPrefix(h, "wq-")) {
		t.Errorf("a leader's home %s is not in its navigation %v", h, lead)
	}
	src, err := os.ReadFile(filepath.Join("static", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "M.nav_queues[me.role]") {
		t.Error("app.js does not read meta.nav_queues")
	}
}
