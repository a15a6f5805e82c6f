package bot

import (
	"reflect"
	"testing"

	"hotline/config"
	"hotline/domain"
	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// A confirmation's registration is rehearsed before its transaction
// (Engine.rehearse), and the transaction writes the order, its audit
// entry, its department's reminder and the reply in the forms the
// rehearsal packed:
// what is stored, and what the citizen is told, is what an engine that
// rehearses nothing stores and says. The second citizen's order is
// 20261127-0002, a number the rehearsal did not know.
func TestRehearsedRegistrationWritesTheSame(t *testing.T) {
	var envs [2]*testEnv
	for i := range envs {
		env := newEnvWith(t, fakeClassifier{}, func(c *config.Config) { c.Dispatch.MinConfidence = 0 })
		cal, err := ticket.NewCalendar(env.cfg.Calendar, env.cfg.Location())
		if err != nil {
			t.Fatal(err)
		}
		env.eng.SetDispatcher(workflow.New(env.cfg, env.st, cal.WithWorkdayEnd(env.cfg.TimeLimits.WorkdayEndHour), env.eng, nil, nil))
		envs[i] = env
	}
	envs[0].eng.rehearsing, envs[1].eng.rehearsing = true, false
	var replies [2][]string
	for i, env := range envs {
		for _, user := range []string{"u1", "u2"} {
			for _, text := range []string{"任城区古槐路有烧烤摊占道经营，油烟很大", "我的电话 13953706688", "确认"} {
				replies[i] = append(replies[i], lastReply(env.send(t, user, text)))
			}
		}
	}
	if got := envs[0].st.WriteStats().Rehearsed; got != 8 {
		t.Errorf("%d records written as rehearsed, want 4 an order", got)
	}
	if got := envs[1].st.WriteStats().Rehearsed; got != 0 {
		t.Errorf("%d records written as rehearsed without rehearsals", got)
	}
	if !reflect.DeepEqual(replies[0], replies[1]) {
		t.Errorf("replies\n%q\nwithout rehearsals\n%q", replies[0], replies[1])
	}
	type records struct {
		orders    []*ticket.Ticket
		reminders []domain.Reminder
		audit     []store.AuditEntry
		messages  []*domain.Message
	}
	var got [2]records
	for i, env := range envs {
		_ = env.st.View(func(tx *store.Tx) error {
			var err error
			if got[i].orders, err = tx.Tickets(store.TicketFilter{}); err != nil {
				t.Fatal(err)
			}
			for _, tk := range got[i].orders[:min(1, len(got[i].orders))] {
				rems, err := tx.Reminders(tk.Department, 0)
				if err != nil {
					t.Fatal(err)
				}
				got[i].reminders = append(got[i].reminders, rems...)
			}
			if got[i].audit, err = tx.AuditLog(100); err != nil {
				t.Fatal(err)
			}
			for _, user := range []string{"u1", "u2"} {
				msgs, err := tx.Messages(inbound.ConversationID("webchat", user), 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				got[i].messages = append(got[i].messages, msgs...)
			}
			return nil
		})
	}
	if len(got[0].orders) != 2 || got[0].orders[1].Number != "20261127-0002" || got[0].orders[1].Status != ticket.Dispatched ||
		len(got[0].reminders) != 2 || len(got[0].audit) != 2 || len(got[0].messages) != 12 {
		t.Fatalf("stored %d orders (%+v), %d reminders, %d audit entries, %d messages; want 2 dispatched orders, 2 reminders, 2 entries, 12 messages",
			len(got[0].orders), got[0].orders, len(got[0].reminders), len(got[0].audit), len(got[0].messages))
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("stored\n%+v\nwithout rehearsals\n%+v", got[0], got[1])
	}
}
