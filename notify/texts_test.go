package notify

import (
	"context"
	"strings"
	"testing"
	"text/template"

	"hotline/store"
	"hotline/ticket"
)

// TestNoticeTextsFromConfig: the notice's text (typed NotifyData), the
// kind's label, the recipients' names and the order history's note are
// the configured ones.
func TestNoticeTextsFromConfig(t *testing.T) {
	e := newEnv(t)
	e.svc.tmpl = template.Must(template.New("notify").Option("missingkey=error").Parse("[{{.KindLabel}}]{{.Department}}/{{.Title}}/{{.Number}}：{{.Text}}"))
	e.svc.cfg.KindLabels.Dispatch = "派单通知"
	e.svc.cfg.Recipients.SMS = "短信联系人{{.Names}}"
	e.svc.cfg.Recipients.WeCom = "企微{{.Names}}"
	e.svc.cfg.Recipients.Robot = "工作群"
	e.svc.cfg.Recipients.Webhook = "OA"
	e.svc.o.Config.HistoryTexts.Notified = "通知{{.Department}}→{{.Recipients}}（{{.Kind}}）"
	e.remind(t, "dispatch", "新派工单")
	if n, err := e.svc.Step(context.Background()); err != nil || n != 4 {
		t.Fatalf("step: %d %v", n, err)
	}
	e.deliver(t)
	want := "[派单通知]市城市管理局/古槐路垃圾清运不及时/" + e.number + "：新派工单"
	if len(e.sms.sent) != 1 || e.sms.sent[0].Text != want {
		t.Errorf("sms %+v, want %q", e.sms.sent, want)
	}
	var tk *ticket.Ticket
	_ = e.st.View(func(tx *store.Tx) error { tk, _ = tx.Ticket(e.number); return nil })
	last := tk.Events[len(tk.Events)-1]
	if want := "通知市城市管理局→短信联系人张三、企微张三、李四、工作群、OA（派单通知）"; last.Action != "notify" || last.Note != want {
		t.Errorf("history %s %q, want %q", last.Action, last.Note, want)
	}
}

// TestNoticeHistoryDefault keeps the default note as it was.
func TestNoticeHistoryDefault(t *testing.T) {
	e := newEnv(t)
	e.remind(t, "dispatch", "新派工单")
	if _, err := e.svc.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	var tk *ticket.Ticket
	_ = e.st.View(func(tx *store.Tx) error { tk, _ = tx.Ticket(e.number); return nil })
	want := "已通知市城市管理局：联络员张三（短信）、联络员张三、李四（企业微信）、企业微信工作群、外部系统（新派工单）"
	if last := tk.Events[len(tk.Events)-1]; last.Note != want {
		t.Errorf("history %q, want %q", last.Note, want)
	}
	if !strings.Contains(e.svc.cfg.Text, "{{.Text}}") {
		t.Errorf("default notify.text %q", e.svc.cfg.Text)
	}
}
