// Package workflow is the office's and the departments' side of a work
// order after the bot registered it: dispatch (派单) to a main department
// and co-departments (主办/协办), sign (签收), reply (办理反馈), return (退回),
// extension (延期), review (审核), reopening (重办), merging repeats (并单),
// supervision (督办, 批示件), ratings taken by phone, and the scheduler that
// reminds departments before their deadlines (催办), escalates overdue
// orders and closes return visits that got no answer.
//
// # Basics
//
// Every operation of a Service is one store transaction: it checks who
// may do it (Allowed, one table of roles and operations), checks the rule
// (return window, extension limit, required reasons), moves the order with
// ticket.Transition, records an event in the order's history with the
// actor and appends an audit entry with the status before and after. What
// the citizen is owed (dispatched, reply_ready, ask_rating) is written in
// the same transaction as a domain.Notice and handed to the Notifier after
// the commit; a notice the Notifier could not take is retried by Tick, so
// a crash between the two loses nothing.
//
// A department actor sees only the orders whose main department or
// co-department it is: another department's order is ErrNotFound, so that
// the console answers 404 and leaks nothing. Only the main department may
// sign, reply, return or ask for an extension; a co-department that tries
// gets ErrForbidden.
//
// # Scheduler
//
// Tick runs one pass at the service's clock. Each thing it does is keyed
// (remind:sign:<number>:<unix>, remind:finish:…, escalate:…, visit:…,
// redo:…) and the key is stored in the same transaction as its effect,
// so nothing fires twice, not even after a restart. Run calls Tick every
// minute.
//
// # Caveats
//
// The lists (DepartmentOrders, Orders, SupervisorList) take no actor: the
// console scopes them, calling DepartmentOrders with the department of a
// department actor.
package workflow
