package domain

import (
	"slices"
	"testing"
)

// TestMaskTextOf: only the numbers mine owns are masked, by the keys
// PhoneKeys and PhoneKey give (a mobile in any form, a landline with its
// area code); ID-card numbers always.
func TestMaskTextOf(t *testing.T) {
	text := "市民 +86 139 5370 6688、0537-7212345，请致电 0537-2967110 或经办人 13805371234；身份证 370802199001011234"
	if got, want := PhoneKeys(text), []string{"13953706688", "13805371234", "05377212345", "05372967110"}; !slices.Equal(got, want) {
		t.Errorf("PhoneKeys = %q, want %q", got, want)
	}
	own := map[string]bool{PhoneKey("8613953706688"): true, PhoneKey("05377212345"): true}
	got := MaskTextOf(text, func(k string) bool { return own[k] })
	want := "市民 139****6688、0537-****45，请致电 0537-2967110 或经办人 13805371234；身份证 370802********1234"
	if got != want {
		t.Errorf("MaskTextOf = %q, want %q", got, want)
	}
	if MaskTextOf(text, nil) != MaskText(text) {
		t.Error("MaskTextOf(nil) is not MaskText")
	}
}
