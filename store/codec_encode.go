package store

import (
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"hotline/domain"
	"hotline/ticket"
)

// The records written at every message (work orders and drafts,
// conversations, citizens, departments' reminders, audit entries) are
// encoded here without reflection, straight into the compact form:
// appendRecord writes the bytes compact(json.Marshal(x)) would, key for
// key (TestRecordEncoderMatchesJSON and FuzzRecordEncoder compare them on
// records with every field set), so the file format is the one of schema
// version 5 and nothing reads them differently. What it cannot write as
// encoding/json would (a time outside years 0–9999, a NaN) makes it give
// up, and marshalRecord then takes the reflective path, which reports the
// error as before.

// recEnc appends one compact record to b; bad is set when the value needs
// encoding/json (see above).
type recEnc struct {
	b   []byte
	bad bool
}

// fieldKey is the stored form of a key and its colon: keyRef and its code
// for a name of jsonKeys, the quoted name otherwise.
func fieldKey(name string) string {
	if code, ok := jsonKeyCode[name]; ok {
		return string([]byte{keyRef, code, ':'})
	}
	return strconv.Quote(name) + ":" // the names are plain ASCII: Quote writes what json.Marshal does
}

// The keys of the records appendRecord writes, in their stored form.
var (
	kNumber, kChannel, kCitizenID, kConversationID = fieldKey("number"), fieldKey("channel"), fieldKey("citizen_id"), fieldKey("conversation_id")
	kName, kPhone, kTitle, kDescription            = fieldKey("name"), fieldKey("phone"), fieldKey("title"), fieldKey("description")
	kType, kCategory, kDepartment, kCoDepartments  = fieldKey("type"), fieldKey("category"), fieldKey("department"), fieldKey("co_departments")
	kDistrict, kTown, kAddress, kLocation          = fieldKey("district"), fieldKey("town"), fieldKey("address"), fieldKey("location")
	kUrgency, kEmergencyNumber, kEmergencyReason   = fieldKey("urgency"), fieldKey("emergency_number"), fieldKey("emergency_reason")
	kHold, kFlags, kStatus, kAttachments           = fieldKey("hold"), fieldKey("flags"), fieldKey("status"), fieldKey("attachments")
	kConfidence, kRepeatOf, kRepeatCount           = fieldKey("confidence"), fieldKey("repeat_of"), fieldKey("repeat_count")
	kReceivedAt, kAcceptedAt, kDispatchedAt        = fieldKey("received_at"), fieldKey("accepted_at"), fieldKey("dispatched_at")
	kSignedAt, kRepliedAt, kClosedAt               = fieldKey("signed_at"), fieldKey("replied_at"), fieldKey("closed_at")
	kSignDue, kDue, kInstructionDue                = fieldKey("sign_due"), fieldKey("due"), fieldKey("instruction_due")
	kReply, kSatisfaction, kSolved, kEvents        = fieldKey("reply"), fieldKey("satisfaction"), fieldKey("solved"), fieldKey("events")
	kCallID, kRecording                            = fieldKey("call_id"), fieldKey("recording_url")

	kLeaderItem, kInstruction, kSupervised, kRepeat = fieldKey("leader_item"), fieldKey("instruction"), fieldKey("supervised"), fieldKey("repeat")
	kEmergency, kNotVisited, kThreeWay              = fieldKey("emergency"), fieldKey("not_visited"), fieldKey("three_way")
	kLabel, kLat, kLng                              = fieldKey("label"), fieldKey("lat"), fieldKey("lng")
	kAt, kActor, kAction, kFrom, kTo, kNote, kField = fieldKey("at"), fieldKey("actor"), fieldKey("action"), fieldKey("from"), fieldKey("to"), fieldKey("note"), fieldKey("fields")
	kCue, kRule, kAlso, kSetAside                   = fieldKey("cue"), fieldKey("rule"), fieldKey("also"), fieldKey("set_aside")

	kID, kUserID, kState, kAsking, kDraft, kAgent = fieldKey("id"), fieldKey("user_id"), fieldKey("state"), fieldKey("asking"), fieldKey("draft"), fieldKey("agent")
	kQueuedAt, kFirstText, kPending, kPendingLoc  = fieldKey("queued_at"), fieldKey("first_text"), fieldKey("pending"), fieldKey("pending_location")
	kRatingFor, kKBEntry, kCreatedAt, kUpdatedAt  = fieldKey("rating_for"), fieldKey("kb_entry"), fieldKey("created_at"), fieldKey("updated_at")
	kLastInbound, kOrders, kAsked, kOffered       = fieldKey("last_inbound"), fieldKey("orders"), fieldKey("asked"), fieldKey("offered")
	kPhones, kContact, kIdentities, kOptOut       = fieldKey("phones"), fieldKey("contact"), fieldKey("identities"), fieldKey("opt_out")
	kMerged, kMergedInto, kKind, kText            = fieldKey("merged"), fieldKey("merged_into"), fieldKey("kind"), fieldKey("text")
	kObject, kBefore, kAfter                      = fieldKey("object"), fieldKey("before"), fieldKey("after")
)

// appendRecord appends x in the compact form (compactJSON first) when x
// is one of the records encoded here; ok is false otherwise, and when x
// holds a value only encoding/json can encode (or refuse) as it does.
func appendRecord(b []byte, x any) ([]byte, bool) {
	e := recEnc{b: append(b, compactJSON)}
	switch v := x.(type) {
	case *ticket.Ticket:
		if v == nil {
			return b, false
		}
		e.ticket(v)
	case *domain.Conversation:
		if v == nil {
			return b, false
		}
		e.conversation(v)
	case *domain.Citizen:
		if v == nil {
			return b, false
		}
		e.citizen(v)
	case domain.Reminder:
		e.reminder(&v)
	case *domain.Reminder:
		if v == nil {
			return b, false
		}
		e.reminder(v)
	case AuditEntry:
		e.audit(&v)
	case *AuditEntry:
		if v == nil {
			return b, false
		}
		e.audit(v)
	default:
		return b, false
	}
	if e.bad {
		return b, false
	}
	return e.b, true
}

// key starts a field: a comma unless it is the object's first.
func (e *recEnc) key(k string) {
	if e.b[len(e.b)-1] != '{' {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, k...)
}

func (e *recEnc) str(k, s string) {
	e.key(k)
	e.b = appendJSONString(e.b, s)
}

// strOmit is str for a field tagged omitempty.
func (e *recEnc) strOmit(k, s string) {
	if s != "" {
		e.str(k, s)
	}
}

func (e *recEnc) boolOmit(k string, v bool) {
	if v {
		e.key(k)
		e.b = append(e.b, "true"...)
	}
}

func (e *recEnc) time(k string, t time.Time) {
	e.key(k)
	e.appendTime(t)
}

// timeOmit is time for a field tagged omitzero.
func (e *recEnc) timeOmit(k string, t time.Time) {
	if !t.IsZero() {
		e.time(k, t)
	}
}

// appendTime writes t as time.Time.MarshalJSON does, and gives up where
// MarshalJSON fails (a year outside 0–9999, a zone 24 hours or more away).
func (e *recEnc) appendTime(t time.Time) {
	e.b = append(e.b, '"')
	n0 := len(e.b)
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	b := e.b
	switch {
	case len(b) < n0+5 || b[n0+4] != '-':
		e.bad = true
	case b[len(b)-1] != 'Z':
		c := b[len(b)-len("Z07:00")]
		h := b[len(b)-len("07:00"):]
		if '0' <= c && c <= '9' || 10*(h[0]-'0')+(h[1]-'0') >= 24 {
			e.bad = true
		}
	}
	e.b = append(e.b, '"')
}

// appendFloat writes f as encoding/json does (ES6 number formatting); a
// NaN or an infinity gives up.
func (e *recEnc) appendFloat(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.bad = true
		return
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	e.b = b
}

// strs writes a []string; nil is null.
func (e *recEnc) strs(k string, v []string) {
	e.key(k)
	if v == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, '[')
	for i, s := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendJSONString(e.b, s)
	}
	e.b = append(e.b, ']')
}

// strsOmit is strs for a field tagged omitempty.
func (e *recEnc) strsOmit(k string, v []string) {
	if len(v) > 0 {
		e.strs(k, v)
	}
}

// mapKey writes a map's key as compact stores it: shortened when it is a
// name of jsonKeys.
func (e *recEnc) mapKey(k string) {
	if code, ok := jsonKeyCode[k]; ok {
		e.b = append(e.b, keyRef, code, ':')
		return
	}
	e.b = appendJSONString(e.b, k)
	e.b = append(e.b, ':')
}

// sortedKeys returns m's keys in encoding/json's order, in buf when it is
// big enough.
func sortedKeys[V any](m map[string]V, buf []string) []string {
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (e *recEnc) ticket(t *ticket.Ticket) {
	e.b = append(e.b, '{')
	e.str(kNumber, t.Number)
	e.str(kChannel, t.Channel)
	e.str(kCitizenID, t.CitizenID)
	e.str(kConversationID, t.ConversationID)
	e.strOmit(kName, t.Name)
	e.strOmit(kPhone, t.Phone)
	e.str(kTitle, t.Title)
	e.str(kDescription, t.Description)
	e.str(kType, t.Type)
	e.str(kCategory, t.Category)
	e.str(kDepartment, t.Department)
	e.strsOmit(kCoDepartments, t.CoDepartments)
	e.strOmit(kDistrict, t.District)
	e.strOmit(kTown, t.Town)
	e.strOmit(kAddress, t.Address)
	if t.Location != nil {
		e.key(kLocation)
		e.location(t.Location)
	}
	e.str(kUrgency, t.Urgency)
	e.strOmit(kEmergencyNumber, t.EmergencyNumber)
	if t.EmergencyReason != nil {
		e.key(kEmergencyReason)
		e.emergencyReason(t.EmergencyReason)
	}
	e.strOmit(kHold, t.Hold)
	e.key(kFlags)
	e.b = append(e.b, '{')
	e.boolOmit(kLeaderItem, t.Flags.LeaderItem)
	e.boolOmit(kInstruction, t.Flags.Instruction)
	e.boolOmit(kSupervised, t.Flags.Supervised)
	e.boolOmit(kRepeat, t.Flags.Repeat)
	e.boolOmit(kEmergency, t.Flags.Emergency)
	e.boolOmit(kNotVisited, t.Flags.NotVisited)
	e.boolOmit(kThreeWay, t.Flags.ThreeWay)
	e.b = append(e.b, '}')
	e.str(kStatus, string(t.Status))
	e.strsOmit(kAttachments, t.Attachments)
	if len(t.Confidence) > 0 {
		e.key(kConfidence)
		e.b = append(e.b, '{')
		var buf [16]string
		for i, k := range sortedKeys(t.Confidence, buf[:]) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.mapKey(k)
			e.appendFloat(t.Confidence[k])
		}
		e.b = append(e.b, '}')
	}
	e.strOmit(kRepeatOf, t.RepeatOf)
	if t.RepeatCount != 0 {
		e.key(kRepeatCount)
		e.b = strconv.AppendInt(e.b, int64(t.RepeatCount), 10)
	}
	e.time(kReceivedAt, t.ReceivedAt)
	e.timeOmit(kAcceptedAt, t.AcceptedAt)
	e.timeOmit(kDispatchedAt, t.DispatchedAt)
	e.timeOmit(kSignedAt, t.SignedAt)
	e.timeOmit(kRepliedAt, t.RepliedAt)
	e.timeOmit(kClosedAt, t.ClosedAt)
	e.timeOmit(kSignDue, t.SignDue)
	e.timeOmit(kDue, t.Due)
	e.timeOmit(kInstructionDue, t.InstructionDue)
	e.strOmit(kReply, t.Reply)
	e.strOmit(kSatisfaction, t.Satisfaction)
	if t.Solved != nil {
		e.key(kSolved)
		e.b = strconv.AppendBool(e.b, *t.Solved)
	}
	e.key(kEvents)
	if t.Events == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.b = append(e.b, '[')
		for i := range t.Events {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.event(&t.Events[i])
		}
		e.b = append(e.b, ']')
	}
	e.strOmit(kCallID, t.CallID)
	e.strOmit(kRecording, t.Recording)
	e.b = append(e.b, '}')
}

func (e *recEnc) location(l *ticket.Location) {
	e.b = append(e.b, '{')
	e.strOmit(kLabel, l.Label)
	e.key(kLat)
	e.appendFloat(l.Lat)
	e.key(kLng)
	e.appendFloat(l.Lng)
	e.b = append(e.b, '}')
}

func (e *recEnc) emergencyReason(r *ticket.EmergencyReason) {
	e.b = append(e.b, '{')
	e.str(kNumber, r.Number)
	e.strOmit(kCue, r.Cue)
	e.strOmit(kRule, r.Rule)
	if len(r.Also) > 0 {
		e.key(kAlso)
		e.b = append(e.b, '[')
		for i, c := range r.Also {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, '{')
			e.str(kNumber, c.Number)
			e.strOmit(kCue, c.Cue)
			e.strOmit(kRule, c.Rule)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, ']')
	}
	e.boolOmit(kSetAside, r.SetAside)
	e.b = append(e.b, '}')
}

func (e *recEnc) event(ev *ticket.Event) {
	e.b = append(e.b, '{')
	e.time(kAt, ev.At)
	e.str(kActor, ev.Actor)
	e.str(kAction, ev.Action)
	e.strOmit(kFrom, string(ev.From))
	e.strOmit(kTo, string(ev.To))
	e.strOmit(kNote, ev.Note)
	if len(ev.Fields) > 0 {
		e.key(kField)
		e.b = append(e.b, '{')
		var buf [8]string
		for i, k := range sortedKeys(ev.Fields, buf[:]) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.mapKey(k)
			v := ev.Fields[k]
			e.b = append(e.b, '[')
			e.b = appendJSONString(e.b, v[0])
			e.b = append(e.b, ',')
			e.b = appendJSONString(e.b, v[1])
			e.b = append(e.b, ']')
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, '}')
}

func (e *recEnc) conversation(c *domain.Conversation) {
	e.b = append(e.b, '{')
	e.str(kID, c.ID)
	e.str(kChannel, c.Channel)
	e.str(kUserID, c.UserID)
	e.str(kCitizenID, c.CitizenID)
	e.str(kState, string(c.State))
	e.strOmit(kAsking, c.Asking)
	if c.Draft != nil {
		e.key(kDraft)
		e.ticket(c.Draft)
	}
	e.strOmit(kAgent, c.Agent)
	e.boolOmit(kEmergency, c.Emergency)
	if c.EmergencyReason != nil {
		e.key(kEmergencyReason)
		e.emergencyReason(c.EmergencyReason)
	}
	e.timeOmit(kQueuedAt, c.QueuedAt)
	e.strOmit(kFirstText, c.FirstText)
	e.strsOmit(kPending, c.Pending)
	if c.PendingLocation != nil {
		e.key(kPendingLoc)
		e.location(c.PendingLocation)
	}
	e.strOmit(kRatingFor, c.RatingFor)
	e.strOmit(kKBEntry, c.KBEntry)
	e.time(kCreatedAt, c.CreatedAt)
	e.time(kUpdatedAt, c.UpdatedAt)
	e.timeOmit(kLastInbound, c.LastInbound)
	e.strsOmit(kOrders, c.Orders)
	if len(c.Asked) > 0 {
		e.key(kAsked)
		e.b = append(e.b, '{')
		var buf [8]string
		for i, k := range sortedKeys(c.Asked, buf[:]) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.mapKey(k)
			e.b = strconv.AppendInt(e.b, int64(c.Asked[k]), 10)
		}
		e.b = append(e.b, '}')
	}
	e.strsOmit(kOffered, c.Offered)
	e.b = append(e.b, '}')
}

func (e *recEnc) citizen(c *domain.Citizen) {
	e.b = append(e.b, '{')
	e.str(kID, c.ID)
	e.strOmit(kName, c.Name)
	e.strsOmit(kPhones, c.Phones)
	e.strOmit(kContact, c.Contact)
	e.key(kIdentities)
	if c.Identities == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.b = append(e.b, '[')
		for i, id := range c.Identities {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, '{')
			e.str(kChannel, id.Channel)
			e.str(kUserID, id.UserID)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, ']')
	}
	e.strsOmit(kOptOut, c.OptOut)
	e.time(kCreatedAt, c.CreatedAt)
	e.strsOmit(kMerged, c.Merged)
	e.strOmit(kMergedInto, c.MergedInto)
	if len(c.LastInbound) > 0 {
		e.key(kLastInbound)
		e.b = append(e.b, '{')
		var buf [8]string
		for i, k := range sortedKeys(c.LastInbound, buf[:]) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.mapKey(k)
			e.appendTime(c.LastInbound[k])
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, '}')
}

func (e *recEnc) reminder(r *domain.Reminder) {
	e.b = append(e.b, '{')
	e.time(kAt, r.At)
	e.str(kNumber, r.Number)
	e.str(kKind, r.Kind)
	e.str(kText, r.Text)
	e.b = append(e.b, '}')
}

func (e *recEnc) audit(a *AuditEntry) {
	e.b = append(e.b, '{')
	e.time(kAt, a.At)
	e.str(kActor, a.Actor)
	e.str(kAction, a.Action)
	e.strOmit(kObject, a.Object)
	e.strOmit(kBefore, a.Before)
	e.strOmit(kAfter, a.After)
	e.b = append(e.b, '}')
}

// jsonSafe are the ASCII bytes encoding/json writes as they are (with
// its HTML escaping, which json.Marshal does).
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString writes s quoted as json.Marshal does: short escapes for
// \b \f \n \r \t, \u00XX for the other control characters and < > &,
// U+FFFD for invalid UTF-8, \u2028 and \u2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
