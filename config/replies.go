package config

import "reflect"

// ReplyName names one of the bot's replies: its key under replies:.
type ReplyName string

// The replies (see Replies).
const (
	ReplyWelcome         ReplyName = "welcome"
	ReplyAskProblem      ReplyName = "ask_problem"
	ReplyAskPlace        ReplyName = "ask_place"
	ReplyAskPhone        ReplyName = "ask_phone"
	ReplyBadPhone        ReplyName = "bad_phone"
	ReplyConfirm         ReplyName = "confirm"
	ReplyAskAmend        ReplyName = "ask_amend"
	ReplyRegistered      ReplyName = "registered"
	ReplyRegisteredHeld  ReplyName = "registered_held"
	ReplyCancelled       ReplyName = "cancelled"
	ReplyNothingToCancel ReplyName = "nothing_to_cancel"
	ReplyDutySchedule    ReplyName = "duty_schedule"
	ReplyToAgent         ReplyName = "to_agent"
	ReplyAgentJoined     ReplyName = "agent_joined"
	ReplyAgentLeft       ReplyName = "agent_left"
	ReplyAgentLabel      ReplyName = "agent_label"
	ReplyClosed          ReplyName = "closed"
	ReplyDraftExpired    ReplyName = "draft_expired"
	ReplyStatus          ReplyName = "status"
	ReplyStatusNone      ReplyName = "status_none"
	ReplyStatusNotFound  ReplyName = "status_not_found"
	ReplyDispatched      ReplyName = "dispatched"
	ReplyExtended        ReplyName = "extended"
	ReplyReplyReady      ReplyName = "reply_ready"
	ReplyAskRating       ReplyName = "ask_rating"
	ReplyOrderClosed     ReplyName = "order_closed"
	ReplyThanks          ReplyName = "thanks"
	ReplyKBAnswer        ReplyName = "kb_answer"
	ReplyNotHelpful      ReplyName = "not_helpful"
	ReplyNotOurs         ReplyName = "not_ours"
	ReplyRatingReopened  ReplyName = "rating_reopened"
	ReplyRatingLater     ReplyName = "rating_later"
	ReplyConfirmCancel   ReplyName = "confirm_cancel"
	ReplyCancelKept      ReplyName = "cancel_kept"
	ReplyGreetingAgain   ReplyName = "greeting_again"
	ReplyMediaReceived   ReplyName = "media_received"
	ReplyVoiceUnknown    ReplyName = "voice_unknown"
	ReplyUnsupported     ReplyName = "unsupported"
	ReplySMSOptOut       ReplyName = "sms_opt_out"
	ReplyMerged          ReplyName = "merged"
	ReplyAskCategory     ReplyName = "ask_category"
	ReplyTooLong         ReplyName = "too_long"
	ReplySharePhone      ReplyName = "share_phone"
)

// Text returns the template of reply name, and false for a name that is
// not one of the replies.
func (r *Replies) Text(name ReplyName) (string, bool) {
	v := reflect.ValueOf(*r)
	for i := range v.NumField() {
		if yamlName(v.Type().Field(i)) == string(name) {
			return v.Field(i).String(), true
		}
	}
	return "", false
}

// ReplyNames lists every reply, in the order of Replies.
func ReplyNames() []ReplyName {
	t := reflect.TypeFor[Replies]()
	out := make([]ReplyName, t.NumField())
	for i := range t.NumField() {
		out[i] = ReplyName(yamlName(t.Field(i)))
	}
	return out
}
