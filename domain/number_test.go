package domain

import (
	"errors"
	"regexp"
	"testing"
)

func parse(raw string) (string, error) {
	n, err := Parse(raw)
	return string(n), err
}

func TestParse(t *testing.T) {
	cases := []struct {
		in, e164, national string
	}{
		{"13953706688", "+8613953706688", "13953706688"},
		{"+8613953706688", "+8613953706688", "13953706688"},
		{"8613953706688", "+8613953706688", "13953706688"},
		{"008613953706688", "+8613953706688", "13953706688"},
		{"+86 139-5370-6688", "+8613953706688", "13953706688"},
		{"139 5370 6688", "+8613953706688", "13953706688"},
		{"１３９５３７０６６８８", "+8613953706688", "13953706688"},
		{"0537-7212345", "+865377212345", "0537-7212345"},
		{"(0537)7212345", "+865377212345", "0537-7212345"},
		{"+86 0537 7212345", "+865377212345", "0537-7212345"},
		{"+86 537 7212345", "+865377212345", "0537-7212345"},
		{"010-62345678", "+861062345678", "010-62345678"},
		{"02087654321", "+862087654321", "020-87654321"},
		{"+1 415 555 0100", "+14155550100", ""},
		{"0014155550100", "+14155550100", ""},
		{"12345", "12345", ""},
		{"10086", "10086", ""},
		{"106900012345", "106900012345", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := parse(c.in)
			if err != nil || got != c.e164 {
				t.Fatalf("parse(%q) = %q, %v; want %q", c.in, got, err, c.e164)
			}
			if n := Number(got).National(); n != c.national {
				t.Errorf("NationalPhone(%q) = %q, want %q", got, n, c.national)
			}
			// Normalising is idempotent.
			if again, err := parse(got); err != nil || again != got {
				t.Errorf("parse(%q) = %q, %v; want it unchanged", got, again, err)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "abc", "1", "12", "+", "+86", "+123", "0", "00", "0537", "13953706688a", "1395370668８x", "1+3953706688", "012345678901234567890123"} {
		t.Run(in, func(t *testing.T) {
			if got, err := parse(in); !errors.Is(err, ErrBadNumber) {
				t.Errorf("parse(%q) = %q, %v; want ErrBadNumber", in, got, err)
			}
		})
	}
}

var normalForm = regexp.MustCompile(`^(\+[1-9][0-9]{4,15}|[1-9][0-9]{2,19})$`)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"13953706688", "+86 139-5370-6688", "008613953706688", "0537-7212345", "(0537)7212345", "+1 415 555 0100", "12345", "１３９５３７０６６８８", "+86 0537 7212345", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e164, err := parse(raw)
		if err != nil {
			return
		}
		if !normalForm.MatchString(e164) {
			t.Fatalf("parse(%q) = %q, not a normal form", raw, e164)
		}
		if again, err := parse(e164); err != nil || again != e164 {
			t.Fatalf("not idempotent: %q → %q → %q (%v)", raw, e164, again, err)
		}
		if n := Number(e164).National(); n != "" {
			if back, err := parse(n); err != nil || back != e164 {
				t.Fatalf("national %q of %q normalises to %q (%v)", n, e164, back, err)
			}
		}
	})
}

func TestKeyAgreesAcrossForms(t *testing.T) {
	for _, group := range [][]string{
		{"13953706688", "+8613953706688", "139 5370 6688", "008613953706688", "8613953706688", "１３９５３７０６６８８"},
		{"0537-7212345", "+865377212345", "05377212345", "+86 537 7212345", "865377212345", "+86 0537 7212345"},
		{"010-12345678", "+86 10 1234 5678", "+861012345678"},
		{"+13953706688", "+1 395 370 6688", "0013953706688"},
	} {
		want := Key(group[0])
		for _, p := range group[1:] {
			if got := Key(p); got != want {
				t.Errorf("Key(%q) = %q, want %q (as %q)", p, got, want, group[0])
			}
		}
	}
	for _, pair := range [][2]string{
		{"13953706688", "13953706689"},
		{"+13953706688", "13953706688"}, // a US number is not the mainland mobile
		{"+13953706688", "+8613953706688"},
	} {
		if Key(pair[0]) == Key(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], Key(pair[0]))
		}
	}
}
