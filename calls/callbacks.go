package calls

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// CallbackItem is a callback as the list shows it, with its deadline mark:
// "yellow" when less than a quarter of calls.callback_within is left,
// "red" once it is overdue — the marks of orders.
type CallbackItem struct {
	*Callback
	Number  string `json:"number"` // the caller as people write it: 13953706688, 0537-7212345
	Warning string `json:"warning,omitempty"`
}

func (s *Service) warning(cb *Callback, now time.Time) string {
	switch {
	case cb.Status == CallbackDone:
		return ticket.WarnNone
	case now.After(cb.Due):
		return ticket.WarnRed
	case s.addWorkingTime(now, s.cfg.CallbackWithin.D()/4).After(cb.Due):
		return ticket.WarnYellow
	}
	return ticket.WarnNone
}

// Callbacks returns the callbacks still to do (open and claimed), the
// earliest deadline first, and the number overdue.
func (s *Service) Callbacks() (list []CallbackItem, overdue int, err error) {
	now := s.now()
	list = []CallbackItem{}
	err = s.o.Store.View(func(tx *store.Tx) error {
		return tx.ScanKV(kvCallback, func(key string, _ []byte) error {
			cb, err := getCallback(tx, strings.TrimPrefix(key, kvCallback))
			if err != nil {
				return err
			}
			if cb.Status == CallbackDone {
				return nil
			}
			it := CallbackItem{Callback: cb, Number: cb.Caller, Warning: s.warning(cb, now)}
			if _, link, err := parseNumber(cb.Caller); err == nil {
				it.Number = link
			}
			if it.Warning == ticket.WarnRed {
				overdue++
			}
			list = append(list, it)
			return nil
		})
	})
	slices.SortFunc(list, func(a, b CallbackItem) int { return a.Due.Compare(b.Due) })
	return list, overdue, err
}

// Claim gives the callback of call callID to agent, who then calls back.
// Claiming one's own claim again is no change.
func (s *Service) Claim(agent, callID string) (*Callback, error) {
	return s.callbackOp(agent, callID, "callback.claim", func(cb *Callback, now time.Time) error {
		switch {
		case cb.Status == CallbackDone:
			return ErrDone
		case cb.Status == CallbackClaimed && cb.Agent != agent:
			return ErrClaimed
		}
		cb.Status, cb.Agent, cb.ClaimedAt = CallbackClaimed, agent, now
		return nil
	})
}

// Record records the result of a callback the agent claimed: answered and
// wrong_number end it, no_answer puts it back on the list to try again
// (its deadline stays), order names the order registered while calling
// back (Register ends the callback by itself when it is registered from
// the call).
// maxCallbackNote is the most characters of a callback's note.
const maxCallbackNote = 1000

func (s *Service) Record(agent, callID, result, note, order string) (*Callback, error) {
	note = strings.TrimSpace(note)
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > maxCallbackNote {
		return nil, bad("bad_note", func(t config.CallErrors) string { return t.BadNote }, config.HTTPErrorData{Max: maxCallbackNote})
	}
	switch result {
	case ResultAnswered, ResultNoAnswer, ResultWrongNumber, ResultOrder:
	default:
		return nil, bad("bad_result", func(t config.CallErrors) string { return t.BadResult }, config.HTTPErrorData{})
	}
	order = strings.TrimSpace(order)
	return s.callbackOp(agent, callID, "callback."+result, func(cb *Callback, now time.Time) error {
		switch {
		case cb.Status == CallbackDone:
			return ErrDone
		case cb.Status == CallbackClaimed && cb.Agent != agent:
			return ErrClaimed
		}
		return nil
	}, func(tx *store.Tx, cb *Callback, now time.Time) error {
		if result == ResultOrder {
			if _, _, err := ticket.ParseNumber(order); err != nil {
				return bad("bad_order", func(t config.CallErrors) string { return t.OrderNumber }, config.HTTPErrorData{})
			}
			if _, err := tx.Ticket(order); err != nil {
				return bad("bad_order", func(t config.CallErrors) string { return t.OrderNotFound }, config.HTTPErrorData{Value: order})
			}
		}
		cb.Attempts = append(cb.Attempts, Attempt{At: now, Agent: agent, Result: result, Note: note, Order: order})
		if result == ResultNoAnswer {
			cb.Status, cb.Agent, cb.ClaimedAt = CallbackOpen, "", time.Time{}
			return nil
		}
		cb.Status, cb.DoneAt = CallbackDone, now
		return nil
	})
}

// callbackOp runs check and then the changes on the callback of call
// callID in one transaction, audits it and tells live views.
func (s *Service) callbackOp(agent, callID, action string, check func(cb *Callback, now time.Time) error, more ...func(tx *store.Tx, cb *Callback, now time.Time) error) (*Callback, error) {
	var out *Callback
	err := s.o.Store.Update(func(tx *store.Tx) error {
		cb, err := getCallback(tx, callID)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		now := s.now()
		if err := check(cb, now); err != nil {
			return err
		}
		for _, fn := range more {
			if err := fn(tx, cb, now); err != nil {
				return err
			}
		}
		if err := putCallback(tx, cb); err != nil {
			return err
		}
		out = cb
		return tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + agent, Action: action, Object: callID})
	})
	if err != nil {
		return nil, err
	}
	s.publish(LiveCallback, "", "")
	return out, nil
}

// resolveCallback ends the callback of call id, if one is open, with
// attempt a (an order or a note came after all).
func (s *Service) resolveCallback(tx *store.Tx, id string, a Attempt) (bool, error) {
	cb, err := getCallback(tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || cb.Status == CallbackDone {
		return false, err
	}
	cb.Attempts = append(cb.Attempts, a)
	cb.Status, cb.DoneAt = CallbackDone, a.At
	return true, putCallback(tx, cb)
}
