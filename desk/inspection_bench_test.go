package desk

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"hotline/internal/cputime"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// BenchmarkSampleInspections draws last week's orders for 质检 (the
// default request: inspection.sample a department) from a file of
// HOTLINE_BENCH_ORDERS closed orders (default 50,000) closed evenly over
// the two years before, through the real workflow and store: what a draw
// reads should grow with the week's orders, not the file's. It reports
// the process's CPU time a draw (cpu-ms/op) beside the wall time.
func BenchmarkSampleInspections(b *testing.B) {
	n := 50000
	if v, err := strconv.Atoi(os.Getenv("HOTLINE_BENCH_ORDERS")); err == nil && v > 0 {
		n = v
	}
	e := newEnv(b, func(o *Options) {
		o.Workflow = workflow.New(o.Config, o.Store, o.Calendar, o.Engine, nil, o.Now)
	})
	loc := e.cfg.Location()
	end := time.Date(2026, 11, 27, 0, 0, 0, 0, loc)
	span := 2 * 365 * 24 * time.Hour
	depts := []string{"市公安局", "市城市管理局", "市住房和城乡建设局", "市交通运输局", "市市场监督管理局"}
	for lo := 0; lo < n; lo += 1000 {
		if err := e.st.Update(func(tx *store.Tx) error {
			for i := lo; i < min(lo+1000, n); i++ {
				at := end.Add(-span + time.Duration(i)*span/time.Duration(n))
				tk := &ticket.Ticket{Number: fmt.Sprintf("%s-%04d", at.Format("20060102"), i%10000+1), Department: depts[i%len(depts)],
					Status: ticket.Closed, Category: "QT", Title: "诉求", ReceivedAt: at.Add(-72 * time.Hour), ClosedAt: at}
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	sup := e.login(b, "super1")
	b.ResetTimer()
	cpu0, cpuOK := cputime.Process()
	for range b.N {
		if code, body := e.do(b, sup, "POST", "/desk/api/inspections/sample", map[string]any{"n": 1}); code != 200 {
			b.Fatalf("sample: %d %v", code, body)
		}
	}
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		// CPU time, what a draw costs on a machine where it waits for its share.
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
