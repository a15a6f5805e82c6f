package store

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"hotline/domain"
	"hotline/ticket"
)

// The records appendRecord writes are read back without reflection too,
// from the stored form (compact or plain JSON, schema versions 4 to 7),
// without expanding the keys first. decodeRecord takes only what it can
// decode exactly as encoding/json would: the values of the fields' own
// types or null, unknown keys (skipped, as json does) unless one could
// match a field case-insensitively, no key twice, no whitespace. Anything
// else (a damaged record, a number where a string belongs, an escape in a
// time) gives up, and unmarshalRecord decodes the record with encoding/json,
// which also says what is wrong. TestRecordDecoderMatchesJSON and
// FuzzRecordDecoder compare the two on records with every field set, on
// records of earlier forms, and on damaged and altered ones.

// recDec reads one record; bad is set when encoding/json must decode it.
type recDec struct {
	b       []byte
	i       int
	compact bool // keys may be keyRef codes
	bad     bool
}

// decodeRecord decodes js (a record as stored, after inflating) into x
// when x points to a zero record of a type decoded here. It reports
// whether it did; when it did not, x is still zero.
func decodeRecord(js []byte, x any) bool {
	d := recDec{b: js}
	if len(js) > 0 && js[0] == compactJSON {
		d.compact, d.i = true, 1
	}
	switch v := x.(type) {
	case *ticket.Ticket:
		if v == nil || !zeroTicket(v) {
			return false
		}
		d.ticket(v)
		if d.finish() {
			return true
		}
		*v = ticket.Ticket{}
	case *domain.Conversation:
		if v == nil || !zeroConversation(v) {
			return false
		}
		d.conversation(v)
		if d.finish() {
			return true
		}
		*v = domain.Conversation{}
	case *domain.Citizen:
		if v == nil || !zeroCitizen(v) {
			return false
		}
		d.citizen(v)
		if d.finish() {
			return true
		}
		*v = domain.Citizen{}
	case *domain.Reminder:
		if v == nil || *v != (domain.Reminder{}) {
			return false
		}
		d.reminder(v)
		if d.finish() {
			return true
		}
		*v = domain.Reminder{}
	case *AuditEntry:
		if v == nil || *v != (AuditEntry{}) {
			return false
		}
		d.audit(v)
		if d.finish() {
			return true
		}
		*v = AuditEntry{}
	}
	return false
}

// zeroTicket, zeroConversation and zeroCitizen report whether a record
// is its type's zero value: encoding/json decodes into what is there, so
// only a zero record is decoded here. They list every field
// (TestZeroRecords sets each field alone and checks they see it).
func zeroTicket(t *ticket.Ticket) bool {
	return t.Number == "" && t.Channel == "" && t.CitizenID == "" && t.ConversationID == "" && t.Name == "" && t.Phone == "" &&
		t.Title == "" && t.Description == "" && t.Type == "" && t.Category == "" && t.Department == "" && t.CoDepartments == nil &&
		t.District == "" && t.Town == "" && t.Address == "" && t.Location == nil && t.Urgency == "" && t.EmergencyNumber == "" &&
		t.EmergencyReason == nil && t.Hold == "" && t.Flags == (ticket.Flags{}) && t.Status == "" && t.Attachments == nil &&
		t.Confidence == nil && t.RepeatOf == "" && t.RepeatCount == 0 && zeroTime(t.ReceivedAt) && zeroTime(t.AcceptedAt) &&
		zeroTime(t.DispatchedAt) && zeroTime(t.SignedAt) && zeroTime(t.RepliedAt) && zeroTime(t.ClosedAt) && zeroTime(t.SignDue) &&
		zeroTime(t.Due) && zeroTime(t.InstructionDue) && t.Reply == "" && t.Satisfaction == "" && t.Solved == nil && t.Events == nil &&
		t.CallID == "" && t.Recording == ""
}

func zeroConversation(c *domain.Conversation) bool {
	return c.ID == "" && c.Channel == "" && c.UserID == "" && c.CitizenID == "" && c.State == "" && c.Asking == "" && c.Draft == nil &&
		c.Agent == "" && !c.Emergency && c.EmergencyReason == nil && zeroTime(c.QueuedAt) && c.FirstText == "" && c.Pending == nil &&
		c.PendingLocation == nil && c.RatingFor == "" && c.KBEntry == "" && zeroTime(c.CreatedAt) && zeroTime(c.UpdatedAt) &&
		zeroTime(c.LastInbound) && c.Orders == nil && c.Asked == nil && c.Offered == nil
}

func zeroCitizen(c *domain.Citizen) bool {
	return c.ID == "" && c.Name == "" && c.Phones == nil && c.Contact == "" && c.Identities == nil && c.OptOut == nil &&
		zeroTime(c.CreatedAt) && c.Merged == nil && c.MergedInto == "" && c.LastInbound == nil
}

// zeroTime is t == time.Time{}: the zero value, not just IsZero's instant.
func zeroTime(t time.Time) bool { return t == time.Time{} }

// finish reports whether the record was read whole and exactly.
func (d *recDec) finish() bool { return !d.bad && d.i == len(d.b) }

func (d *recDec) fail() { d.bad, d.i = true, len(d.b) }

func (d *recDec) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	d.fail()
	return 0
}

// null consumes a null, if that is what comes next.
func (d *recDec) null() bool {
	if d.i+4 <= len(d.b) && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// fields reads an object, calling field with each key; field reads the
// value. names are the object's field names (for the case-insensitive
// match encoding/json would make of an unknown key).
func (d *recDec) fields(names []string, field func(key string) bool) {
	if d.peek() != '{' {
		d.fail()
		return
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		return
	}
	for !d.bad {
		key := d.key()
		if d.bad {
			return
		}
		if !field(key) {
			d.unknown(key, names)
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return
		default:
			d.fail()
		}
	}
}

// key reads an object's key and its colon.
func (d *recDec) key() string {
	var k string
	switch c := d.peek(); {
	case c == keyRef && d.compact:
		if d.i+1 >= len(d.b) || int(d.b[d.i+1]) >= len(jsonKeys) {
			d.fail()
			return ""
		}
		k = jsonKeys[d.b[d.i+1]]
		d.i += 2
	case c == '"':
		k = d.string()
	default:
		d.fail()
		return ""
	}
	if d.peek() != ':' {
		d.fail()
		return ""
	}
	d.i++
	return k
}

// unknown skips the value of a key the record does not have, unless
// encoding/json would take it for one of names (its match ignores case).
func (d *recDec) unknown(key string, names []string) {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			d.fail() // Unicode case folding: leave it to encoding/json
			return
		}
	}
	for _, n := range names {
		if strings.EqualFold(key, n) {
			d.fail()
			return
		}
	}
	d.skip(0)
}

// skip checks and skips one value of any kind.
func (d *recDec) skip(depth int) {
	if depth > 100 {
		d.fail()
		return
	}
	switch c := d.peek(); {
	case c == '"':
		d.string()
	case c == '{':
		d.fields(nil, func(string) bool { d.skip(depth + 1); return true })
	case c == '[':
		d.array(func() { d.skip(depth + 1) })
	case c == 't' || c == 'f':
		var b bool
		d.bool(&b)
	case c == 'n':
		if !d.null() {
			d.fail()
		}
	default:
		d.number()
	}
}

// array reads an array, calling elem for each element.
func (d *recDec) array(elem func()) {
	if d.peek() != '[' {
		d.fail()
		return
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		return
	}
	for !d.bad {
		elem()
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return
		default:
			d.fail()
		}
	}
}

// string reads a string, unquoted as encoding/json does (invalid UTF-8
// becomes U+FFFD).
func (d *recDec) string() string {
	if d.peek() != '"' {
		d.fail()
		return ""
	}
	start := d.i + 1
	plain := true
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			if plain {
				if s := d.b[start:j]; utf8.Valid(s) {
					return string(s)
				}
			}
			s, ok := unquoteJSON(d.b[start:j])
			if !ok {
				d.fail()
			}
			return s
		case c == '\\':
			plain = false
			j++ // the escaped byte is never the closing quote
		case c < ' ' || c == keyRef:
			// A control character is not JSON; keyRef inside a string
			// would be expanded into a key by expand.
			d.fail()
			return ""
		}
	}
	d.fail()
	return ""
}

// unquoteJSON is encoding/json's unquoting of a string's contents s;
// false where json's scanner refuses s.
func unquoteJSON(s []byte) (string, bool) {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			if r+1 >= len(s) {
				return "", false
			}
			switch s[r+1] {
			case '"', '\\', '/':
				b = append(b, s[r+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r:])
				if rr < 0 {
					return "", false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default:
				return "", false
			}
			r += 2
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b), true
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// number reads a number as JSON writes it and returns its text.
func (d *recDec) number() []byte {
	b, start := d.b, d.i
	j := start
	digits := func() bool {
		k := j
		for j < len(b) && '0' <= b[j] && b[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && '1' <= b[j] && b[j] <= '9':
		digits()
	default:
		d.fail()
		return nil
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits() {
			d.fail()
			return nil
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits() {
			d.fail()
			return nil
		}
	}
	d.i = j
	return b[start:j]
}

// The setters leave the field as it is for null, as encoding/json does
// for these kinds.

func (d *recDec) str(p *string) {
	if !d.null() {
		*p = d.string()
	}
}

func (d *recDec) bool(p *bool) {
	switch {
	case d.i+4 <= len(d.b) && string(d.b[d.i:d.i+4]) == "true":
		*p = true
		d.i += 4
	case d.i+5 <= len(d.b) && string(d.b[d.i:d.i+5]) == "false":
		*p = false
		d.i += 5
	case !d.null():
		d.fail()
	}
}

func (d *recDec) int(p *int) {
	if d.null() {
		return
	}
	n, err := strconv.ParseInt(string(d.number()), 10, 0)
	if err != nil || d.bad {
		d.fail()
		return
	}
	*p = int(n)
}

func (d *recDec) float(p *float64) {
	if d.null() {
		return
	}
	f, err := strconv.ParseFloat(string(d.number()), 64)
	if err != nil || d.bad {
		d.fail()
		return
	}
	*p = f
}

// time reads a time as time.Time.UnmarshalJSON does, from its raw text (a
// string with an escape is left to encoding/json).
func (d *recDec) time(p *time.Time) {
	if d.null() {
		return
	}
	if d.peek() != '"' {
		d.fail()
		return
	}
	start := d.i
	for j := start + 1; j < len(d.b); j++ {
		if c := d.b[j]; c == '"' {
			d.i = j + 1
			if err := p.UnmarshalJSON(d.b[start:d.i]); err != nil {
				d.fail()
			}
			return
		} else if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			break
		}
	}
	d.fail()
}

// strs reads a []string: null is nil, [] an empty slice.
func (d *recDec) strs(p *[]string) {
	if d.null() {
		*p = nil
		return
	}
	s := []string{}
	d.array(func() {
		if d.peek() == 'n' {
			d.fail() // a null element: left to encoding/json
			return
		}
		s = append(s, d.string())
	})
	*p = s
}

// seen marks field n of an object read; a key given twice is left to
// encoding/json, which merges some values of repeated keys.
func (d *recDec) seen(mask *uint64, n uint) {
	if *mask&(1<<n) != 0 {
		d.fail()
	}
	*mask |= 1 << n
}

var (
	ticketNames       = []string{"number", "channel", "citizen_id", "conversation_id", "name", "phone", "title", "description", "type", "category", "department", "co_departments", "district", "town", "address", "location", "urgency", "emergency_number", "emergency_reason", "hold", "flags", "status", "attachments", "confidence", "repeat_of", "repeat_count", "received_at", "accepted_at", "dispatched_at", "signed_at", "replied_at", "closed_at", "sign_due", "due", "instruction_due", "reply", "satisfaction", "solved", "events", "call_id", "recording_url"}
	flagNames         = []string{"leader_item", "instruction", "supervised", "repeat", "emergency", "not_visited", "three_way"}
	locationNames     = []string{"label", "lat", "lng"}
	reasonNames       = []string{"number", "cue", "rule", "also", "set_aside"}
	eventNames        = []string{"at", "actor", "action", "from", "to", "note", "fields"}
	conversationNames = []string{"id", "channel", "user_id", "citizen_id", "state", "asking", "draft", "agent", "emergency", "emergency_reason", "queued_at", "first_text", "pending", "pending_location", "rating_for", "kb_entry", "created_at", "updated_at", "last_inbound", "orders", "asked", "offered"}
	citizenNames      = []string{"id", "name", "phones", "contact", "identities", "opt_out", "created_at", "merged", "merged_into", "last_inbound"}
	identityNames     = []string{"channel", "user_id"}
	reminderNames     = []string{"at", "number", "kind", "text"}
	auditNames        = []string{"at", "actor", "action", "object", "before", "after"}
)

func (d *recDec) ticket(t *ticket.Ticket) {
	var m uint64
	d.fields(ticketNames, func(k string) bool {
		switch k {
		case "number":
			d.seen(&m, 0)
			d.str(&t.Number)
		case "channel":
			d.seen(&m, 1)
			d.str(&t.Channel)
		case "citizen_id":
			d.seen(&m, 2)
			d.str(&t.CitizenID)
		case "conversation_id":
			d.seen(&m, 3)
			d.str(&t.ConversationID)
		case "name":
			d.seen(&m, 4)
			d.str(&t.Name)
		case "phone":
			d.seen(&m, 5)
			d.str(&t.Phone)
		case "title":
			d.seen(&m, 6)
			d.str(&t.Title)
		case "description":
			d.seen(&m, 7)
			d.str(&t.Description)
		case "type":
			d.seen(&m, 8)
			d.str(&t.Type)
		case "category":
			d.seen(&m, 9)
			d.str(&t.Category)
		case "department":
			d.seen(&m, 10)
			d.str(&t.Department)
		case "co_departments":
			d.seen(&m, 11)
			d.strs(&t.CoDepartments)
		case "district":
			d.seen(&m, 12)
			d.str(&t.District)
		case "town":
			d.seen(&m, 13)
			d.str(&t.Town)
		case "address":
			d.seen(&m, 14)
			d.str(&t.Address)
		case "location":
			d.seen(&m, 15)
			d.location(&t.Location)
		case "urgency":
			d.seen(&m, 16)
			d.str(&t.Urgency)
		case "emergency_number":
			d.seen(&m, 17)
			d.str(&t.EmergencyNumber)
		case "emergency_reason":
			d.seen(&m, 18)
			d.reason(&t.EmergencyReason)
		case "hold":
			d.seen(&m, 19)
			d.str(&t.Hold)
		case "flags":
			d.seen(&m, 20)
			d.flags(&t.Flags)
		case "status":
			d.seen(&m, 21)
			d.str((*string)(&t.Status))
		case "attachments":
			d.seen(&m, 22)
			d.strs(&t.Attachments)
		case "confidence":
			d.seen(&m, 23)
			if d.null() {
				t.Confidence = nil
				return true
			}
			t.Confidence = map[string]float64{}
			d.fields(nil, func(k string) bool {
				if d.peek() == 'n' {
					d.fail() // a null value: left to encoding/json
				}
				var f float64
				d.float(&f)
				t.Confidence[k] = f
				return true
			})
		case "repeat_of":
			d.seen(&m, 24)
			d.str(&t.RepeatOf)
		case "repeat_count":
			d.seen(&m, 25)
			d.int(&t.RepeatCount)
		case "received_at":
			d.seen(&m, 26)
			d.time(&t.ReceivedAt)
		case "accepted_at":
			d.seen(&m, 27)
			d.time(&t.AcceptedAt)
		case "dispatched_at":
			d.seen(&m, 28)
			d.time(&t.DispatchedAt)
		case "signed_at":
			d.seen(&m, 29)
			d.time(&t.SignedAt)
		case "replied_at":
			d.seen(&m, 30)
			d.time(&t.RepliedAt)
		case "closed_at":
			d.seen(&m, 31)
			d.time(&t.ClosedAt)
		case "sign_due":
			d.seen(&m, 32)
			d.time(&t.SignDue)
		case "due":
			d.seen(&m, 33)
			d.time(&t.Due)
		case "instruction_due":
			d.seen(&m, 34)
			d.time(&t.InstructionDue)
		case "reply":
			d.seen(&m, 35)
			d.str(&t.Reply)
		case "satisfaction":
			d.seen(&m, 36)
			d.str(&t.Satisfaction)
		case "solved":
			d.seen(&m, 37)
			if d.null() {
				t.Solved = nil
				return true
			}
			var b bool
			d.bool(&b)
			t.Solved = &b
		case "events":
			d.seen(&m, 38)
			if d.null() {
				t.Events = nil
				return true
			}
			evs := []ticket.Event{}
			d.array(func() {
				if d.peek() == 'n' {
					d.fail()
					return
				}
				evs = append(evs, ticket.Event{})
				d.event(&evs[len(evs)-1])
			})
			t.Events = evs
		case "call_id":
			d.seen(&m, 39)
			d.str(&t.CallID)
		case "recording_url":
			d.seen(&m, 40)
			d.str(&t.Recording)
		default:
			return false
		}
		return true
	})
}

func (d *recDec) flags(f *ticket.Flags) {
	if d.null() {
		return
	}
	var m uint64
	d.fields(flagNames, func(k string) bool {
		switch k {
		case "leader_item":
			d.seen(&m, 0)
			d.bool(&f.LeaderItem)
		case "instruction":
			d.seen(&m, 1)
			d.bool(&f.Instruction)
		case "supervised":
			d.seen(&m, 2)
			d.bool(&f.Supervised)
		case "repeat":
			d.seen(&m, 3)
			d.bool(&f.Repeat)
		case "emergency":
			d.seen(&m, 4)
			d.bool(&f.Emergency)
		case "not_visited":
			d.seen(&m, 5)
			d.bool(&f.NotVisited)
		case "three_way":
			d.seen(&m, 6)
			d.bool(&f.ThreeWay)
		default:
			return false
		}
		return true
	})
}

func (d *recDec) location(p **ticket.Location) {
	if d.null() {
		*p = nil
		return
	}
	l := new(ticket.Location)
	var m uint64
	d.fields(locationNames, func(k string) bool {
		switch k {
		case "label":
			d.seen(&m, 0)
			d.str(&l.Label)
		case "lat":
			d.seen(&m, 1)
			d.float(&l.Lat)
		case "lng":
			d.seen(&m, 2)
			d.float(&l.Lng)
		default:
			return false
		}
		return true
	})
	*p = l
}

func (d *recDec) reason(p **ticket.EmergencyReason) {
	if d.null() {
		*p = nil
		return
	}
	r := new(ticket.EmergencyReason)
	var m uint64
	d.fields(reasonNames, func(k string) bool {
		switch k {
		case "number":
			d.seen(&m, 0)
			d.str(&r.Number)
		case "cue":
			d.seen(&m, 1)
			d.str(&r.Cue)
		case "rule":
			d.seen(&m, 2)
			d.str(&r.Rule)
		case "also":
			d.seen(&m, 3)
			if d.null() {
				r.Also = nil
				return true
			}
			also := []ticket.EmergencyCall{}
			d.array(func() {
				if d.peek() == 'n' {
					d.fail()
					return
				}
				var c ticket.EmergencyCall
				var cm uint64
				d.fields(reasonNames[:3], func(k string) bool {
					switch k {
					case "number":
						d.seen(&cm, 0)
						d.str(&c.Number)
					case "cue":
						d.seen(&cm, 1)
						d.str(&c.Cue)
					case "rule":
						d.seen(&cm, 2)
						d.str(&c.Rule)
					default:
						return false
					}
					return true
				})
				also = append(also, c)
			})
			r.Also = also
		case "set_aside":
			d.seen(&m, 4)
			d.bool(&r.SetAside)
		default:
			return false
		}
		return true
	})
	*p = r
}

func (d *recDec) event(e *ticket.Event) {
	var m uint64
	d.fields(eventNames, func(k string) bool {
		switch k {
		case "at":
			d.seen(&m, 0)
			d.time(&e.At)
		case "actor":
			d.seen(&m, 1)
			d.str(&e.Actor)
		case "action":
			d.seen(&m, 2)
			d.str(&e.Action)
		case "from":
			d.seen(&m, 3)
			d.str((*string)(&e.From))
		case "to":
			d.seen(&m, 4)
			d.str((*string)(&e.To))
		case "note":
			d.seen(&m, 5)
			d.str(&e.Note)
		case "fields":
			d.seen(&m, 6)
			if d.null() {
				e.Fields = nil
				return true
			}
			e.Fields = map[string][2]string{}
			d.fields(nil, func(k string) bool {
				// Exactly two strings; anything else is left to
				// encoding/json (it pads and cuts arrays).
				var v [2]string
				n := 0
				d.array(func() {
					if n == 2 || d.peek() != '"' {
						d.fail()
						return
					}
					v[n] = d.string()
					n++
				})
				if n != 2 {
					d.fail()
				}
				e.Fields[k] = v
				return true
			})
		default:
			return false
		}
		return true
	})
}

func (d *recDec) conversation(c *domain.Conversation) {
	var m uint64
	d.fields(conversationNames, func(k string) bool {
		switch k {
		case "id":
			d.seen(&m, 0)
			d.str(&c.ID)
		case "channel":
			d.seen(&m, 1)
			d.str(&c.Channel)
		case "user_id":
			d.seen(&m, 2)
			d.str(&c.UserID)
		case "citizen_id":
			d.seen(&m, 3)
			d.str(&c.CitizenID)
		case "state":
			d.seen(&m, 4)
			d.str((*string)(&c.State))
		case "asking":
			d.seen(&m, 5)
			d.str(&c.Asking)
		case "draft":
			d.seen(&m, 6)
			if d.null() {
				c.Draft = nil
				return true
			}
			c.Draft = new(ticket.Ticket)
			d.ticket(c.Draft)
		case "agent":
			d.seen(&m, 7)
			d.str(&c.Agent)
		case "emergency":
			d.seen(&m, 8)
			d.bool(&c.Emergency)
		case "emergency_reason":
			d.seen(&m, 9)
			d.reason(&c.EmergencyReason)
		case "queued_at":
			d.seen(&m, 10)
			d.time(&c.QueuedAt)
		case "first_text":
			d.seen(&m, 11)
			d.str(&c.FirstText)
		case "pending":
			d.seen(&m, 12)
			d.strs(&c.Pending)
		case "pending_location":
			d.seen(&m, 13)
			d.location(&c.PendingLocation)
		case "rating_for":
			d.seen(&m, 14)
			d.str(&c.RatingFor)
		case "kb_entry":
			d.seen(&m, 15)
			d.str(&c.KBEntry)
		case "created_at":
			d.seen(&m, 16)
			d.time(&c.CreatedAt)
		case "updated_at":
			d.seen(&m, 17)
			d.time(&c.UpdatedAt)
		case "last_inbound":
			d.seen(&m, 18)
			d.time(&c.LastInbound)
		case "orders":
			d.seen(&m, 19)
			d.strs(&c.Orders)
		case "asked":
			d.seen(&m, 20)
			if d.null() {
				c.Asked = nil
				return true
			}
			c.Asked = map[string]int{}
			d.fields(nil, func(k string) bool {
				if d.peek() == 'n' {
					d.fail()
				}
				var n int
				d.int(&n)
				c.Asked[k] = n
				return true
			})
		case "offered":
			d.seen(&m, 21)
			d.strs(&c.Offered)
		default:
			return false
		}
		return true
	})
}

func (d *recDec) citizen(c *domain.Citizen) {
	var m uint64
	d.fields(citizenNames, func(k string) bool {
		switch k {
		case "id":
			d.seen(&m, 0)
			d.str(&c.ID)
		case "name":
			d.seen(&m, 1)
			d.str(&c.Name)
		case "phones":
			d.seen(&m, 2)
			d.strs(&c.Phones)
		case "contact":
			d.seen(&m, 3)
			d.str(&c.Contact)
		case "identities":
			d.seen(&m, 4)
			if d.null() {
				c.Identities = nil
				return true
			}
			ids := []domain.Identity{}
			d.array(func() {
				if d.peek() == 'n' {
					d.fail()
					return
				}
				var id domain.Identity
				var im uint64
				d.fields(identityNames, func(k string) bool {
					switch k {
					case "channel":
						d.seen(&im, 0)
						d.str(&id.Channel)
					case "user_id":
						d.seen(&im, 1)
						d.str(&id.UserID)
					default:
						return false
					}
					return true
				})
				ids = append(ids, id)
			})
			c.Identities = ids
		case "opt_out":
			d.seen(&m, 5)
			d.strs(&c.OptOut)
		case "created_at":
			d.seen(&m, 6)
			d.time(&c.CreatedAt)
		case "merged":
			d.seen(&m, 7)
			d.strs(&c.Merged)
		case "merged_into":
			d.seen(&m, 8)
			d.str(&c.MergedInto)
		case "last_inbound":
			d.seen(&m, 9)
			if d.null() {
				c.LastInbound = nil
				return true
			}
			c.LastInbound = map[string]time.Time{}
			d.fields(nil, func(k string) bool {
				var t time.Time
				if d.peek() == 'n' {
					d.fail()
				}
				d.time(&t)
				c.LastInbound[k] = t
				return true
			})
		default:
			return false
		}
		return true
	})
}

func (d *recDec) reminder(r *domain.Reminder) {
	var m uint64
	d.fields(reminderNames, func(k string) bool {
		switch k {
		case "at":
			d.seen(&m, 0)
			d.time(&r.At)
		case "number":
			d.seen(&m, 1)
			d.str(&r.Number)
		case "kind":
			d.seen(&m, 2)
			d.str(&r.Kind)
		case "text":
			d.seen(&m, 3)
			d.str(&r.Text)
		default:
			return false
		}
		return true
	})
}

func (d *recDec) audit(a *AuditEntry) {
	var m uint64
	d.fields(auditNames, func(k string) bool {
		switch k {
		case "at":
			d.seen(&m, 0)
			d.time(&a.At)
		case "actor":
			d.seen(&m, 1)
			d.str(&a.Actor)
		case "action":
			d.seen(&m, 2)
			d.str(&a.Action)
		case "object":
			d.seen(&m, 3)
			d.str(&a.Object)
		case "before":
			d.seen(&m, 4)
			d.str(&a.Before)
		case "after":
			d.seen(&m, 5)
			d.str(&a.After)
		default:
			return false
		}
		return true
	})
}
