package store

import (
	"context"
	"io"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// Backend is a storage engine: bbolt (OpenBolt) is the embedded one. A
// backend runs transactions over the operations in Ops and takes
// snapshots; Store wraps one for the rest of hotline. storetest.Run is the
// conformance suite every backend passes.
type Backend interface {
	// Batch runs fn in a read-write transaction that the backend may share
	// with concurrent callers (one commit for many). It returns nil only
	// once the transaction is durable. fn may run more than once (a
	// failed member of a shared commit is re-run alone), so it must be
	// idempotent: everything it changes goes through Ops.
	Batch(ctx context.Context, fn func(Ops) error) error
	// Update runs fn in a read-write transaction of its own; fn runs once.
	// It returns nil only once the transaction is durable.
	Update(ctx context.Context, fn func(Ops) error) error
	// View runs fn in a read-only transaction that sees one consistent
	// state. A write through Ops inside View fails.
	View(ctx context.Context, fn func(Ops) error) error
	// Backup writes a consistent snapshot to w while writers go on; it
	// returns the number of bytes written. The format is the backend's.
	Backup(ctx context.Context, w io.Writer) (int64, error)
	// Version returns the schema version of the stored data.
	Version(ctx context.Context) (int, error)
	// RollupsCurrent reports whether the report rollups were built by the
	// Rollup the backend was opened with (false without one).
	RollupsCurrent(ctx context.Context) (bool, error)
	// RebuildRollups recomputes every rollup from the stored orders.
	RebuildRollups(ctx context.Context) error
	// Close releases the backend; transactions in flight finish first.
	Close() error
}

// Ops are the storage operations of every aggregate, valid inside one
// transaction. Returned values are decoded copies that stay valid after the
// transaction ends and may be changed by the caller. A method without an
// error result that fails in a backend whose reads can fail (a network
// database) makes the whole transaction fail: Batch, Update or View then
// return that error.
type Ops interface {
	Citizens
	Conversations
	Messages
	Orders
	Dedupe
	Outbox
	Users
	Audit
	KV
	Workflow
	Ratings
	Reports
}

// Citizens are people across channels, found by a channel identity or a
// number a channel vouched for.
type Citizens interface {
	// Citizen returns a citizen by id (ErrNotFound).
	Citizen(id string) (*domain.Citizen, error)
	// CitizenByIdentity returns the citizen with that channel identity.
	CitizenByIdentity(channel, userID string) (*domain.Citizen, error)
	// CitizenByPhone returns the citizen with that normalised number.
	CitizenByPhone(phone string) (*domain.Citizen, error)
	// NewCitizenID allocates an id; a rolled back transaction may or may
	// not give it back, but two committed transactions never share one.
	NewCitizenID() (string, error)
	// PutCitizen saves c and indexes its identities and phones.
	PutCitizen(c *domain.Citizen) error
}

// Conversations are chats with their dialog state. The backend keeps the
// agents' queue, the draft-expiry index and the citizen index in step with
// what PutConversation saves, deriving them from the conversation's own
// state (waiting for an agent, collecting a draft).
type Conversations interface {
	// Conversation returns a conversation by id (ErrNotFound).
	Conversation(id string) (*domain.Conversation, error)
	// ConversationRaw returns the conversation and an opaque version of
	// its stored form, for ConversationSince.
	ConversationRaw(id string) (*domain.Conversation, []byte, error)
	// ConversationSince returns the conversation id like Conversation, but
	// returns cached itself when version (from ConversationRaw, possibly
	// in an earlier transaction) is still the stored one. A backend
	// that cannot tell simply decodes it again.
	ConversationSince(id string, cached *domain.Conversation, version []byte) (*domain.Conversation, error)
	// PutConversation saves c and its indexes.
	PutConversation(c *domain.Conversation) error
	// Queue returns the conversations waiting for an agent: emergencies
	// first, then by the time they were queued; at most limit (0 = all).
	Queue(limit int) ([]*domain.Conversation, error)
	// StaleDrafts returns the ids of conversations collecting a draft whose
	// last update (UpdatedAt) is before before, at most limit.
	StaleDrafts(before time.Time, limit int) []string
	// ConversationsOf returns the conversations of a citizen and of the
	// citizens merged into it, on every channel.
	ConversationsOf(citizenID string) ([]*domain.Conversation, error)
}

// Messages are the messages of a conversation, in the order they were
// added.
type Messages interface {
	// AddMessage appends m to its conversation and assigns m.ID, which
	// grows with every message added (across conversations too).
	AddMessage(m *domain.Message) error
	// PutMessage rewrites an added message (its delivery status).
	PutMessage(m *domain.Message) error
	// Message returns one message (ErrNotFound).
	Message(convID string, id uint64) (*domain.Message, error)
	// Messages returns the messages of a conversation with ID > after,
	// oldest first, at most limit (0 = all).
	Messages(convID string, after uint64, limit int) ([]*domain.Message, error)
}

// Orders are work orders and their indexes (status, department,
// co-departments, citizen, due time).
type Orders interface {
	// NextTicketNumber allocates the next order number of day. Numbers are
	// gap-free: a rolled back transaction gives its number back.
	NextTicketNumber(day time.Time) (string, error)
	// Ticket returns an order by number (ErrNotFound).
	Ticket(number string) (*ticket.Ticket, error)
	// PutTicket saves an order and its indexes.
	PutTicket(tk *ticket.Ticket) error
	// Tickets returns the orders that match f in number order; with
	// f.Limit the last f.Limit of them.
	Tickets(f TicketFilter) ([]*ticket.Ticket, error)
	// CountByStatus returns the number of orders in each state.
	CountByStatus() map[ticket.Status]int
	// SetCoDepartments moves order number's co-department (协办) index
	// entries from the departments in old to those in now.
	SetCoDepartments(number string, old, now []string) error
	// CoTickets returns the orders in which dept is a co-department.
	CoTickets(dept string) ([]*ticket.Ticket, error)
	// ScanDue calls fn with the number and deadline of every open order
	// with a deadline before before (zero: every one), earliest first,
	// until fn returns false, reading the deadline index only (no order).
	ScanDue(before time.Time, fn func(number string, due time.Time) bool)
	// ScanSignDue calls fn with the number and sign deadline of every
	// dispatched order whose sign deadline lies in [from, before),
	// earliest first (then by number), until fn returns false, reading no
	// order. A zero from is the earliest; a zero before finds none.
	ScanSignDue(from, before time.Time, fn func(number string, signDue time.Time) bool)
	// ScanClosed calls fn with the number and closing time of every
	// closed order of the live file that closed in [from, before),
	// earliest first (then by number), until fn returns false, reading no
	// order. A zero from is the earliest; a zero before finds none.
	ScanClosed(from, before time.Time, fn func(number string, closedAt time.Time) bool)
	// HasStatus reports whether order number is in state st, from the
	// status index only (no order is read).
	HasStatus(number string, st ticket.Status) bool
}

// Dedupe remembers platform message ids for a while, so that a webhook
// delivered twice is handled once.
type Dedupe interface {
	// Seen reports whether key was marked and has not expired at now.
	Seen(key DedupeKey, now time.Time) bool
	// MarkSeen records key until expires.
	MarkSeen(key DedupeKey, expires time.Time) error
	// PurgeDedupe deletes keys expired before now, looking at no more
	// than limit keys after the key after ("" from the start); it returns
	// how many it removed and where to go on ("" at the end).
	PurgeDedupe(now time.Time, after string, limit int) (removed int, next string, err error)
}

// Outbox holds outbound messages until a channel accepted them. An entry
// is due when pending and its NextAt has come; a claim sets NextAt to the
// end of a lease, so an entry whose deliverer died is claimed again once
// the lease expires (at least once delivery).
type Outbox interface {
	// Enqueue adds e unless an entry with the same Key exists (then it
	// returns ErrDuplicate and leaves e untouched); it assigns e.ID and
	// sets an empty Status to pending.
	Enqueue(e *OutboxEntry) error
	// OutboxEntry returns an entry by id (ErrNotFound).
	OutboxEntry(id uint64) (*OutboxEntry, error)
	// OutboxByKey returns the entry with idempotency key key.
	OutboxByKey(key string) (*OutboxEntry, error)
	// PutOutboxEntry saves a changed entry (status, NextAt, attempts).
	PutOutboxEntry(e *OutboxEntry) error
	// DueOutbox returns the pending entries due at now, by NextAt then
	// id, at most limit.
	DueOutbox(now time.Time, limit int) ([]*OutboxEntry, error)
	// ClaimOutbox leases the entries due at now (of channel c.Channel
	// when set), by NextAt then id, at most c.Limit: each one's Attempts
	// grows by one and its NextAt becomes now + c.Lease. It returns them
	// as saved. Two transactions never claim the same entry for
	// overlapping leases.
	ClaimOutbox(c OutboxClaim) ([]*OutboxEntry, error)
	// AckOutbox records that entry id was accepted by its channel at at
	// (status sent); an entry no longer pending is left as it is.
	AckOutbox(id uint64, at time.Time) error
	// OutboxStats returns the number of pending entries and the creation
	// time of the oldest (zero when none).
	OutboxStats() (pending int, oldest time.Time)
	// ScanDueOutbox calls fn with the id of every entry due at now, by
	// NextAt then id, until fn returns false, without decoding entries.
	ScanDueOutbox(now time.Time, fn func(id uint64) bool)
	// NextOutboxDue returns when the earliest pending entry is due (zero
	// when none).
	NextOutboxDue() time.Time
}

// OutboxClaim says which due outbox entries ClaimOutbox leases.
type OutboxClaim struct {
	Now     time.Time
	Lease   time.Duration
	Limit   int
	Channel string // "" for every channel
}

// Users are console accounts.
type Users interface {
	// User returns an account by name (ErrNotFound).
	User(name string) (*User, error)
	// PutUser saves an account.
	PutUser(u *User) error
	// Users lists the accounts by name.
	Users() ([]*User, error)
}

// Audit is the append-only log of staff actions.
type Audit interface {
	// Audit appends e; entries with the same At keep their order.
	Audit(e AuditEntry) error
	// AuditLog returns the newest entries first, at most limit.
	AuditLog(limit int) ([]AuditEntry, error)
}

// KV is a small key-value area: caches of the channels (access tokens),
// the console's sessions and held conversations.
type KV interface {
	// Get returns a copy of the value under key (nil when absent).
	Get(key string) []byte
	// Put stores value under key.
	Put(key string, value []byte) error
	// Delete removes key.
	Delete(key string) error
	// ScanKV calls fn for every key that starts with prefix, in key
	// order, with a copy of its value; an error from fn stops the scan.
	ScanKV(prefix string, fn func(key string, value []byte) error) error
}

// Workflow is the department workflow's own state: scheduler marks,
// department inboxes, return-visit watches and citizen notices.
type Workflow interface {
	// Fired reports whether scheduler key was marked, and when.
	Fired(key string) (time.Time, bool)
	// MarkFired marks scheduler key as fired at at. A key of the form
	// KIND:NUMBER:SUFFIX, NUMBER an order's, is that order's mark: it is
	// deleted when the order moves to the archive.
	MarkFired(key string, at time.Time) error
	// AddReminder appends r to department dept's inbox.
	AddReminder(dept string, r domain.Reminder) error
	// Reminders returns the newest entries of dept's inbox first, at most
	// limit (0 = all).
	Reminders(dept string, limit int) ([]domain.Reminder, error)
	// WatchVisit records that order number's rating was asked for at at.
	WatchVisit(number string, at time.Time) error
	// UnwatchVisit forgets order number's watch.
	UnwatchVisit(number string) error
	// VisitWatches returns every watched order with its time.
	VisitWatches() map[string]time.Time
	// AddNotice keeps n until DeleteNotice and assigns n.ID, which grows.
	AddNotice(n *domain.Notice) error
	// Notices returns the kept notices by id, at most limit (0 = all).
	Notices(limit int) ([]domain.Notice, error)
	// PutNotice rewrites a kept notice (ErrNotFound when gone).
	PutNotice(n *domain.Notice) error
	// DeleteNotice forgets a notice.
	DeleteNotice(id uint64) error
}

// Ratings are rating questions that went out on another channel than
// their conversation's, found by the channel and the number they went to.
type Ratings interface {
	// PutRatingAway records that question r went to phone on channel.
	PutRatingAway(channel, phone string, r RatingAway) error
	// RatingAway returns the question sent to phone on channel.
	RatingAway(channel, phone string) (RatingAway, bool)
	// DeleteRatingAway forgets it.
	DeleteRatingAway(channel, phone string) error
}

// Reports are the rollups kept with each work order (counters per day ×
// department × category, summed from what the Rollup the backend was
// opened with says each order contributes) and what reports read.
type Reports interface {
	// Rollups calls fn for every row whose day lies in [fromDay, toDay]
	// (YYYYMMDD), in key order.
	Rollups(fromDay, toDay string, fn func(RollupKey, Counters) error) error
	// FlaggedTickets returns the orders the Rollup flagged (leader items,
	// 批示件).
	FlaggedTickets() ([]*ticket.Ticket, error)
	// ScanFlagged calls fn with the number of every order the Rollup
	// flagged (live and archived), until fn returns false, reading no
	// order.
	ScanFlagged(fn func(number string) bool)
	// ForEachTicket calls fn for every stored order, archived ones too.
	ForEachTicket(fn func(*ticket.Ticket) error) error
	// TicketsNumbered calls fn for every order whose number starts with
	// prefix, in number order.
	TicketsNumbered(prefix string, fn func(*ticket.Ticket) error) error
}
