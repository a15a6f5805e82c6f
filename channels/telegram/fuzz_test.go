package telegram_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hotline/channels/telegram"
	"hotline/domain"
)

// FuzzParseUpdate feeds arbitrary bodies to the webhook's decoder and the
// citizen-message mapping: neither may panic, and what they accept must
// be a well-formed engine message.
func FuzzParseUpdate(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "updates", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed updates: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		upd, err := telegram.ParseUpdate(data)
		if err != nil {
			if upd != nil {
				t.Fatal("an update and an error")
			}
			return
		}
		m, ok := telegram.CitizenMessage(upd)
		if !ok {
			return
		}
		if m.Channel != telegram.Name || m.UserID != strconv.FormatInt(upd.Message.Chat.ID, 10) || m.UserID == "0" {
			t.Fatalf("sender %q/%q from chat %d", m.Channel, m.UserID, upd.Message.Chat.ID)
		}
		if m.ExternalID != m.UserID+":"+strconv.Itoa(upd.Message.ID) {
			t.Fatalf("external id %q", m.ExternalID)
		}
		if m.Event != "" && (m.Event != "start" || m.Text != "") {
			t.Fatalf("event %q with text %q", m.Event, m.Text)
		}
		if m.Event == "" && m.Text == "" && len(m.Media) == 0 && m.Location == nil && m.Phone == "" {
			t.Fatal("an empty message was accepted")
		}
		if m.Phone != "" && !validPhone(m.Phone) {
			t.Fatalf("phone %q", m.Phone)
		}
		if m.Text != strings.TrimSpace(m.Text) {
			t.Fatalf("text %q is not trimmed", m.Text)
		}
	})
}

// FuzzSecretOK checks the secret comparison against plain equality.
func FuzzSecretOK(f *testing.F) {
	f.Add("s3cret-Token_1", "s3cret-Token_1")
	f.Add("s3cret-Token_1", "s3cret-Token_2")
	f.Add("s3cret-Token_1", "")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, want, got string) {
		if ok := telegram.SecretOK(want, got); ok != (want != "" && want == got) {
			t.Fatalf("SecretOK(%q, %q) = %v", want, got, ok)
		}
	})
}

// FuzzContactPhone checks that a normalised number is a mainland mobile,
// a mainland landline in its national form, or + and digits, and that
// normalising it again keeps it.
func FuzzContactPhone(f *testing.F) {
	for _, s := range []string{"8613953706688", "+86 139-5370-6688", "13105551234", "(0086)13953706688", "", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := telegram.ContactPhone(s)
		if p == "" {
			return
		}
		if !validPhone(p) {
			t.Fatalf("ContactPhone(%q) = %q", s, p)
		}
		if strings.HasPrefix(p, "+") && telegram.ContactPhone(p) != p {
			t.Fatalf("ContactPhone(%q) = %q is not stable", p, telegram.ContactPhone(p))
		}
	})
}

func validPhone(p string) bool {
	if area, local, ok := strings.Cut(p, "-"); ok {
		return domain.IsLandline(area + local)
	}
	digits := strings.TrimPrefix(p, "+")
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	if p[0] == '+' {
		return len(digits) >= 7 && len(digits) <= 15
	}
	return len(p) == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9'
}
