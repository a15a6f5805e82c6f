package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestTextsRejected: config check names a text hotline cannot fill, a
// broken template and an empty text, with the file's line.
func TestTextsRejected(t *testing.T) {
	path := writeFile(t, `history_texts:
  dispatch: "主办：{{.Dept}}"
  merge: "并入{{.Number"
hold_reasons:
  sensitive: ""
  low_category: "{{.Confidence}} < {{.Minimum}}"
reminder_texts:
  supervise: "督办{{.Numbr}}"
replies:
  merged: "并入{{.Order}}"
delivery_texts:
  retrying: "第 {{.Attempt}} 次失败"
  timeout: ""
channels:
  wechat:
    template_status:
      dispatched: ""
summary_texts:
  summary: "{{.Title}} {{.Address}}"
desk:
  citizen_label: "市民 {{.Phone}}"
rule_errors:
  edit_refused: "修改失败：{{.Error}}"
`)
	probs := loadProblems(t, path, noEnv)
	want := []wantProblem{
		{"history_texts.dispatch", 2, "hotline 不填写 {{.Dept}}，可用 {{.Number}}、{{.Department}}"},
		{"history_texts.merge", 3, "模板写法有误：{{ 没有对应的 }}"},
		{"hold_reasons.sensitive", 5, "不能为空"},
		{"hold_reasons.low_category", 6, "不填写 {{.Minimum}}，可用 {{.Number}}、{{.Word}}、{{.Confidence}}、{{.Min}}"},
		{"reminder_texts.supervise", 8, "不填写 {{.Numbr}}"},
		{"replies.merged", 10, "机器人不填写 {{.Order}}"},
		{"delivery_texts.retrying", 12, "不填写 {{.Attempt}}，可用 {{.Attempts}}"},
		{"delivery_texts.timeout", 13, "不能为空"},
		{"channels.wechat.template_status.dispatched", 17, "不能为空"},
		{"summary_texts.summary", 19, "不填写 {{.Address}}，可用 {{.Title}}"},
		{"desk.citizen_label", 21, "不填写 {{.Phone}}，可用 {{.Who}}"},
		// A Go error's words (English) never reach the console.
		{"rule_errors.edit_refused", 23, "不填写 {{.Error}}"},
	}
	wantProblems(t, probs, want)
}

// TestTextsOverride: a city file sets one text and keeps the others.
func TestTextsOverride(t *testing.T) {
	path := writeFile(t, `history_texts:
  hold: "等待人工派单（{{.Reason}}）"
hold_reasons:
  auto_off: "本市未开启直派"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	def := mustDefault(t)
	if cfg.HistoryTexts.Hold != "等待人工派单（{{.Reason}}）" || cfg.HoldReasons.AutoOff != "本市未开启直派" {
		t.Errorf("history_texts.hold %q, hold_reasons.auto_off %q", cfg.HistoryTexts.Hold, cfg.HoldReasons.AutoOff)
	}
	if cfg.HistoryTexts.Dispatch != def.HistoryTexts.Dispatch || cfg.HoldReasons.Emergency != def.HoldReasons.Emergency {
		t.Error("texts the file leaves out differ from the default")
	}
}

// TestDefaultTextsFilled: every default text renders with sample data
// and leaves no placeholder behind.
func TestDefaultTextsFilled(t *testing.T) {
	cfg := mustDefault(t)
	for _, c := range []struct {
		section string
		texts   any
		data    any
	}{
		{"history_texts", cfg.HistoryTexts, HistoryData{Number: "20260101-0001", Department: "市城市管理局", Reason: "r", Due: "d", Satisfaction: "满意", Days: 3, Leader: "副市长张明"}},
		{"hold_reasons", cfg.HoldReasons, HoldData{Number: "119", Word: "信访", Confidence: "0.40", Min: "0.60"}},
		{"delivery_texts", cfg.DeliveryTexts, DeliveryData{Attempts: 2, Reason: "r", Channel: "短信", Excerpt: "e", State: "s"}},
		{"summary_texts", cfg.SummaryTexts, SummaryData{Title: "t", Type: "投诉", Category: "c", Place: "p", Phone: "p", Department: "d", Lat: "1", Lng: "2"}},
	} {
		v := reflect.ValueOf(c.texts)
		for i := range v.NumField() {
			name := c.section + "." + yamlName(v.Type().Field(i))
			out := Render(v.Field(i).String(), c.data)
			if out == "" || strings.Contains(out, "{{") || strings.Contains(out, "<no value>") {
				t.Errorf("%s renders %q", name, out)
			}
		}
	}
}

// TestTextsNeedPlaceholders: an override that drops what the office wrote
// ({{.Comment}}, {{.Note}}, {{.Reason}}) or the deadline it set is
// rejected with its line; a text that tests the field passes.
func TestTextsNeedPlaceholders(t *testing.T) {
	path := writeFile(t, `reminder_texts:
  supervise: "工单{{.Number}}已列为督办件，请优先办理"
  extension_approved: "工单{{.Number}}延期已批准{{with .Comment}}：{{.}}{{end}}"
  extension_refused: "工单{{.Number}}延期未获批准{{if .Comment}}，有说明{{end}}"
  instruction: "工单{{.Number}}有领导批示，于{{.Due}}前办结：{{.Comment}}"
  instruction_replied: "您批示的工单已由{{.Department}}答复：{{.Comment}}"
  instruction_closed: "您批示的工单{{.Number}}已办结：{{.Comment}}"
history_texts:
  merge: "并入工单 {{.Number}}"
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"reminder_texts.supervise", 2, "缺少 {{.Comment}}"},
		{"reminder_texts.extension_approved", 3, "缺少 {{.Due}}"},
		{"reminder_texts.extension_refused", 4, "缺少 {{.Comment}}"},
		// A leader's entry names the order, who answered and the reply.
		{"reminder_texts.instruction_replied", 6, "缺少 {{.Number}}"},
		{"reminder_texts.instruction_closed", 7, "缺少 {{.Department}}"},
		{"history_texts.merge", 9, "缺少 {{.Note}}"},
	})
	for _, p := range probs {
		if p.Path == "reminder_texts.instruction" || (p.Path == "reminder_texts.extension_approved" && strings.Contains(p.Msg, "Comment")) {
			t.Errorf("a text showing its placeholders is rejected: %v", p)
		}
	}
}

// TestReminderTextRepeatsLabel: the history shows a reminder after its
// action's label, so config check refuses a reminder text that starts
// with it (催办：催办：…), naming the key, in zh-CN.
func TestReminderTextRepeatsLabel(t *testing.T) {
	path := writeFile(t, `reminder_texts:
  remind_sign: "催办：工单{{.Number}}尚未签收，请于{{.SignDue}}前签收"
  instruction_overdue: " 批示件超期：工单{{.Number}}已超过{{.Due}}"
  escalate: "已超期，工单{{.Number}}超过办理期限{{.Due}}"
  supervise: "督办：工单{{.Number}}已列为督办件{{with .Comment}}：{{.}}{{end}}"
console_labels:
  actions:
    escalate: 已超期
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"reminder_texts.remind_sign", 2, "开头重复了动作名称「催办」：工单历史会显示为「催办：催办：工单"},
		{"reminder_texts.instruction_overdue", 3, "请删去开头的「批示件超期」（名称见 console_labels.actions.instruction_overdue）"},
		// A city's own label counts.
		{"reminder_texts.escalate", 4, "开头重复了动作名称「已超期」"},
	})
	for _, p := range probs {
		// 督办's history note is what the office wrote, not this text.
		if p.Path == "reminder_texts.supervise" || p.Path == "reminder_texts.remind_finish" {
			t.Errorf("refused: %v", p)
		}
	}
}

// TestAgentHeaderKeepsTheEmergency: a city's agent_texts.header that
// drops the emergency's flag, its reason or the set-aside flag of the
// classifier's veto (疑似紧急) is refused, since agents would never see
// them; one in the city's own words that keeps them passes and shows
// them.
func TestAgentHeaderKeepsTheEmergency(t *testing.T) {
	for _, c := range []struct{ header, missing string }{
		{`"会话 #{{.ID}}\n{{if .Emergency}}紧急：{{.Reason}}\n{{end}}{{with .Title}}诉求：{{.}}{{end}}"`, "{{.SetAside}}"},
		{`"会话 #{{.ID}}\n{{if .Emergency}}紧急\n{{end}}{{.SetAside}}"`, "{{.Reason}}"},
		{`"会话 #{{.ID}}\n{{.Reason}}{{.SetAside}}"`, "{{if .Emergency}}"},
		{`"会话\n{{if .Emergency}}紧急：{{.Reason}}\n{{end}}{{.SetAside}}"`, "{{.ID}}"},
	} {
		probs := loadProblems(t, writeFile(t, "agent_texts:\n  header: "+c.header+"\n"), noEnv)
		wantProblems(t, probs, []wantProblem{{"agent_texts.header", 2, "缺少 " + c.missing}})
	}
	kept := `"会话 #{{.ID}}\n{{if .Emergency}}紧急：{{.Reason}}\n{{end}}{{with .SetAside}}{{.}}\n{{end}}"`
	cfg, err := load(writeFile(t, "agent_texts:\n  header: "+kept+"\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	out := Render(cfg.AgentTexts.Header, AgentTextData{ID: "a1", SetAside: "疑似紧急（未转警）"})
	if want := "会话 #a1\n疑似紧急（未转警）\n"; out != want {
		t.Errorf("header renders %q, want %q", out, want)
	}
}
