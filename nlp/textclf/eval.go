package textclf

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// ClassScore is the precision, recall and F1 of one label.
type ClassScore struct {
	Label                 string
	Precision, Recall, F1 float64
	Support               int // examples whose true label this is
}

// Report is the result of Evaluate.
type Report struct {
	Labels            []string // model labels, then any label only the data has
	Accuracy, MacroF1 float64
	PerClass          []ClassScore // one per Labels
	Confusion         [][]int      // Confusion[true][predicted], indexed like Labels
}

// Evaluate predicts every example and scores the predictions. Labels of
// the data that the model does not know count as errors; macro-F1 averages
// over the labels that occur in the data or in the predictions.
func Evaluate(m *Model, examples []Example) Report {
	labels := m.Labels()
	index := map[string]int{}
	for i, l := range labels {
		index[l] = i
	}
	for _, e := range examples {
		l := strings.TrimSpace(e.Label)
		if _, ok := index[l]; !ok {
			index[l] = len(labels)
			labels = append(labels, l)
		}
	}
	gold := make([]int, len(examples))
	pred := make([]int, len(examples))
	for i, e := range examples {
		gold[i] = index[strings.TrimSpace(e.Label)]
		l, _ := m.Predict(e.Title, e.Text)
		pred[i] = index[l]
	}
	return score(labels, gold, pred)
}

// score builds a Report from gold and predicted label indices.
func score(labels []string, gold, pred []int) Report {
	k := len(labels)
	r := Report{Labels: slices.Clone(labels), Confusion: make([][]int, k)}
	for i := range r.Confusion {
		r.Confusion[i] = make([]int, k)
	}
	correct := 0
	for i := range gold {
		r.Confusion[gold[i]][pred[i]]++
		if gold[i] == pred[i] {
			correct++
		}
	}
	if len(gold) > 0 {
		r.Accuracy = float64(correct) / float64(len(gold))
	}
	counted := 0
	for c := range k {
		tp, support, predicted := r.Confusion[c][c], 0, 0
		for o := range k {
			support += r.Confusion[c][o]
			predicted += r.Confusion[o][c]
		}
		cs := ClassScore{Label: labels[c], Support: support}
		if predicted > 0 {
			cs.Precision = float64(tp) / float64(predicted)
		}
		if support > 0 {
			cs.Recall = float64(tp) / float64(support)
		}
		if cs.Precision+cs.Recall > 0 {
			cs.F1 = 2 * cs.Precision * cs.Recall / (cs.Precision + cs.Recall)
		}
		r.PerClass = append(r.PerClass, cs)
		if support > 0 || predicted > 0 {
			r.MacroF1 += cs.F1
			counted++
		}
	}
	if counted > 0 {
		r.MacroF1 /= float64(counted)
	}
	return r
}

// Write prints the report as text. Its last line is "macro-F1 0.xxx".
func (r Report) Write(w io.Writer) {
	total := 0
	for _, c := range r.PerClass {
		total += c.Support
	}
	fmt.Fprintf(w, "examples %d, accuracy %.3f\n\n", total, r.Accuracy)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// The label comes last: tabwriter cannot align wide (CJK) characters.
	fmt.Fprintln(tw, "#\tprecision\trecall\tF1\tsupport\t label")
	for i, c := range r.PerClass {
		fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%d\t %s\n", i+1, c.Precision, c.Recall, c.F1, c.Support, c.Label)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nconfusion (rows: true #, columns: predicted #)")
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	for i, row := range r.Confusion {
		fmt.Fprintf(tw, "%d\t", i+1)
		for _, v := range row {
			fmt.Fprintf(tw, "%d\t", v)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nmacro-F1 %.3f\n", r.MacroF1)
}
