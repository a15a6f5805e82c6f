package calls

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"hotline/store"
)

// Keys in the store's key-value area.
const (
	kvCall     = "calls.call:"  // call id → Call
	kvEvent    = "calls.ev:"    // call id \x00 event → "" (idempotency)
	kvCallback = "calls.cb:"    // call id → Callback
	kvAgent    = "calls.agent:" // console user → id of the call they answered last
	kvNumber   = "calls.num:"   // E.164 \x00 inverted time → call id (newest first)
	kvOrder    = "calls.order:" // order number → call id
)

// Call states.
const (
	StateRinging  = "ringing"
	StateAnswered = "answered"
	StateEnded    = "ended"
	StateMissed   = "missed"
)

// Call is one phone call as the switch reported it.
type Call struct {
	// ID is the switch's call id, or manualPrefix and the agent's login
	// and the time for a call the switch did not report (Manual).
	ID         string    `json:"id"`
	Caller     string    `json:"caller,omitempty"` // E.164
	Agent      string    `json:"agent,omitempty"`  // console user who answered
	State      string    `json:"state"`
	RingingAt  time.Time `json:"ringing_at,omitzero"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	MissedAt   time.Time `json:"missed_at,omitzero"`
	Recording  string    `json:"recording_url,omitempty"`
	Order      string    `json:"order,omitempty"` // the order registered from it
	Note       string    `json:"note,omitempty"`  // the agent's note when no order was needed
	NoteBy     string    `json:"note_by,omitempty"`
}

// Callback results.
const (
	ResultOrder       = "order"        // an order was registered
	ResultAnswered    = "answered"     // reached and helped; nothing to register
	ResultNoAnswer    = "no_answer"    // nobody answered: try again
	ResultWrongNumber = "wrong_number" // not a citizen's number
	ResultNote        = "note"         // the call itself got a note or an order after all
)

// Callback statuses.
const (
	CallbackOpen    = "open"
	CallbackClaimed = "claimed"
	CallbackDone    = "done"
)

// Callback is one entry of the callback list (漏接回拨).
type Callback struct {
	CallID    string    `json:"call_id"`
	Caller    string    `json:"caller"`
	Reason    string    `json:"reason"` // missed, no_order
	CreatedAt time.Time `json:"created_at"`
	Due       time.Time `json:"due"`
	Status    string    `json:"status"`
	Agent     string    `json:"agent,omitempty"` // who claimed it
	ClaimedAt time.Time `json:"claimed_at,omitzero"`
	Attempts  []Attempt `json:"attempts,omitempty"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// Attempt is one callback try and its result.
type Attempt struct {
	At     time.Time `json:"at"`
	Agent  string    `json:"agent"`
	Result string    `json:"result"`
	Note   string    `json:"note,omitempty"`
	Order  string    `json:"order,omitempty"`
}

func getKV[T any](tx *store.Tx, key string) (*T, error) {
	b := tx.Get(key)
	if b == nil {
		return nil, store.ErrNotFound
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("calls: corrupt record %q: %w", key, err)
	}
	return &v, nil
}

func putKV(tx *store.Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(key, b)
}

func getCall(tx *store.Tx, id string) (*Call, error) { return getKV[Call](tx, kvCall+id) }

// putCall stores c and lists it by its first day for the retention run
// (pipl.go).
func putCall(tx *store.Tx, c *Call) error {
	if err := tx.Put(dueKey(firstDay(c), c.ID), []byte{}); err != nil {
		return err
	}
	return putKV(tx, kvCall+c.ID, c)
}

func getCallback(tx *store.Tx, id string) (*Callback, error) {
	return getKV[Callback](tx, kvCallback+id)
}

func putCallback(tx *store.Tx, cb *Callback) error { return putKV(tx, kvCallback+cb.CallID, cb) }

// numberKey files call id under the caller's number, newest first.
func numberKey(e164 string, at time.Time, id string) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], math.MaxUint64-uint64(at.UnixNano()))
	return kvNumber + e164 + "\x00" + fmt.Sprintf("%x", b) + "\x00" + id
}

// manualPrefix starts the id of a call an agent started in the console
// (Manual): hotline's own, which no one outside it knows.
const manualPrefix = "desk-"

// SwitchID is the id the call center's switch knows the call by, "" for a
// call it did not report: what the order's history shows to find the
// recording and the switch's records.
func (c *Call) SwitchID() string {
	if strings.HasPrefix(c.ID, manualPrefix) {
		return ""
	}
	return c.ID
}
