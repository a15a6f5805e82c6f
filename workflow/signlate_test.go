package workflow

import (
	"testing"

	"hotline/report"
	"hotline/ticket"
)

// TestSignOverdueCountsLate: an order whose sign deadline passes unsigned
// is marked once in its history (超时未签收, by the scheduler, on the
// injected clock), and 按时签收率 counts it as late, over signed +
// overdue unsigned: the worst case of signing no longer leaves the rate
// at 100%. Signed late afterwards it is still one late signing, never
// two; an order signed late before any pass marked it is late too; the
// rollups kept write by write equal a recomputation from the orders.
func TestSignOverdueCountsLate(t *testing.T) {
	e := newEnv(t)
	// Monday 2026-11-02 10:00: four orders dispatched to 市城市管理局,
	// each to be signed for by Tuesday 18:00.
	e.set(at(2026, 11, 2, 10, 0))
	never, lateAfterMark, lateUnmarked, onTime := e.orderIn(ticket.Dispatched), e.orderIn(ticket.Dispatched),
		e.orderIn(ticket.Dispatched), e.orderIn(ticket.Dispatched)
	signDue := e.get(never).SignDue
	if !signDue.Equal(at(2026, 11, 3, 18, 0)) {
		t.Fatalf("sign deadline %v", signDue)
	}
	e.must(e.svc.Sign(cityMgmt, onTime))
	marks := func(n string) (count int) {
		for _, ev := range e.get(n).Events {
			if ev.Action == "sign_overdue" {
				count++
				if want := "签收时限 2026年11月3日 18:00 已过，承办单位仍未签收"; ev.Note != want || ev.Actor != "system" {
					t.Errorf("%s: the mark says %q by %s, want %q by system", n, ev.Note, ev.Actor, want)
				}
			}
		}
		return count
	}
	e.tick(at(2026, 11, 3, 18, 0))
	if m := marks(never); m != 0 {
		t.Errorf("at the sign deadline itself: %d marks, want none", m)
	}
	// Signed a second after the deadline, before any pass saw it passed.
	e.set(at(2026, 11, 3, 18, 0).Add(1e9))
	e.must(e.svc.Sign(cityMgmt, lateUnmarked))
	e.tick(at(2026, 11, 3, 18, 1))
	e.restart()
	e.tick(at(2026, 11, 3, 18, 2))
	for n, want := range map[string]int{never: 1, lateAfterMark: 1, lateUnmarked: 0, onTime: 0} {
		if got := marks(n); got != want {
			t.Errorf("%s: %d sign marks, want %d", n, got, want)
		}
	}
	// Wednesday: one of the two marked orders is signed at last.
	e.set(at(2026, 11, 4, 9, 0))
	e.must(e.svc.Sign(cityMgmt, lateAfterMark))
	e.tick(at(2026, 11, 4, 9, 1))

	cfg, loc := e.cfg, e.cfg.Location()
	p, err := report.ParsePeriod(report.Monthly, "2026-11", "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	now := at(2026, 12, 1, 8, 0)
	fromRollups, err := report.FromRollups(e.st, cfg, p, now)
	if err != nil {
		t.Fatal(err)
	}
	byScan, err := report.FromScan(e.st, cfg, p, now)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*report.Report{"rollups": fromRollups, "scan": byScan} {
		var row *report.Row
		for i := range r.Ranking {
			if r.Ranking[i].Department == mainDept {
				row = &r.Ranking[i]
			}
		}
		if row == nil {
			t.Fatalf("%s: %s not in the report", name, mainDept)
		}
		// Signed: 3 (one on time, two late); late: the order never
		// signed, the one signed after its mark (once) and the one signed
		// late unmarked; 1 on time over 1 + 3.
		if row.Signed != 3 || row.SignedOnTime != 1 || row.SignLate != 3 || row.ToSign != 4 || row.ResponseRate != 0.25 {
			t.Errorf("%s: signed %d, on time %d, late %d, over %d: 按时签收率 %v, want 3, 1, 3, 4 and 0.25",
				name, row.Signed, row.SignedOnTime, row.SignLate, row.ToSign, row.ResponseRate)
		}
		if r.Totals.SignLate != 3 || r.Totals.ResponseRate != 0.25 {
			t.Errorf("%s: the city's late signings %d, 按时签收率 %v", name, r.Totals.SignLate, r.Totals.ResponseRate)
		}
	}
	// The mark counts on the deadline's day: Tuesday alone
	// holds both marks and the late signing, though one of the two marked was signed on Wednesday.
	day, err := report.ParsePeriod(report.Range, "", "2026-11-03", "2026-11-03", loc)
	if err != nil {
		t.Fatal(err)
	}
	tue, err := report.FromRollups(e.st, cfg, day, now)
	if err != nil {
		t.Fatal(err)
	}
	if tue.Totals.SignLate != 3 || tue.Totals.SignedOnTime != 0 {
		t.Errorf("Tuesday: %d late, %d on time; want the two marks and the late signing, none on time", tue.Totals.SignLate, tue.Totals.SignedOnTime)
	}
}
