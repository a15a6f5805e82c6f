// Package calls is the telephone side of the hotline: call events from the
// call center's switch (POST /api/calls, signed with a shared secret), the
// screen pop that shows the agent who answered the caller's history and a
// prefilled new order, the agent's call registration (来电登记) with the
// classifier filling the order while the agent types, and the callback
// list of missed calls (漏接回拨).
//
// # Basics
//
// A switch posts one JSON event per state change of a call: ringing,
// answered, ended, missed. Each request carries X-Hotline-Timestamp (Unix
// seconds) and X-Hotline-Signature: "sha256=" and the hex HMAC-SHA256 of
// the timestamp, ".", and the body, keyed with calls.secret. A request
// with a wrong or missing signature, or a timestamp more than
// calls.max_skew away, is refused with 403 and stores nothing. An event
// seen before (call id and event) is acknowledged and changes nothing.
//
// Calls, their events and the callback list live in the store's key-value
// area under the "calls." prefix (store.go).
//
// An order registered from a call goes through the same steps as the
// bot's: the number, routing, deadlines, and automatic dispatch (直派) by
// the Dispatcher when one is set. Its conversation is the caller's phone
// conversation (channel "phone"): what the citizen is told later (the
// return visit) goes by SMS to the caller's number, and their "1/2/3"
// answer rates the order.
package calls
