package ticket

import "time"

// The states of a 批示件 (leader's instruction) against its own deadline;
// their zh-CN names are report_texts.instruction_states in the config.
const (
	InstructionOnTime  = "on_time" // being handled, deadline not passed
	InstructionOverdue = "overdue" // being handled, deadline passed
	InstructionDone    = "done"    // the department's result is in
)

// InstructionHandled reports whether a 批示件 in status st is done with:
// the department replied (or the office answered it directly, or it was
// withdrawn) and the order is not back for rework.
func InstructionHandled(st Status) bool {
	switch st {
	case Replied, Reviewed, Visited, Closed, Answered, Cancelled:
		return true
	}
	return false
}

// InstructionState returns the state of 批示件 tk at now (InstructionOnTime,
// InstructionOverdue or InstructionDone), and for a done one when it was
// done and whether that was after its deadline. It is "" for an order
// that is not a 批示件.
func InstructionState(tk *Ticket, now time.Time) (state string, doneAt time.Time, late bool) {
	if !tk.Flags.Instruction {
		return "", time.Time{}, false
	}
	if InstructionHandled(tk.Status) {
		// When the order last entered a done state.
		for i := len(tk.Events) - 1; i >= 0; i-- {
			if ev := tk.Events[i]; ev.To != "" {
				if InstructionHandled(ev.To) {
					doneAt = ev.At
				}
				break
			}
		}
		return InstructionDone, doneAt, !tk.InstructionDue.IsZero() && !doneAt.IsZero() && doneAt.After(tk.InstructionDue)
	}
	if !tk.InstructionDue.IsZero() && now.After(tk.InstructionDue) {
		return InstructionOverdue, time.Time{}, false
	}
	return InstructionOnTime, time.Time{}, false
}
