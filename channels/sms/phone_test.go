package sms

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
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
			got, err := NormalizePhone(c.in)
			if err != nil || got != c.e164 {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.e164)
			}
			if n := NationalPhone(got); n != c.national {
				t.Errorf("NationalPhone(%q) = %q, want %q", got, n, c.national)
			}
			// Normalising is idempotent.
			if again, err := NormalizePhone(got); err != nil || again != got {
				t.Errorf("NormalizePhone(%q) = %q, %v; want it unchanged", got, again, err)
			}
		})
	}
}

func TestNormalizePhoneRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "abc", "1", "12", "+", "+86", "+123", "0", "00", "0537", "13953706688a", "1395370668８x", "1+3953706688", "012345678901234567890123"} {
		t.Run(in, func(t *testing.T) {
			if got, err := NormalizePhone(in); !errors.Is(err, ErrBadNumber) {
				t.Errorf("NormalizePhone(%q) = %q, %v; want ErrBadNumber", in, got, err)
			}
		})
	}
}
