package textclf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// govData is the gov-messages split, kept outside the repository.
const govData = "../../../shared/data/gov-messages"

func loadGov(t testing.TB, split string) []Example {
	t.Helper()
	path := filepath.Join(govData, split+".jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("gov-messages data not found at %s (expected /work/shared/data): %v", path, err)
	}
	ex, err := ReadExamples(path, "label")
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestGovMessages(t *testing.T) {
	train, dev, test := loadGov(t, "train"), loadGov(t, "dev"), loadGov(t, "test")
	stages := map[string]int{}
	start := time.Now()
	m, err := Train(train, Options{Seed: 1, Progress: func(stage string, done, total int) {
		if done > total {
			t.Errorf("progress %s %d/%d", stage, done, total)
		}
		stages[stage]++
	}})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	for _, s := range []string{"features", "train", "calibrate"} {
		if stages[s] == 0 {
			t.Errorf("no progress for stage %q", s)
		}
	}
	rd, rt := Evaluate(m, dev), Evaluate(m, test)
	var b bytes.Buffer
	rt.Write(&b)
	t.Logf("train %v, model scale %.2f\ndev macro-F1 %.4f accuracy %.4f\ntest:\n%s", elapsed, m.scale, rd.MacroF1, rd.Accuracy, b.String())
	if rt.MacroF1 < 0.87 {
		t.Errorf("test macro-F1 %.4f, want >= 0.87", rt.MacroF1)
	}
	// Confidence should be informative: right answers more confident.
	var right, wrong float64
	var nr, nw int
	for _, e := range test {
		l, c := m.Predict(e.Title, e.Text)
		if l == e.Label {
			right, nr = right+c, nr+1
		} else {
			wrong, nw = wrong+c, nw+1
		}
	}
	if nw > 0 && right/float64(nr) <= wrong/float64(nw) {
		t.Errorf("mean confidence right %.3f <= wrong %.3f", right/float64(nr), wrong/float64(nw))
	}
}

func BenchmarkPredict(b *testing.B) {
	m := trainSynthetic(b)
	title := "A市A3区某小区门口公交站取消后出行困难"
	text := "尊敬的领导：您好！我是A市A3区某小区的居民，小区门口原有的公交站点自今年3月起被取消，" +
		"现在居民出行需要步行一公里以上才能坐上公交车，老人和小孩尤其不方便。早晚高峰时段道路拥堵严重，" +
		"附近学校放学时更是水泄不通。我们多次向公交公司反映，电话0731-*****，但一直没有得到答复。" +
		"希望相关部门能够尽快恢复该公交站点，或者增加一条经过小区的公交线路，方便居民出行。谢谢！"
	dst := make([]float64, 0, len(m.labels))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.Predict(title, text)
		dst = m.Probabilities(title, text, dst)
	}
}

func BenchmarkTrainGovMessages(b *testing.B) {
	train := loadGov(b, "train")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Train(train, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
