// Package duty keeps the leaders' duty sessions (领导接听): a leader of the
// city or the head of a department takes calls in a time slot announced
// in advance. Staff plan sessions; a session becomes public a configured
// number of days before it (duty.publish_days, default 7), when the public
// page lists it. Sessions live in the store's key-value area.
package duty

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

const prefix = "duty:"

// Session is one announced duty session.
type Session struct {
	ID         string `json:"id"`
	Date       string `json:"date"`  // YYYY-MM-DD, city time
	Start      string `json:"start"` // HH:MM
	End        string `json:"end"`   // HH:MM
	Leader     string `json:"leader"`
	Title      string `json:"title"` // 职务: 副市长, 市城市管理局局长
	Department string `json:"department,omitempty"`
	Topic      string `json:"topic,omitempty"`
	// Account is the leader's console login: chats handed to it during
	// the session, and orders it registers then, are the leader's items
	// (领导接听件). Left empty when the session is planned, the console
	// fills in the one enabled leader account whose display name is
	// Leader; a session stored without one (planned before that, or for
	// a leader without an account) is matched so when read (LeaderLogin).
	Account   string    `json:"account,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Error is a session that cannot be planned: Reason for logs and the
// command line; Text picks the console's words from http_errors.duty,
// filled with Data.
type Error struct {
	Reason string
	Text   func(config.DutyErrors) string
	Data   config.HTTPErrorData
}

func (e *Error) Error() string { return "duty: " + e.Reason }

func bad(reason string, text func(config.DutyErrors) string, data config.HTTPErrorData) error {
	return &Error{Reason: reason, Text: text, Data: data}
}

// maxField is the most characters of a session's leader, title,
// department and topic.
const maxField = 200

// Check validates s and fills in its id; loc is city time.
func (s *Session) Check(loc *time.Location) error {
	s.Leader, s.Title = strings.TrimSpace(s.Leader), strings.TrimSpace(s.Title)
	s.Department, s.Topic = strings.TrimSpace(s.Department), strings.TrimSpace(s.Topic)
	s.Account = strings.TrimSpace(s.Account)
	if _, err := time.ParseInLocation("2006-01-02", s.Date, loc); err != nil {
		return bad("the date must be YYYY-MM-DD", func(t config.DutyErrors) string { return t.BadDate }, config.HTTPErrorData{})
	}
	st, err1 := time.Parse("15:04", s.Start)
	en, err2 := time.Parse("15:04", s.End)
	if err1 != nil || err2 != nil {
		return bad("the times must be HH:MM", func(t config.DutyErrors) string { return t.BadTime }, config.HTTPErrorData{})
	}
	if !en.After(st) {
		return bad("the end must be after the start", func(t config.DutyErrors) string { return t.EndBeforeStart }, config.HTTPErrorData{})
	}
	if s.Leader == "" || s.Title == "" {
		return bad("the leader's name and title are required", func(t config.DutyErrors) string { return t.Leader }, config.HTTPErrorData{})
	}
	for _, f := range []string{s.Leader, s.Title, s.Department, s.Topic} {
		if utf8.RuneCountInString(f) > maxField {
			return bad(fmt.Sprintf("a field is longer than %d characters", maxField), func(t config.DutyErrors) string { return t.TooLong }, config.HTTPErrorData{Max: maxField})
		}
	}
	if s.ID == "" {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		s.ID = hex.EncodeToString(b[:])
	}
	return nil
}

func key(s *Session) string { return prefix + s.Date + " " + s.Start + " " + s.ID }

// Begins and Ends are the session's bounds in loc.
func (s *Session) Begins(loc *time.Location) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s.Date+" "+s.Start, loc)
	return t
}

// Ends is when the session ends.
func (s *Session) Ends(loc *time.Location) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s.Date+" "+s.End, loc)
	return t
}

// RoleLeader is the console role of the leaders (desk.RoleLeader).
const RoleLeader = "leader"

// Takes reports whether the console user login is the session's leader
// (LeaderLogin).
func (s *Session) Takes(tx *store.Tx, login string) (bool, error) {
	if login == "" {
		return false, nil
	}
	l, err := s.LeaderLogin(tx)
	return l == login, err
}

// Add stores a checked session.
func Add(st *store.Store, s *Session) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return st.UpdateNow(func(tx *store.Tx) error { return tx.Put(key(s), b) })
}

// ErrNotFound is returned for an unknown session.
var ErrNotFound = errors.New("duty: no such session")

// Delete removes the session with id and returns it, so that the console
// can say which one it deleted.
func Delete(st *store.Store, id string) (Session, error) {
	var gone Session
	err := st.UpdateNow(func(tx *store.Tx) error {
		found, val := "", []byte(nil)
		if err := tx.ScanKV(prefix, func(k string, v []byte) error {
			if strings.HasSuffix(k, " "+id) {
				found, val = k, slices.Clone(v)
			}
			return nil
		}); err != nil {
			return err
		}
		if found == "" {
			return ErrNotFound
		}
		if err := json.Unmarshal(val, &gone); err != nil {
			return err
		}
		return tx.Delete(found)
	})
	return gone, err
}

// List returns the sessions from day from to day to (YYYY-MM-DD, both
// included), in time order.
func List(st *store.Store, from, to string) ([]Session, error) {
	var out []Session
	err := st.View(func(tx *store.Tx) error {
		var err error
		out, err = ListTx(tx, from, to)
		return err
	})
	return out, err
}

// ListTx is List inside a transaction.
func ListTx(tx *store.Tx, from, to string) ([]Session, error) {
	var out []Session
	err := func() error {
		return tx.ScanKV(prefix, func(k string, v []byte) error {
			if len(k) < len(prefix)+10 {
				return nil
			}
			if day := k[len(prefix) : len(prefix)+10]; day < from || day > to {
				return nil
			}
			var s Session
			if json.Unmarshal(v, &s) == nil {
				out = append(out, s)
			}
			return nil
		})
	}()
	slices.SortFunc(out, func(a, b Session) int { return strings.Compare(a.Date+a.Start+a.ID, b.Date+b.Start+b.ID) })
	return out, err
}

// Published returns the sessions the public may see at now: from today to
// publishDays days ahead.
func Published(st *store.Store, now time.Time, loc *time.Location, publishDays int) ([]Session, error) {
	var out []Session
	err := st.View(func(tx *store.Tx) error {
		var err error
		out, err = PublishedTx(tx, now, loc, publishDays)
		return err
	})
	return out, err
}

// PublishedTx is Published inside a transaction.
func PublishedTx(tx *store.Tx, now time.Time, loc *time.Location, publishDays int) ([]Session, error) {
	now = now.In(loc)
	from := now.Format("2006-01-02")
	to := now.AddDate(0, 0, publishDays).Format("2006-01-02")
	list, err := ListTx(tx, from, to)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, s := range list {
		if s.Ends(loc).After(now) {
			out = append(out, s)
		}
	}
	return out, nil
}

// Active returns the session in progress at now, if any.
func Active(st *store.Store, now time.Time, loc *time.Location) (*Session, error) {
	day := now.In(loc).Format("2006-01-02")
	list, err := List(st, day, day)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if !now.Before(s.Begins(loc)) && now.Before(s.Ends(loc)) {
			return &s, nil
		}
	}
	return nil, nil
}

// Text is the schedule as the bot says it, in the words of t
// (duty_texts): the header, then a line a session.
func Text(list []Session, loc *time.Location, t config.DutyTexts) string {
	if len(list) == 0 {
		return t.None
	}
	var b strings.Builder
	b.WriteString(t.Header)
	for _, s := range list {
		b.WriteString("\n" + config.Render(t.Session, SessionData(s, loc, t)))
	}
	return b.String()
}

// SessionData is what duty_texts fill a session's line with: its date,
// month and day, and its weekday's name.
func SessionData(s Session, loc *time.Location, t config.DutyTexts) config.DutySessionData {
	d, _ := time.ParseInLocation("2006-01-02", s.Date, loc)
	wd := ""
	if int(d.Weekday()) < len(t.Weekdays) {
		wd = t.Weekdays[d.Weekday()]
	}
	return config.DutySessionData{Date: s.Date, Month: int(d.Month()), Day: d.Day(), Weekday: wd, Start: s.Start, End: s.End,
		Title: s.Title, Leader: s.Leader, Department: s.Department, Topic: s.Topic}
}

// ErrNoSession is returned when no duty session is in progress.
var ErrNoSession = errors.New("duty: no session in progress")

// MarkLeaderItem makes order number a leader item (领导接听件) of the
// session in progress at now: Flags.LeaderItem is set and the history
// names the leader with note(session) (history_texts.leader_item). It is
// a no-op for an order that already is one.
func MarkLeaderItem(st *store.Store, number, actor string, now time.Time, loc *time.Location, note func(*Session) string) (*Session, error) {
	var sess *Session
	err := st.UpdateNow(func(tx *store.Tx) error {
		sess = nil
		day := now.In(loc).Format("2006-01-02")
		list, err := ListTx(tx, day, day)
		if err != nil {
			return err
		}
		for _, s := range list {
			if !now.Before(s.Begins(loc)) && now.Before(s.Ends(loc)) {
				sess = &s
				break
			}
		}
		if sess == nil {
			return ErrNoSession
		}
		_, err = MarkTx(tx, number, actor, "", sess, now, note(sess))
		return err
	})
	return sess, err
}

// LeaderName is how the history and the reports name the session's
// leader: title and name (副市长张明).
func (s *Session) LeaderName() string { return s.Title + s.Leader }

// itemPrefix keys the console login of the leader whose item (领导接听件)
// an order is: itemPrefix + number → login (MarkTx), so that the leader
// is told when the order is replied to (workflow's leaders' inbox). The
// store deletes the entry with the order when it is archived.
const itemPrefix = store.LeaderItemKey

// ItemLeader returns the console login of the leader whose item order
// number is, "" when none is known: an order marked before logins were
// kept, or of a session whose leader has no console account.
func ItemLeader(tx *store.Tx, number string) string { return string(tx.Get(itemPrefix + number)) }

// LeaderLogin is the console login of sess's leader: its Account (the
// console fills it in when the session is planned: desk's dutyAdd), else,
// for a session planned before that or before the leader had an account,
// the one enabled leader account whose display name is the session's
// Leader; "" when there is none or more than one, so that two leaders of
// the same display name never take each other's sessions. A kept Account
// that is disabled or deleted since takes nothing, and nobody in its stead.
func (s *Session) LeaderLogin(tx *store.Tx) (string, error) {
	if s.Account != "" {
		u, err := tx.User(s.Account)
		if errors.Is(err, store.ErrNotFound) || err == nil && u.Disabled {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return s.Account, nil
	}
	users, err := tx.Users()
	if err != nil {
		return "", err
	}
	return LeaderNamed(users, s.Leader), nil
}

// LeaderNamed is the login of the one enabled leader account whose display
// name is name, "" when none or more than one is.
func LeaderNamed(users []*store.User, name string) string {
	if logins := LeadersNamed(users, name); len(logins) == 1 {
		return logins[0]
	}
	return ""
}

// LeadersNamed returns the logins of the enabled leader accounts whose
// display name is name.
func LeadersNamed(users []*store.User, name string) []string {
	name = strings.TrimSpace(name)
	var out []string
	for _, u := range users {
		if name != "" && u.Role == RoleLeader && !u.Disabled && strings.TrimSpace(u.DisplayName) == name {
			out = append(out, u.Name)
		}
	}
	return out
}

// MarkTx makes order number a leader item of sess inside tx, with note in
// the history, and keeps the login of the session's leader (ItemLeader):
// leader when the caller knows it (the leader's own console, the account
// a chat was handed to), else the session's (LeaderLogin); it reports
// whether the order changed (false for one that already is one).
func MarkTx(tx *store.Tx, number, actor, leader string, sess *Session, now time.Time, note string) (bool, error) {
	tk, err := tx.Ticket(number)
	if err != nil {
		return false, err
	}
	if tk.Flags.LeaderItem {
		return false, nil
	}
	tk.Flags.LeaderItem = true
	tk.Record(ticket.Event{At: now, Actor: actor, Action: "leader_item", Note: note,
		Fields: map[string][2]string{"leader": {"", sess.LeaderName()}}})
	if err := tx.PutTicket(tk); err != nil {
		return false, err
	}
	login := leader
	if login == "" {
		if login, err = sess.LeaderLogin(tx); err != nil {
			return false, err
		}
	}
	if login != "" {
		if err := tx.Put(itemPrefix+number, []byte(login)); err != nil {
			return false, err
		}
	}
	return true, tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: "ticket.leader_item", Object: number, After: sess.LeaderName()})
}
