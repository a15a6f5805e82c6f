package workflow

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

// BenchmarkSchedulerPass: a pass of the scheduler over a database of
// many overdue orders that were escalated by an earlier pass (before a
// restart), and as many dispatched the day before, as after a long
// weekend: what a pass reads, allocates and leaves resident once nothing
// is due. HOTLINE_BENCH_ORDERS sets the overdue orders (default 20,000).
// It reports the process's resident memory before and after the first
// pass on the reopened file (rss-before-MB, rss-after-MB, from
// /proc/self/status).
func BenchmarkSchedulerPass(b *testing.B) {
	n := 20000
	if s := os.Getenv("HOTLINE_BENCH_ORDERS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	cfg, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "hotline.db")
	opts := &store.Options{NoSync: true, Rollup: report.Rollup(cfg.Location())}
	st, err := store.Open(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	now := at(2026, 11, 27, 10, 0)
	old, fresh := at(2026, 9, 1, 9, 0), at(2026, 11, 26, 15, 0)
	add := func(day time.Time, count int) {
		for i := 0; i < count; i += 500 {
			err := st.UpdateNow(func(tx *store.Tx) error {
				for j := i; j < i+500 && j < count; j++ {
					num, err := tx.NextTicketNumber(day)
					if err != nil {
						return err
					}
					tk := &ticket.Ticket{Number: num, Channel: "webchat", CitizenID: "c" + num, Title: "路灯不亮",
						Description: strings.Repeat("古槐路路灯不亮，晚上很黑。", 8), Type: ticket.TypeComplaint, Category: "SZSS",
						Department: mainDept, Urgency: ticket.UrgencyNormal, Status: ticket.Dispatched, ReceivedAt: day,
						AcceptedAt: day, DispatchedAt: day}
					tk.SignDue, tk.Due = ticket.Deadlines(cal, cfg.TimeLimits, config.Category{}, tk.Type, tk.Urgency, day)
					if err := tx.PutTicket(tk); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	add(old, n)
	add(fresh, n/20)
	svc := New(cfg, st, cal, nil, nil, func() time.Time { return now })
	if fired, err := svc.Tick(b.Context()); err != nil || fired < n {
		b.Fatalf("first pass: fired %d, %v", fired, err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	// A restart: the file is mapped anew, nothing of it resident yet.
	st, err = store.Open(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc = New(cfg, st, cal, nil, nil, func() time.Time { return now })
	before := residentMB(b)
	if fired, err := svc.Tick(b.Context()); err != nil || fired != 0 {
		b.Fatalf("pass after the restart: fired %d, %v", fired, err)
	}
	after := residentMB(b)
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Tick(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(before, "rss-before-MB")
	b.ReportMetric(after, "rss-after-MB")
}

// residentMB is the process's VmRSS in MB (0 where /proc is missing).
func residentMB(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal(fmt.Errorf("no VmRSS in /proc/self/status"))
	return 0
}
