package calls

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/store"
	"hotline/ticket"
)

// note300 is a 300-character agent's note, as typed during a call.
func note300(tb testing.TB) string {
	base := "市民来电反映：任城区古槐路与太白楼路交叉口附近有多个烧烤摊占道经营，每天晚上七点到凌晨两点油烟很大，噪音扰民，垃圾随地乱扔，" +
		"附近居民多次向社区反映一直没有解决，老人孩子晚上休息不好。市民要求城管部门尽快取缔占道摊点，清理路面垃圾，恢复道路通行，并希望处理结果及时电话回复。" +
		"来电人称该路段晚上车辆和行人较多，烧烤摊占用人行道和部分机动车道，存在安全隐患，去年夏天也出现过类似情况。"
	r := []rune(strings.Repeat(base, 2))
	s := string(r[:300])
	if utf8.RuneCountInString(s) != 300 {
		tb.Fatal("note is not 300 characters")
	}
	return s
}

// BenchmarkClassifyNote300 measures the 来电登记 endpoint's work for a
// 300-character note: the embedded model, the extractors and the
// knowledge-base search. It reports p50 and p99 over the run (the goal:
// p99 under 50 ms).
func BenchmarkClassifyNote300(b *testing.B) {
	cfg, err := config.Default()
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
	kb, err := nlp.LoadKB("")
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(b.TempDir()+"/h.db", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		b.Fatal(err)
	}
	svc, err := New(Options{Config: cfg, Store: st, Classifier: clf, KB: kb, Calendar: cal})
	if err != nil {
		b.Fatal(err)
	}
	note := note300(b)
	ctx := context.Background()
	// The agent types: each request classifies the note so far.
	prefixes := []string{}
	r := []rune(note)
	for n := 30; n <= 300; n += 30 {
		prefixes = append(prefixes, string(r[:n]))
	}
	if c, err := svc.Classify(ctx, note); err != nil || c.Category != "SRHW" {
		b.Fatalf("classify: %+v %v", c, err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		text := note
		if i%2 == 1 {
			text = prefixes[i/2%len(prefixes)]
		}
		start := time.Now()
		if _, err := svc.Classify(ctx, text); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
