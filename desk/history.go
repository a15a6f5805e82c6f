package desk

import (
	"strings"
	"unicode/utf8"

	"hotline/config"
	"hotline/ticket"
)

// repeatedLabel is note without a head that repeats its action's label,
// as reminders recorded before reminder_texts lost their prefixes
// (5e8d8f0) still read: the console shows each note after its label, so
// 催办 + "催办：工单…" read 催办：催办：工单…, and 超期升级 + "超期：工单…"
// 超期升级：超期：工单…; and leader items recorded before
// history_texts.leader_item lost its own: 列为领导接听件 + "领导接听件：
// 副市长张明". The head is what comes before the note's first colon
// (full-width or not) when the label starts or ends with it; a note whose
// head is anything else is kept whole.
func repeatedLabel(label, note string) string {
	if label == "" {
		return note
	}
	i := strings.IndexAny(note, "：:")
	if i <= 0 {
		return note
	}
	head := strings.TrimSpace(note[:i])
	if head == "" || !strings.HasPrefix(label, head) && !strings.HasSuffix(label, head) {
		return note
	}
	_, size := utf8.DecodeRuneInString(note[i:])
	if rest := strings.TrimSpace(note[i+size:]); rest != "" {
		return rest
	}
	return note
}

// cleanHistory drops a repeated label from the notes the scheduler wrote
// (actor system) and from leader items' notes (whoever marked them) in
// t's history, which t owns (a copy: maskTicketFor).
func cleanHistory(cfg *config.Config, t *ticket.Ticket) {
	labels := config.LabelMap(cfg.ConsoleLabels.Actions)
	for i, ev := range t.Events {
		if (ev.Actor == "system" || ev.Action == "leader_item") && ev.Note != "" {
			t.Events[i].Note = repeatedLabel(labels[ev.Action], ev.Note)
		}
	}
}
