// Package sms is the SMS channel. One of two gateways carries it:
//
//   - Kannel (kannel.go): smsbox posts every incoming SMS to the post-url
//     (or get-url) at /channels/sms/kannel with the sender, recipient,
//     message id and time as escapes in the URL; the gateway answers 202
//     with an empty body and sends replies through smsbox's sendsms
//     interface, asking for delivery reports at /channels/sms/kannel/dlr.
//     Kannel signs nothing, so both URLs carry a shared secret and/or the
//     smsbox address is allow-listed.
//   - Twilio or a compatible API (twilio.go): a signed form webhook at
//     /channels/sms/twilio, answered with TwiML when the engine's replies
//     are ready within the reply budget, else through the Messages REST
//     API; status callbacks at /channels/sms/twilio/status.
//
// On top of either, the channel keeps phone numbers in one form (E.164 as
// the user id, the national form as inbound.Message.Phone so that the engine
// links the citizen's other channels), names conversations by a keyed
// hash of the number when Options.Key is set (so that console users see
// no phone numbers in ids), writes replies for SMS (no markup or emoji,
// parts of 70/67 UCS-2 characters, at most channels.sms.max_parts of
// them), honours opt-out words and limits messages per recipient and hour.
//
// Opt-out: 退订, TD or T (channels.sms.opt_out_words) is confirmed once
// and then nothing is sent to the number. Writing again re-subscribes: a
// citizen who texts the hotline wants an answer, so the engine clears the
// opt-out on any later SMS that is not itself an opt-out word, and the
// replies to it go out (as TwiML or through sendsms). The channel keeps
// no opt-out state of its own; it asks the engine (Engine.OptedOut).
package sms
