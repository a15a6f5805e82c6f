// Package domain holds the hotline's own nouns below storage: citizens and
// their identities and phone numbers, conversations with their dialog
// states, messages, department reminders and the notices a workflow
// operation owes a citizen. It does no I/O; store keeps these values,
// bot, workflow, channels and desk work with them.
//
// A phone number has one type, Number, and one normalisation (Parse): every
// package that reads, links, keys or masks a number goes through it, so a
// citizen who writes on WeChat and texts by SMS is recognised as one.
package domain
