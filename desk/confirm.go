package desk

import (
	"hotline/duty"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// A confirmation is what the console says once an action on an order is
// done (已派单至市城市管理局, 已签收, 已并入 20261201-0003…): the id of a
// console text (console_texts "done.*") and the values of its
// placeholders, sent in the action's answer; the page fills the text it
// has from meta.texts, so it keeps no copy of this table.
type confirmation struct {
	ID   string            `json:"id"`
	Vars map[string]string `json:"vars,omitempty"`
}

// confirmTexts are the console texts each operation on an order confirms
// with: the first for its usual outcome, the second (where an operation
// has two) for the other one: an extension refused, a reply sent back to
// be redone, an instruction (批示) rather than 督办.
var confirmTexts = map[workflow.Op][2]string{
	workflow.OpEdit:             {"done.edit"},
	workflow.OpAnswer:           {"done.answer"},
	workflow.OpDispatch:         {"done.dispatch"},
	workflow.OpMerge:            {"done.merge"},
	workflow.OpSign:             {"done.sign"},
	workflow.OpReply:            {"done.reply"},
	workflow.OpRequestExtension: {"done.extension_request"},
	workflow.OpDecideExtension:  {"done.extension_approved", "done.extension_refused"},
	workflow.OpReturn:           {"done.return"},
	workflow.OpReview:           {"done.review_approved", "done.review_rework"},
	workflow.OpSupervise:        {"done.supervise", "done.instruct"},
	workflow.OpRate:             {"done.rate"},
	workflow.OpCoReply:          {"done.co_reply"},
}

// convConfirmTexts are the console texts the actions on a conversation
// confirm with, by the action (convOp's and transfer).
var convConfirmTexts = map[string]string{
	"take":     "done.conv_take",
	"release":  "done.conv_release",
	"close":    "done.conv_close",
	"transfer": "done.conv_transfer",
}

// confirmRegister confirms an order registered from a conversation;
// confirmRegisterDispatched one the workflow dispatched at once (直派),
// naming where it went, and confirmRegisterHeld one held in 待派单, with
// why: what the phone desk says of an order registered from a call
// (calls/confirm.go), so that the agent knows whether the office still
// has to dispatch it.
const (
	confirmRegister           = "done.register"
	confirmRegisterDispatched = "done.register_dispatched"
	confirmRegisterHeld       = "done.register_held"
)

// registered confirms order tk registered from a conversation.
func registered(tk *ticket.Ticket) confirmation {
	switch {
	case tk.Status == ticket.Dispatched:
		return confirmation{ID: confirmRegisterDispatched, Vars: map[string]string{"number": tk.Number, "department": tk.Department}}
	case tk.Status == ticket.Accepted && tk.Hold != "":
		return confirmation{ID: confirmRegisterHeld, Vars: map[string]string{"number": tk.Number, "reason": tk.Hold}}
	}
	return confirmation{ID: confirmRegister, Vars: map[string]string{"number": tk.Number}}
}

// confirmLeaderItem confirms an order marked as the duty leader's item.
const confirmLeaderItem = "done.leader_item"

// The confirmations of a leaders' duty session planned or deleted on the
// reports page (duty.go).
const (
	confirmDutyAdd    = "done.duty_add"
	confirmDutyDelete = "done.duty_delete"
)

// confirmDuty names the session s: its day, its time and its leader, as
// the page's question before a deletion does (duty.delete_confirm).
func confirmDuty(id string, s duty.Session) confirmation {
	return confirmation{ID: id, Vars: map[string]string{"date": s.Date, "time": s.Start + "-" + s.End, "leader": s.Title + " " + s.Leader}}
}

// The confirmations of 质检 (inspection.go): a sampling (how many, of
// which days) and a score.
const (
	confirmInspectSample = "done.inspect_sample"
	confirmInspectScore  = "done.inspect_score"
)

// confirm returns the confirmation of op, its other outcome when other
// is true, with the values vars (placeholder name → value).
func confirm(op workflow.Op, other bool, vars map[string]string) confirmation {
	ids := confirmTexts[op]
	id := ids[0]
	if other && ids[1] != "" {
		id = ids[1]
	}
	return confirmation{ID: id, Vars: vars}
}

// The confirmations of an administrator's changes to an account.
const (
	confirmUserAdd     = "done.user_add"
	confirmUserSave    = "done.user_save"
	confirmUserDisable = "done.user_disable"
	confirmUserEnable  = "done.user_enable"
)

// confirmUser returns the confirmation id for the account u, named by its
// display name (its login name when it has none).
func confirmUser(id string, u *store.User) confirmation {
	name := u.DisplayName
	if name == "" {
		name = u.Name
	}
	return confirmation{ID: id, Vars: map[string]string{"name": name}}
}
