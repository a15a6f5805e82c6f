package config

import (
	"strings"
	"testing"
	"time"
)

func TestRetention(t *testing.T) {
	cfg := mustDefault(t)
	r := cfg.Retention
	if r.ArchiveAfterDays != 730 || r.MaskPersonalAfterDays != 1095 || r.RunAt != "03:30" {
		t.Fatalf("defaults %+v", r)
	}
	now := time.Date(2026, 12, 2, 3, 30, 0, 0, time.UTC)
	if got := r.ArchiveBefore(now); !got.Equal(time.Date(2024, 12, 2, 3, 30, 0, 0, time.UTC)) {
		t.Fatalf("archive before %v", got)
	}
	if !(Retention{}).ArchiveBefore(now).IsZero() || !(Retention{}).MaskBefore(now).IsZero() {
		t.Fatal("0 days must turn it off")
	}
	for _, tt := range []struct {
		change func(*Retention)
		path   string
		msg    string
	}{
		{func(r *Retention) { r.ArchiveAfterDays = 7 }, "retention.archive_after_days", "7 天超出范围，请用 30 到 36500，或写 0 表示永不"},
		{func(r *Retention) { r.MaskPersonalAfterDays = -1 }, "retention.mask_personal_after_days", "请用 30 到 36500"},
		{func(r *Retention) { r.RunAt = "3.30" }, "retention.run_at", "「3.30」：时间须写成 HH:MM"},
	} {
		cfg := mustDefault(t)
		tt.change(&cfg.Retention)
		found := false
		for _, p := range validateProblems(t, cfg) {
			found = found || p.Path == tt.path && strings.Contains(p.Msg, tt.msg)
		}
		if !found {
			t.Errorf("no problem %s …%s…", tt.path, tt.msg)
		}
	}
	cfg = mustDefault(t)
	cfg.Retention = Retention{}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("all off: %v", err)
	}
}
