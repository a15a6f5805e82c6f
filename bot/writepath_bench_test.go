package bot

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"hotline/config"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/report"
	"hotline/store"
	"hotline/store/storetest"
	"hotline/ticket"
	"hotline/workflow"
)

// BenchmarkWebChatDialog runs web-chat dialogs (problem → phone → 确认,
// as hotline bench sends them) through Handle one message at a time, with
// the engine wired as the server wires it: the embedded classifier, the
// web chat's replies stored as sent, report rollups and automatic dispatch
// in the registration's transaction. Besides the wall clock it reports the
// process's CPU time per message (user and system), which is what a busy
// machine's share of CPU is spent on, and the pages its commits wrote per
// message (bbolt's count, store.WriteStats), the messages a commit, the
// pages a commit and the records written as rehearsed (Engine.rehearse).
// Profile it with -cpuprofile to see
// the write transaction (handleTx) apart from the rest. keys=hashed gives
// the messages no platform time, so their dedupe keys take the hashed form
// that schema versions 5 and 6 gave every key (a random page each).
func BenchmarkWebChatDialog(b *testing.B) {
	b.Run("keys=time", func(b *testing.B) { benchWebChatDialog(b, true) })
	b.Run("keys=hashed", func(b *testing.B) { benchWebChatDialog(b, false) })
}

// benchEngine is the engine as the server wires it, on a store at path.
func benchEngine(b *testing.B, path string) (*Engine, *store.Store) {
	cfg, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, &store.Options{MaxBatchDelay: 2 * time.Millisecond, Rollup: report.Rollup(cfg.Location())})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		b.Fatal(err)
	}
	model, err := defaultmodel.Category()
	if err != nil {
		b.Fatal(err)
	}
	clf, err := nlp.NewEmbedded(cfg, model)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := New(Options{Config: cfg, Store: st, Classifier: clf, Calendar: cal, Hub: events.NewHub()})
	if err != nil {
		b.Fatal(err)
	}
	eng.SetDirect("webchat")
	eng.SetDispatcher(workflow.New(cfg, st, cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour), eng, nil, nil))
	return eng, st
}

// benchMessage is step (0 the problem, 1 the phone number, 2 确认) of
// dialog d, whose conversation opened at opened (zero: a message without
// a platform time).
func benchMessage(d, step int, opened time.Time) inbound.Message {
	problems := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大",
		"兖州区建设路的路灯坏了好几天了，晚上很黑",
		"曲阜市静轩路小区楼下垃圾好几天没人清运，臭味很大",
		"邹城市千泉街道的工地晚上十二点还在施工，吵得睡不着",
		"嘉祥县嘉祥街道建设路停水两天了，什么时候来水",
		"济宁高新区黄屯街道有人在小区里乱搭乱建",
	}
	token := fmt.Sprintf("t%08d", d)
	text := [3]string{problems[d%len(problems)], fmt.Sprintf("我的电话 139%08d", d), "确认"}[step]
	return inbound.Message{Channel: "webchat", UserID: token, ConversationID: "webchat:" + token,
		ExternalID: token + ":" + strconv.Itoa(step), ExternalTime: opened, Text: text, Create: true, Welcomed: true}
}

func benchWebChatDialog(b *testing.B, timed bool) {
	eng, st := benchEngine(b, filepath.Join(b.TempDir(), "h.db"))
	ctx := context.Background()
	var before syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	written := st.WriteStats()
	var seq atomic.Int64
	b.SetParallelism(16) // 32 citizens on 2 cores, as hotline bench's peak
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var d int
		var opened time.Time
		// Each goroutine is one citizen at a time, its dialog's messages
		// in order; like the web chat's, they carry the time the
		// conversation opened (its token's).
		for i := 0; pb.Next(); i++ {
			step := i % 3
			if step == 0 {
				d = int(seq.Add(1))
				if timed {
					opened = time.Now()
				}
			}
			if _, err := eng.Handle(ctx, benchMessage(d, step, opened)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	var after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/msg")
	w := st.WriteStats()
	b.ReportMetric(float64(w.Pages-written.Pages)/float64(b.N), "pages/msg")
	b.ReportMetric(float64(w.Bytes-written.Bytes)/1024/float64(b.N), "KB-written/msg")
	// A registration (every third message) writes three records its
	// rehearsal may have packed: 1 a message when each was taken.
	b.ReportMetric(float64(w.Rehearsed-written.Rehearsed)/float64(b.N), "rehearsed/msg")
	// How the messages fell into commits decides the pages a message
	// (each commit writes the pages of every bucket it touched): the
	// pages a commit compare builds run at different loads.
	if commits := w.Commits - written.Commits; commits > 0 {
		b.ReportMetric(float64(b.N)/float64(commits), "msgs/commit")
		b.ReportMetric(float64(w.Pages-written.Pages)/float64(commits), "pages/commit")
	}
}

// BenchmarkWebChatPages tells which buckets the pages a message writes
// belong to: 16 citizens' dialogs as in BenchmarkWebChatDialog, in rounds
// of one message each sent together (the store batches them into one or
// a few commits, as at hotline bench's peak), the file's pages read
// between rounds (storetest.PagesByBucket): a bucket's pages that were not
// there before the round were written in it. It reports the pages a
// message for all buckets (bbolt's count, and the walk's, which counts a
// page two commits of a round wrote once) and logs the walk's bucket by
// bucket (-v); the first half of the rounds fills the database and is
// not counted.
func BenchmarkWebChatPages(b *testing.B) {
	b.Run("keys=time", func(b *testing.B) { benchWebChatPages(b, true) })
	b.Run("keys=hashed", func(b *testing.B) { benchWebChatPages(b, false) })
}

func benchWebChatPages(b *testing.B, timed bool) {
	const citizens = 16
	path := filepath.Join(b.TempDir(), "h.db")
	eng, st := benchEngine(b, path)
	ctx := context.Background()
	type dialog struct {
		d, step int
		opened  time.Time
	}
	next := 0
	open := func(c *dialog) {
		next++
		c.d, c.step = next, 0
		if timed {
			c.opened = time.Now()
		}
	}
	dialogs := make([]dialog, citizens)
	for i := range dialogs {
		open(&dialogs[i])
	}
	round := func() {
		var wg sync.WaitGroup
		for i := range dialogs {
			wg.Add(1)
			go func(c *dialog) {
				defer wg.Done()
				if _, err := eng.Handle(ctx, benchMessage(c.d, c.step, c.opened)); err != nil {
					b.Error(err)
				}
			}(&dialogs[i])
		}
		wg.Wait()
		for i := range dialogs {
			if dialogs[i].step++; dialogs[i].step == 3 {
				open(&dialogs[i])
			}
		}
	}
	rounds := max(b.N/citizens, 2)
	for range rounds / 2 {
		round()
	}
	prev, err := storetest.PagesByBucket(path)
	if err != nil {
		b.Fatal(err)
	}
	written := map[string]int{}
	w0 := st.WriteStats()
	b.ResetTimer()
	for range rounds - rounds/2 {
		round()
		cur, err := storetest.PagesByBucket(path)
		if err != nil {
			b.Fatal(err)
		}
		for name, ids := range cur {
			for id := range ids {
				if !prev[name][id] {
					written[name]++
				}
			}
		}
		prev = cur
	}
	b.StopTimer()
	msgs := float64((rounds - rounds/2) * citizens)
	w := st.WriteStats()
	b.ReportMetric(float64(w.Pages-w0.Pages)/msgs, "pages/msg")
	// Fewer: a page two commits of a round wrote is counted once.
	b.ReportMetric(float64(sum(maps.Values(written)))/msgs, "round-pages/msg")
	names := slices.Collect(maps.Keys(written))
	slices.SortFunc(names, func(x, y string) int { return cmp.Or(written[y]-written[x], strings.Compare(x, y)) })
	for _, name := range names {
		b.Logf("%-20s %.3f pages a message (%d pages now)", name, float64(written[name])/msgs, len(prev[name]))
	}
}

func sum(vs iter.Seq[int]) int {
	n := 0
	for v := range vs {
		n += v
	}
	return n
}
