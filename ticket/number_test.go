package ticket

import (
	"strings"
	"testing"
	"time"
)

func TestFormatParseNumber(t *testing.T) {
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		seq  int
		want string
	}{
		{1, "20261127-0001"},
		{42, "20261127-0042"},
		{999, "20261127-0999"},
		{9999, "20261127-9999"},
		{10000, "20261127-10000"},
		{123456, "20261127-123456"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FormatNumber(day, tt.seq)
			if got != tt.want {
				t.Fatalf("FormatNumber = %q, want %q", got, tt.want)
			}
			d, seq, err := ParseNumber(got)
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", got, err)
			}
			if !d.Equal(day) || seq != tt.seq {
				t.Errorf("ParseNumber(%q) = %v, %d; want %v, %d", got, d, seq, day, tt.seq)
			}
		})
	}
}

func TestFormatNumberUsesDayLocation(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	// 2026-11-26 20:00 UTC is already the 27th in China.
	day := time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC).In(cst)
	if got := FormatNumber(day, 7); got != "20261127-0007" {
		t.Errorf("FormatNumber = %q, want 20261127-0007", got)
	}
}

func TestParseNumberRejects(t *testing.T) {
	tests := []string{
		"",
		"20261127",
		"20261127-",
		"20261127-42",
		"20261127-042",
		"20261127-00042",
		"20261127-0000",
		"20261127_0042",
		"2026-11-27-0042",
		"20261127-00a2",
		"20261127-+042",
		"20261127--042",
		" 20261127-0042",
		"20261127-0042 ",
		"20261327-0042",
		"20260230-0042",
		"2026112A-0042",
		"20261127-99999999999999999999",
	}
	for _, s := range tests {
		t.Run(s, func(t *testing.T) {
			_, _, err := ParseNumber(s)
			if err == nil {
				t.Fatalf("ParseNumber(%q) succeeded", s)
			}
			if !strings.Contains(err.Error(), "ticket: bad number") {
				t.Errorf("error %q", err)
			}
		})
	}
}

func TestDayKey(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"late UTC evening is the next day in China", time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC), cst, "20261127"},
		{"just before midnight in China", time.Date(2026, 11, 26, 15, 59, 59, 0, time.UTC), cst, "20261126"},
		{"year end", time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), cst, "20270101"},
		{"nil location keeps t's own", time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC), nil, "20261126"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DayKey(tt.t, tt.loc); got != tt.want {
				t.Errorf("DayKey = %q, want %q", got, tt.want)
			}
		})
	}
}
