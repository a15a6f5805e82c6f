package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"hotline/domain"
	"hotline/inbound"
	"hotline/ticket"
)

// ParseUpdate decodes one Update as Telegram posts it to a webhook.
// Unknown fields are ignored (the Bot API adds fields without notice); an
// update needs its update_id.
func ParseUpdate(body []byte) (upd *models.Update, err error) {
	if !utf8.Valid(body) {
		return nil, errors.New("body is not valid UTF-8")
	}
	// A decoder bug in a model type must not take the process down.
	defer func() {
		if r := recover(); r != nil {
			upd, err = nil, fmt.Errorf("undecodable update: %v", r)
		}
	}()
	var probe struct {
		ID *int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, err
	}
	if probe.ID == nil {
		return nil, errors.New("update_id is missing")
	}
	upd = &models.Update{}
	if err := json.Unmarshal(body, upd); err != nil {
		return nil, err
	}
	return upd, nil
}

// CitizenMessage turns a private chat's message into the engine's Message.
// It reports false for what is not a citizen writing to the bot: groups,
// channels, edits, bots, and messages with nothing the engine can use.
//
//   - UserID is the chat id; ExternalID is chat_id:message_id, so a
//     redelivered update is recognised by the engine.
//   - /start (and /help) is the "start" event: the engine answers with the
//     welcome.
//   - A photo is the largest size's file_id as an image; voice, video and
//     documents are kept by file_id as well. A caption is the text.
//   - A location (or venue) fills Location.
//   - A shared contact fills Phone, and so links the citizen to their
//     other channels, only when it is the sender's own number
//     (contact.user_id == from.id); someone else's card is not accepted.
func CitizenMessage(upd *models.Update) (inbound.Message, bool) {
	m := upd.Message
	if m == nil || m.Chat.Type != models.ChatTypePrivate || m.Chat.ID == 0 {
		return inbound.Message{}, false
	}
	if m.From == nil || m.From.IsBot {
		return inbound.Message{}, false
	}
	out := inbound.Message{
		Channel:    Name,
		UserID:     strconv.FormatInt(m.Chat.ID, 10),
		ExternalID: strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.Itoa(m.ID),
		Text:       strings.TrimSpace(m.Text),
	}
	if m.Date > 0 {
		// The message's own date, the same in a redelivered update: it
		// orders the dedupe keys.
		out.ExternalTime = time.Unix(int64(m.Date), 0)
	}
	if out.Text == "" {
		out.Text = strings.TrimSpace(m.Caption)
	}
	if cmd, _ := command(out.Text); cmd == "start" || cmd == "help" {
		out.Text = ""
		out.Event = "start"
		return out, true
	}
	if p := largestPhoto(m.Photo); p != nil {
		out.Media = append(out.Media, inbound.Media{Kind: "image", ID: p.FileID})
	}
	if m.Voice != nil && m.Voice.FileID != "" {
		out.Media = append(out.Media, inbound.Media{Kind: "voice", ID: m.Voice.FileID})
	}
	if m.Video != nil && m.Video.FileID != "" {
		out.Media = append(out.Media, inbound.Media{Kind: "video", ID: m.Video.FileID})
	}
	if m.Document != nil && m.Document.FileID != "" {
		out.Media = append(out.Media, inbound.Media{Kind: "file", ID: m.Document.FileID})
	}
	switch {
	case m.Venue != nil:
		out.Location = &ticket.Location{
			Lat: m.Venue.Location.Latitude, Lng: m.Venue.Location.Longitude,
			Label: strings.TrimSpace(m.Venue.Title + " " + m.Venue.Address),
		}
	case m.Location != nil:
		out.Location = &ticket.Location{Lat: m.Location.Latitude, Lng: m.Location.Longitude}
	}
	if ct := m.Contact; ct != nil && ct.UserID != 0 && ct.UserID == m.From.ID {
		out.Phone = ContactPhone(ct.PhoneNumber)
		if out.Phone != "" {
			out.Name = strings.TrimSpace(ct.FirstName + " " + ct.LastName)
		}
	}
	if out.Text == "" && len(out.Media) == 0 && out.Location == nil && out.Phone == "" {
		return inbound.Message{}, false
	}
	return out, true
}

// largestPhoto returns the biggest of the sizes Telegram offers (the last
// one, in practice; compared by area, then file size).
func largestPhoto(sizes []models.PhotoSize) *models.PhotoSize {
	var best *models.PhotoSize
	for i := range sizes {
		p := &sizes[i]
		if p.FileID == "" {
			continue
		}
		if best == nil || p.Width*p.Height > best.Width*best.Height ||
			(p.Width*p.Height == best.Width*best.Height && p.FileSize > best.FileSize) {
			best = p
		}
	}
	return best
}

// command returns the bot command at the start of text ("take" for
// "/take@HotlineBot now") and what follows it.
func command(text string) (cmd, rest string) {
	if !strings.HasPrefix(text, "/") {
		return "", ""
	}
	word, rest, _ := strings.Cut(text[1:], " ")
	word, _, _ = strings.Cut(word, "@")
	word, _, _ = strings.Cut(word, "\n")
	return strings.ToLower(word), strings.TrimSpace(rest)
}

// ContactPhone turns a Telegram contact's phone_number into the form the
// hotline links citizens by (domain.Number.Link): a mainland number in its
// national form (13953706688, 0537-7212345), any other as + and its
// digits. Telegram writes numbers in international form, with or without
// "+", so bare 11 digits are another country's number (+1 …), not a
// Chinese mobile. It returns "" for what is not a number.
func ContactPhone(s string) string {
	n, err := domain.ParseInternational(s)
	if err != nil {
		return ""
	}
	return n.Link()
}
