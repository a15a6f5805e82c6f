package calls

import "hotline/ticket"

// Confirmation is what the console says once a phone-desk action is done
// (已登记 13953706688 的来电：工单 20261201-0003 已派单至市城市管理局):
// the id of a console text (console_texts "done.*") and the values of its
// placeholders, sent in the action's answer as "done", the shape of the
// console's own confirmations (desk/confirm.go); calls.js fills the text
// it has from meta.texts, so it keeps no copy of these tables.
type Confirmation struct {
	ID   string            `json:"id"`
	Vars map[string]string `json:"vars,omitempty"`
}

// The confirmations of the phone desk's actions: a call started by hand
// (no pop from the switch), an order registered from a call (dispatched,
// waiting in 待派单 with the reason, or answered directly), a call kept
// as a note only, a callback claimed.
const (
	confirmStart          = "done.call_start"
	confirmRegistered     = "done.call_register"
	confirmRegisteredHeld = "done.call_register_held"
	confirmRegisteredDone = "done.call_register_answered"
	confirmRegisteredAs   = "done.call_register_status" // in another state: named
	confirmNote           = "done.call_note"
	confirmClaim          = "done.callback_claim"
)

// confirmResults are the confirmations of a callback's result, by result.
var confirmResults = map[string]string{
	ResultAnswered:    "done.callback_answered",
	ResultNoAnswer:    "done.callback_no_answer",
	ResultWrongNumber: "done.callback_wrong_number",
	ResultOrder:       "done.callback_order",
}

// ConfirmTexts returns the id of every confirmation the phone desk
// answers with, for the console's check that each is in console_texts.
func ConfirmTexts() []string {
	out := []string{confirmStart, confirmRegistered, confirmRegisteredHeld, confirmRegisteredDone, confirmRegisteredAs, confirmNote, confirmClaim}
	for _, r := range []string{ResultAnswered, ResultNoAnswer, ResultWrongNumber, ResultOrder} {
		out = append(out, confirmResults[r])
	}
	return out
}

// caller names a call's caller in a confirmation: the number as people
// write it (13953706688, 0537-7212345), or console_texts calls.no_number
// for a call without one.
func (s *Service) caller(e164 string) string {
	if _, link, err := parseNumber(e164); err == nil {
		return link
	}
	if e164 != "" {
		return e164
	}
	return s.o.Config.ConsoleTexts["calls.no_number"]
}

// registered confirms order tk registered from a call of caller: where
// it went (its department), or why it waits in 待派单, or that it was
// answered on the spot.
func (s *Service) registered(caller string, tk *ticket.Ticket) Confirmation {
	vars := map[string]string{"caller": s.caller(caller), "number": tk.Number, "department": tk.Department,
		"status": s.o.Config.StatusLabels.Label(string(tk.Status)), "reason": tk.Hold}
	switch {
	case tk.Status == ticket.Dispatched:
		return Confirmation{ID: confirmRegistered, Vars: vars}
	case tk.Status == ticket.Answered:
		return Confirmation{ID: confirmRegisteredDone, Vars: vars}
	case tk.Status == ticket.Accepted && tk.Hold != "":
		return Confirmation{ID: confirmRegisteredHeld, Vars: vars}
	}
	return Confirmation{ID: confirmRegisteredAs, Vars: vars}
}
