// Package store is hotline's storage seam: the operations the conversation
// engine, the workflow, the console and the outbox need, declared as
// interfaces over the domain types (Ops, one interface per aggregate), and
// its backends. bbolt is the embedded one (OpenBolt, one file); a
// PostgreSQL backend can be added beside it without reshaping the seam.
// storetest.Run is the conformance suite every backend passes.
//
// # Basics
//
// Everything one inbound message changes is written in one transaction:
// callers pass a closure to Store.Update, which receives a *Tx offering
// every aggregate's operations. Update coalesces concurrent callers
// (Backend.Batch: with bbolt a group commit, group_commit.go: many
// requests share one fsync, and those that arrive while a commit runs are
// the next one) and returns only after the commit is durable. UpdateNow runs a transaction
// of its own; View a read-only one. The Context variants take a context,
// which a backend checks before it starts (bbolt cannot stop a transaction
// half way; a network database may).
//
// What a backend must provide, beyond plain reads and writes:
//   - Isolation: transactions behave as if run one at a time, so a
//     read-modify-write of a conversation, an order or a counter by two
//     concurrent transactions loses neither change (bbolt has a single
//     writer; PostgreSQL needs SERIALIZABLE with retries, or row locks
//     taken by the reads of a read-write transaction).
//   - Durability: Batch and Update return nil only once the commit is on
//     disk (bbolt: two fdatasyncs; PostgreSQL: a synchronous commit).
//   - Indexes in the same transaction as their records: the agents' queue
//     and the draft-expiry index follow the conversation's own state
//     (Waiting, Drafting), never a string the backend interprets.
//   - Gap-free order numbers per day (NextTicketNumber rolls back with its
//     transaction): bbolt writes a counter; PostgreSQL uses a counter row
//     updated in the transaction, not a sequence.
//   - Outbox leases: ClaimOutbox moves an entry's NextAt to the end of its
//     lease in the claiming transaction, so no two deliverers hold it at
//     once and a dead one's entries come back when the lease expires.
//     bbolt has one writer at a time; PostgreSQL selects with
//     FOR UPDATE SKIP LOCKED and sets the lease in the same transaction.
//   - Snapshots: Backup writes a consistent copy while writers go on
//     (bbolt: Tx.WriteTo; PostgreSQL: pg_dump of a snapshot).
//
// Live events (PostgreSQL's LISTEN/NOTIFY) and once-per-cluster scheduled
// jobs (advisory locks) are not storage operations: the events and
// scheduler packages own them and may use what a backend offers beside
// this seam.
//
// # Caveats
//
// A function passed to Update or Batch may run more than once (a shared
// commit that one member fails runs again without it, and the failing
// one runs alone), so it must be
// idempotent: it may read and write through the Tx, but must not have
// effects outside it other than assigning results that a re-run
// overwrites; count metrics after the commit, not inside.
//
// Values returned by a Tx are copies; a caller may keep and change them.
// A Tx must not be used after its function returned, nor from another
// goroutine. Calling Update inside Update or View deadlocks with bbolt.
//
// Methods without an error result (Seen, Get, Fired, CountByStatus…)
// cannot fail with bbolt; a backend whose reads can fail makes the whole
// transaction fail instead.
//
// # The bbolt file
//
// One bucket per record kind and per index. Keys that grow (message ids,
// order numbers, times) are big-endian or sortable, and those buckets split
// their pages nearly full (tx.go), since new keys land on the last page.
// Records are JSON with their keys shortened to a byte (codec.go);
// messages have a compact form of their own and are keyed by id alone,
// with a list of ids per conversation (messages.go); a conversation's
// draft is kept apart from it (conversations.go). Schema versions and
// their migrations are in schema.go; a migration never rewrites every
// record, so opening a large file stays cheap: older records are read in
// their own form and take the new one when next written.
//
// Nothing outside this package imports bbolt: the file, its buckets and
// its key layout are the bbolt backend's business.
package store
