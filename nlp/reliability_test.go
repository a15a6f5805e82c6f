package nlp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// reliabilityBins are the confidence bins of the reliability table.
var reliabilityBins = []float64{0, 0.35, 0.5, 0.7, 0.9, 1.0001}

type reliabilityRow struct {
	lo, hi   float64
	n, right int
	sumConf  float64
}

// reliability classifies labelled messages and bins the category
// confidence: in a calibrated classifier each bin's accuracy is close to
// its mean confidence.
func reliability(t testing.TB, c Classifier, texts, labels, alts []string) []reliabilityRow {
	rows := make([]reliabilityRow, len(reliabilityBins)-1)
	for i := range rows {
		rows[i].lo, rows[i].hi = reliabilityBins[i], reliabilityBins[i+1]
	}
	for i, text := range texts {
		r, err := c.Classify(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		conf := r.Confidence[FieldCategory]
		for k := range rows {
			if conf >= rows[k].lo && conf < rows[k].hi {
				rows[k].n++
				rows[k].sumConf += conf
				if r.Category == labels[i] || alts[i] != "" && r.Category == alts[i] {
					rows[k].right++
				}
			}
		}
	}
	return rows
}

func reliabilityTable(rows []reliabilityRow) string {
	var b strings.Builder
	b.WriteString("| confidence | messages | mean confidence | accuracy |\n|---|---|---|---|\n")
	for _, r := range rows {
		if r.n == 0 {
			fmt.Fprintf(&b, "| %.2f–%.2f | 0 | - | - |\n", r.lo, min(r.hi, 1))
			continue
		}
		fmt.Fprintf(&b, "| %.2f–%.2f | %d | %.2f | %.2f |\n", r.lo, min(r.hi, 1), r.n, r.sumConf/float64(r.n), float64(r.right)/float64(r.n))
	}
	return b.String()
}

// readExampleHoldout returns the held-out split of the example set.
func readExampleHoldout(t testing.TB) (texts, labels []string) {
	f, err := os.Open("examples/examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e struct{ Text, Category, Split string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Split == "holdout" {
			texts, labels = append(texts, e.Text), append(labels, e.Category)
		}
	}
	return texts, labels
}

// TestReliability prints the reliability table of the category confidence
// on held-out messages (the example set's holdout split, and the realistic
// held-out sets 1 and 3 without their emergencies) and checks that a high confidence
// means what it says: messages at 0.7 or more are right at least 85% of
// the time, and no bin of 10 or more messages is over-confident by more
// than 0.15.
func TestReliability(t *testing.T) {
	c := testEmbedded(t)
	texts, labels := readExampleHoldout(t)
	alts := make([]string, len(texts))
	var rt, rl, ra, r3t, r3l, r3a []string
	for _, m := range readHoldout(t, realisticHoldout) {
		if m.Emergency == "" {
			rt, rl, ra = append(rt, m.Text), append(rl, m.Category), append(ra, m.Alt)
		}
	}
	for _, m := range readHoldout(t, realisticHoldout3) {
		if m.Emergency == "" {
			r3t, r3l, r3a = append(r3t, m.Text), append(r3l, m.Category), append(r3a, m.Alt)
		}
	}
	for _, set := range []struct {
		name                string
		texts, labels, alts []string
	}{
		{"example set holdout split", texts, labels, alts},
		{"realistic held-out set", rt, rl, ra},
		{"realistic held-out set 3", r3t, r3l, r3a},
	} {
		rows := reliability(t, c, set.texts, set.labels, set.alts)
		t.Logf("%s, %d messages\n%s", set.name, len(set.texts), reliabilityTable(rows))
		n, right := 0, 0
		for _, r := range rows {
			if r.n == 0 {
				continue
			}
			if r.lo >= 0.7 {
				n, right = n+r.n, right+r.right
			}
			if acc, conf := float64(r.right)/float64(r.n), r.sumConf/float64(r.n); r.n >= 10 && conf-acc > 0.15 {
				t.Errorf("%s, bin %.2f–%.2f: mean confidence %.2f, accuracy %.2f", set.name, r.lo, r.hi, conf, acc)
			}
		}
		if n > 0 && float64(right)/float64(n) < 0.85 {
			t.Errorf("%s, confidence >= 0.7: %d of %d right", set.name, right, n)
		}
	}
}
