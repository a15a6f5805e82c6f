package bot

// The slots of a work order the dialog fills: the problem, the place, the
// contact number; and what the classifier found.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/nlp"
	"hotline/ticket"
)

// apply copies classifier fields onto the draft without erasing what the
// citizen already told.
func (t *turn) apply(d *ticket.Ticket, r nlp.Result) {
	if r.Category != "" && d.EmergencyNumber == "" {
		d.Category = r.Category
	}
	if r.Type != "" {
		d.Type = r.Type
	}
	if r.Title != "" {
		d.Title = r.Title
	}
	if r.Urgency != "" {
		d.Urgency = r.Urgency
	}
	if r.District != "" {
		d.District = r.District
	}
	if r.Town != "" {
		d.Town = r.Town
	}
	if r.Address != "" {
		d.Address = r.Address
	}
	if r.Name != "" && d.Name == "" {
		d.Name = r.Name
	}
	if len(r.Phones) > 0 && d.Phone == "" {
		d.Phone = r.Phones[0]
	}
	if d.Confidence == nil {
		d.Confidence = map[string]float64{}
	}
	for k, v := range r.Confidence {
		d.Confidence[k] = v
	}
	setAside(d, r)
	t.route(d)
}

func (t *turn) route(d *ticket.Ticket) { t.e.fill(d) }

// setAside keeps on draft d the emergency flag the classifier's veto set
// aside (r.SetAside), marked as such, for staff to check the veto: the
// first one, on a draft with no emergency. A later message that no rule
// flags leaves it: a message once flagged is worth an agent's glance.
func setAside(d *ticket.Ticket, r nlp.Result) {
	if r.SetAside != nil && r.Emergency == nil && d.EmergencyNumber == "" && d.EmergencyReason == nil {
		d.EmergencyReason = r.SetAside.SetAsideReason()
	}
}

// fill routes d and gives it the defaults an order needs (category QT,
// type 求助, urgency 一般, a title from the description). An emergency
// order takes category and department from its emergency rule, never
// from the category model.
func (e *Engine) fill(d *ticket.Ticket) {
	if d.EmergencyNumber != "" {
		d.Category, d.Department = e.cfg.EmergencyRoute(d.EmergencyNumber)
	}
	if d.Category == "" {
		d.Category = "QT"
	}
	if d.EmergencyNumber == "" {
		d.Department = ticket.Route(e.cfg, d.Category, d.District)
	}
	if d.Type == "" {
		d.Type = ticket.TypeHelp
	}
	if d.Urgency == "" {
		d.Urgency = ticket.UrgencyNormal
	}
	if d.Title == "" {
		d.Title = domain.Abbrev(d.Description, 30)
	}
}

// keepMedia keeps the message's media and shared location: on the draft
// when there is one, else on the conversation until there is.
func (t *turn) keepMedia() {
	if len(t.m.Media) == 0 && t.m.Location == nil {
		return
	}
	conv := t.conv
	for _, md := range t.m.Media {
		ref := md.Kind + ":" + md.ID
		if md.URL != "" {
			ref += " " + md.URL
		}
		conv.Pending = append(conv.Pending, ref)
	}
	if t.m.Location != nil {
		loc := *t.m.Location
		conv.PendingLocation = &loc
	}
	if conv.Draft != nil {
		t.adopt(conv.Draft)
	}
}

// adopt moves what keepMedia kept onto d: attachments, and the location
// as the order's place.
func (t *turn) adopt(d *ticket.Ticket) {
	conv := t.conv
	d.Attachments = append(d.Attachments, conv.Pending...)
	conv.Pending = nil
	if loc := conv.PendingLocation; loc != nil {
		d.Location = loc
		if d.Address == "" && loc.Label != "" {
			d.Address = loc.Label
		}
		conv.PendingLocation = nil
	}
}

func (t *turn) ask(slot string) {
	if t.conv.Asked == nil {
		t.conv.Asked = map[string]int{}
	}
	t.conv.Asked[slot]++
}

// next asks for the first missing slot, or shows the summary.
func (t *turn) next() error {
	d, conv := t.conv.Draft, t.conv
	conv.State = domain.ConvCollecting
	needPlace := d.Address == "" && d.Location == nil
	if !needPlace && d.District == "" && d.Location == nil && t.territorial(d.Category) {
		needPlace = true
	}
	if needPlace && conv.Asked[askPlace] < 2 {
		conv.Asking = askPlace
		t.ask(askPlace)
		return t.reply(config.ReplyAskPlace, config.ReplyData{})
	}
	if d.Phone == "" && len(t.cit.Phones) > 0 {
		d.Phone = t.cit.Phones[0]
	}
	if d.Phone == "" {
		d.Phone = t.cit.Contact
	}
	if d.Phone == "" && conv.Asked[askPhone] < 2 && conv.Asked["declined_phone"] == 0 {
		conv.Asking = askPhone
		t.ask(askPhone)
		return t.reply(config.ReplyAskPhone, config.ReplyData{})
	}
	conv.State = domain.ConvConfirming
	conv.Asking = ""
	return t.reply(config.ReplyConfirm, config.ReplyData{Summary: t.e.summary(d)})
}

func (t *turn) territorial(code string) bool {
	c, ok := t.e.cfg.Category(code)
	return ok && c.Department == config.Territorial
}

func (t *turn) answerPlace(cls classification) error {
	d := t.conv.Draft
	if cls.ok {
		r := cls.res
		if r.District != "" {
			d.District = r.District
			d.Town = r.Town
		}
		if r.Address != "" {
			d.Address = r.Address
		}
		if len(r.Phones) > 0 && d.Phone == "" {
			d.Phone = r.Phones[0]
		}
	}
	if onlyAPhone(t.m.Text, t.e.cfg.Bot.PhoneWords) && (!cls.ok || cls.res.Address == "" && cls.res.District == "") {
		// A number given where the place was asked for is the citizen's
		// phone, not the place: the place is asked for again.
	} else if d.Address == "" && d.Location == nil {
		if n := utf8.RuneCountInString(t.m.Text); n >= 2 && n <= 200 {
			d.Address = t.m.Text
		}
	} else if d.Address != "" && !strings.Contains(d.Address, t.m.Text) && utf8.RuneCountInString(t.m.Text) <= 60 && cls.ok && cls.res.Address == "" && cls.res.District == "" {
		d.Address = t.m.Text
	}
	t.route(d)
	return t.next()
}

func (t *turn) answerPhone(cls classification) error {
	d := t.conv.Draft
	if cls.ok && len(cls.res.Phones) > 0 {
		// A typed number is where to reach the citizen about this order;
		// nobody proved it is theirs, so it links no identities (else
		// typing a stranger's number would show the stranger's orders).
		d.Phone = cls.res.Phones[0]
		if t.cit.Contact != d.Phone {
			t.cit.Contact = d.Phone
			if err := t.tx.PutCitizen(t.cit); err != nil {
				return err
			}
		}
		return t.next()
	}
	if declines(t.m.Text, t.e.cfg.Bot.DeclineWords) {
		t.ask("declined_phone")
		return t.next()
	}
	if t.conv.Asked[askPhone] >= 2 {
		t.ask("declined_phone")
		return t.next()
	}
	t.ask(askPhone)
	return t.reply(config.ReplyBadPhone, config.ReplyData{})
}

func declines(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// onlyAPhone reports whether text holds a phone number (7 digits or more,
// also full width or in Chinese numerals) and nothing else but the words
// said around one (bot.phone_words, which say nothing of a place):
// digits, spaces, punctuation and those words, longest first, leave
// fewer than two characters.
func onlyAPhone(text string, words []string) bool {
	words = slices.Clone(words)
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	for _, w := range words {
		if w != "" {
			text = strings.ReplaceAll(text, w, "")
		}
	}
	left, digits := 0, 0
	for _, r := range text {
		switch {
		case config.PhoneDigit(r):
			digits++
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r):
		default:
			left++
		}
	}
	return digits >= 7 && left < 2
}
