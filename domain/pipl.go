package domain

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"hotline/ticket"
)

// Personal data past its retention (PIPL: kept no longer than needed) is
// masked for good in the stored records, with the forms the console shows
// (MaskText's 139****6688 and 370802********1234): what a masked record
// still says is what any staff member may see, and nothing more.

// houseRe finds house numbers in an address: the digits before 号, 号楼,
// 栋, 幢, 单元, 室, 楼, 层 or 户 ("古槐路18号3单元502室").
var houseRe = regexp.MustCompile(`[0-9０-９]+(?:[-－][0-9０-９]+)*\s*(?:号楼|号院|号|栋|幢|单元|室|楼|层|户)`)

// MaskName keeps a name's first character: 张三 → 张*, 欧阳娜娜 → 欧***.
func MaskName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s)
	return s[:size] + strings.Repeat("*", max(1, utf8.RuneCountInString(s)-1))
}

// maskNames hides the names in s (the citizen's, written in a text).
func maskNames(s string, names []string) string {
	for _, n := range names {
		if n = strings.TrimSpace(n); utf8.RuneCountInString(n) >= 2 && !strings.Contains(n, "*") {
			s = strings.ReplaceAll(s, n, MaskName(n))
		}
	}
	return s
}

// MaskAddress hides the phone and ID numbers and the house numbers of an
// address or a text: 古槐路18号3单元502室 → 古槐路**号*单元***室.
func MaskAddress(s string) string {
	s = MaskText(s)
	if !strings.ContainsAny(s, "0123456789０１２３４５６７８９") {
		return s
	}
	return houseRe.ReplaceAllStringFunc(s, func(m string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
				return '*'
			}
			return r
		}, m)
	})
}

// MaskPhone is the masked form of a phone number however written
// (139****6688); a value that is no number keeps only its masked digits.
func MaskPhone(s string) string {
	if s == "" || strings.Contains(s, "****") {
		return s
	}
	if n, err := Parse(s); err == nil {
		return n.Masked()
	}
	return MaskAddress(s)
}

// MaskPlatformID hides a channel's user id (an openid, a chat id, a
// phone) but its first three characters.
func MaskPlatformID(s string) string {
	if s == "" || strings.HasSuffix(s, "***") {
		return s
	}
	if utf8.RuneCountInString(s) <= 3 {
		return "***"
	}
	r := []rune(s)
	return string(r[:3]) + "***"
}

// roughLocation keeps a place to about a kilometre (two decimals).
func roughLocation(l *ticket.Location) *ticket.Location {
	if l == nil {
		return nil
	}
	return &ticket.Location{Label: MaskAddress(l.Label), Lat: math.Round(l.Lat*100) / 100, Lng: math.Round(l.Lng*100) / 100}
}

// personalFields are the order fields whose history (Event.Fields)
// carries personal data.
var personalFields = map[string]func(string) string{
	"name": MaskName, "phone": MaskPhone, "address": MaskAddress, "description": MaskAddress,
	"title": MaskAddress, "reply": MaskAddress,
}

// MaskTicketPersonal masks tk's personal data in place: the citizen's name
// and phone, house numbers and numbers in the texts, the exact location,
// the call recording's link, and the same in the history. What reports
// count (dates, departments, categories, districts, towns, states,
// ratings) is left as it is.
// The citizen's name is hidden wherever the texts repeat it too.
func MaskTicketPersonal(tk *ticket.Ticket) {
	if tk == nil {
		return
	}
	names := PersonalNames(tk)
	text := func(s string) string { return MaskAddress(maskNames(s, names)) }
	tk.Name = MaskName(tk.Name)
	tk.Phone = MaskPhone(tk.Phone)
	tk.Title = text(tk.Title)
	tk.Description = text(tk.Description)
	tk.Address = text(tk.Address)
	tk.Reply = text(tk.Reply)
	tk.EmergencyReason = tk.EmergencyReason.MapCues(text) // the citizen's words
	tk.Location = roughLocation(tk.Location)
	tk.Recording = ""
	tk.Attachments = keepOwnAttachments(tk.Attachments)
	for i := range tk.Events {
		ev := &tk.Events[i]
		ev.Note = text(ev.Note)
		for k, v := range ev.Fields {
			if f, ok := personalFields[k]; ok {
				ev.Fields[k] = [2]string{f(maskNames(v[0], names)), f(maskNames(v[1], names))}
			}
		}
	}
}

// PersonalNames are the citizen names an order knows (for masking the
// texts of its conversation).
func PersonalNames(tk *ticket.Ticket) []string {
	if tk == nil {
		return nil
	}
	out := []string{tk.Name}
	for _, ev := range tk.Events {
		if v, ok := ev.Fields["name"]; ok {
			out = append(out, v[0], v[1])
		}
	}
	return out
}

// MaskConversationPersonal masks c's personal data in place: the
// platform's user id, the first text, the draft, what was pending; names
// are the citizen's names its orders know, hidden in the texts too.
func MaskConversationPersonal(c *Conversation, names ...string) {
	if c == nil {
		return
	}
	names = append(names, PersonalNames(c.Draft)...)
	c.UserID = MaskPlatformID(c.UserID)
	c.FirstText = MaskAddress(maskNames(c.FirstText, names))
	c.EmergencyReason = c.EmergencyReason.MapCues(func(s string) string { return MaskAddress(maskNames(s, names)) })
	MaskTicketPersonal(c.Draft)
	c.Pending = nil
	c.PendingLocation = nil
}

// MaskPersonalText masks the phone, ID and house numbers in s and the
// names given.
func MaskPersonalText(s string, names ...string) string {
	return MaskAddress(maskNames(s, names))
}

// keepOwnAttachments keeps an order's attachments uploaded in the
// console (a department's documents, "/desk/attachments/…") and drops the
// references to what the citizen sent through a channel ("image:FILEID
// URL"): platform file ids and links to the citizen's photos and voice.
func keepOwnAttachments(refs []string) []string {
	var out []string
	for _, r := range refs {
		if strings.HasPrefix(r, "/") {
			out = append(out, r)
		}
	}
	return out
}

// MaskCitizenPersonal masks a citizen record in place: the name, the
// phone numbers (vouched for and contact) and the platform user ids of its
// identities. The record keeps its id, so that orders and conversations
// still point to it, but no longer links a channel or a number to it
// (the store drops those indexes): a citizen who writes again is a new
// one.
func MaskCitizenPersonal(c *Citizen) {
	if c == nil {
		return
	}
	c.Name = MaskName(c.Name)
	c.Contact = MaskPhone(c.Contact)
	for i, p := range c.Phones {
		c.Phones[i] = MaskPhone(p)
	}
	for i := range c.Identities {
		c.Identities[i].UserID = MaskPlatformID(c.Identities[i].UserID)
	}
}

// CitizenMasked reports whether c was masked (MaskCitizenPersonal).
func CitizenMasked(c *Citizen) bool {
	for _, p := range c.Phones {
		if !strings.Contains(p, "****") {
			return false
		}
	}
	for _, id := range c.Identities {
		if !strings.HasSuffix(id.UserID, "***") {
			return false
		}
	}
	return (c.Contact == "" || strings.Contains(c.Contact, "****")) && (c.Name == "" || strings.Contains(c.Name, "*"))
}

// MaskMessagePersonal masks m's personal data in place: numbers and house
// numbers in the text, the platform's message id, the exact location.
func MaskMessagePersonal(m *Message, names ...string) {
	if m == nil {
		return
	}
	m.Text = MaskAddress(maskNames(m.Text, names))
	m.ExternalID = ""
	m.Location = roughLocation(m.Location)
	// What was sent stays known by its kind; the platform's file id and
	// link go.
	for i := range m.Media {
		m.Media[i] = MediaRef{Kind: m.Media[i].Kind}
	}
}

// MaskAuditValue masks an audit entry's before or after value: a JSON
// object (the console's) value by value, the field named where it names
// one (name, phone, address, …), otherwise as a text; a workflow change
// ("accepted phone=13953706688") by its field; anything else as a text.
// names are the citizen names the entry's order knows.
func MaskAuditValue(s string, names ...string) string {
	if s == "" {
		return s
	}
	if s[0] == '{' || s[0] == '[' {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil && !dec.More() {
			changed := false
			v = maskJSON(v, "", names, &changed)
			if !changed {
				return s
			}
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if enc.Encode(v) == nil {
				return strings.TrimSuffix(b.String(), "\n")
			}
		}
	}
	if head, rest, ok := strings.Cut(s, " "); ok {
		if field, value, ok := strings.Cut(rest, "="); ok {
			if f, ok := personalFields[field]; ok {
				return head + " " + field + "=" + f(maskNames(value, names))
			}
		}
	}
	return MaskPersonalText(s, names...)
}

// maskJSON masks the strings of a decoded JSON value, by their key's
// field where it is a personal one.
func maskJSON(v any, key string, names []string, changed *bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = maskJSON(e, k, names, changed)
		}
	case []any:
		for i, e := range x {
			x[i] = maskJSON(e, key, names, changed)
		}
	case string:
		m := MaskPersonalText(x, names...)
		if f, ok := personalFields[key]; ok {
			m = f(maskNames(x, names))
		}
		if m != x {
			*changed = true
		}
		return m
	}
	return v
}
