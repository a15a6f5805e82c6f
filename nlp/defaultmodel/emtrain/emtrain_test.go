package emtrain

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPathsAndRead(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "emergency.jsonl", `{"text": "楼道里全是烟，楼上还有人", "emergency": "119"}`+"\n\n")
	write(t, dir, "emergency_written_b.jsonl", "# written by hand for training\n"+
		`{"text": "俺爹喝了农药叫不醒", "emergency": "120", "category": "WSJK", "kind": "poison"}`+"\n"+
		`{"text": "去年着过一次火，问问保险咋赔", "emergency": "", "category": "AQSC", "kind": "past"}`+"\n")
	write(t, dir, "emergency_written_a.jsonl", `{"text": "有人拿刀在街上追着砍人", "emergency": "110", "kind": "violence"}`+"\n"+
		`{"text": "held out", "emergency": "", "kind": "past", "part": "holdout3"}`+"\n")

	paths, err := Paths(a + ", " + filepath.Join(dir, "emergency_written_*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{a, filepath.Join(dir, "emergency_written_a.jsonl"), filepath.Join(dir, "emergency_written_b.jsonl")}
	if !slices.Equal(paths, want) {
		t.Fatalf("Paths = %v, want %v (the list's order, each glob sorted)", paths, want)
	}
	msgs, err := Read(paths...)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		got = append(got, m.Label()+" "+m.Kind)
	}
	if want := []string{"119 ", "110 violence", "120 poison", "none past"}; !slices.Equal(got, want) {
		t.Errorf("labels and kinds %q, want %q (the # line, the blank line and the held-out part skipped)", got, want)
	}
	if m := msgs[3]; filepath.Base(m.File) != "emergency_written_b.jsonl" || m.Line != 3 {
		t.Errorf("the past fire was read at %s:%d, want emergency_written_b.jsonl:3", m.File, m.Line)
	}

	if _, err := Paths(filepath.Join(dir, "emergency_writen_*.jsonl")); err == nil || !strings.Contains(err.Error(), "no file matches") {
		t.Errorf("a glob that matches nothing: %v, want an error", err)
	}
	if _, err := Paths(" , "); err == nil {
		t.Error("an empty list: no error")
	}
}

func TestReadRefusesBadLines(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ body, want string }{
		{`{"text": "有人落水了", "emergency": "911"}`, `bad.jsonl:2: emergency "911"`},
		{`{"text": "", "emergency": "120"}`, "bad.jsonl:2: no text"},
		{`{"text": "有人落水了", "emergency": 119}`, "bad.jsonl:2: json"},
	} {
		p := write(t, dir, "bad.jsonl", "# header\n"+tt.body+"\n")
		if _, err := Read(p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one naming %q", tt.body, err, tt.want)
		}
	}
}

func TestCategoryNone(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	var want []string // the training messages of the sample, in file order
	for i := range 400 {
		src, text := "gen", fmt.Sprintf("消息%d", i)
		switch i % 9 {
		case 4:
			src = CategoryOnly
		case 6:
			src = WrittenOnly + "wci"
		}
		lines = append(lines, `{"text": "`+text+`", "split": "train", "source": "`+src+`"}`)
		if src == "gen" && NoneSample(text, 4) {
			want = append(want, text)
		}
	}
	lines = append(lines, `{"text": "留出", "split": "holdout", "source": "gen"}`)
	none, err := CategoryNone(write(t, dir, "examples.jsonl", strings.Join(lines, "\n")+"\n"), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(none, want) {
		t.Errorf("CategoryNone = %q, want %q (the sample's training messages, not the category model's own)", none, want)
	}
	// About a fourth of the 312 training messages that may be learnt.
	if len(none) < 60 || len(none) > 100 {
		t.Errorf("%d of 312 messages chosen, want about a fourth", len(none))
	}
	// The same messages whatever the order of the file.
	slices.Reverse(lines)
	rev, err := CategoryNone(write(t, dir, "reversed.jsonl", strings.Join(lines, "\n")+"\n"), 4)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(rev)
	if !slices.Equal(rev, want) {
		t.Errorf("reversed file: CategoryNone = %q, want the same messages %q", rev, want)
	}
	if all, err := CategoryNone(write(t, dir, "all.jsonl", strings.Join(lines[1:4], "\n")+"\n"), 1); err != nil || len(all) != 3 {
		t.Errorf("every 1: %q, %v; want all 3 training messages", all, err)
	}
	if _, err := CategoryNone(write(t, dir, "bad.jsonl", `{"text": "x", "split": "dev"}`+"\n"), 1); err == nil {
		t.Error("a split that is neither train nor holdout: no error")
	}
}

func TestTrainLearnsTheNumbers(t *testing.T) {
	msgs := []Message{
		{Text: "楼道里全是烟，楼上还有人下不来", Emergency: "119"},
		{Text: "对面楼窗户往外冒火苗，有人在喊", Emergency: "119"},
		{Text: "俺爹喝了农药，叫不醒", Emergency: "120"},
		{Text: "老人倒在地上不省人事，嘴唇发紫", Emergency: "120"},
		{Text: "有人拿刀在街上追着砍人", Emergency: "110"},
		{Text: "几个人拿棍子在打一个人", Emergency: "110"},
		{Text: "两辆车撞了，司机卡在车里", Emergency: "122"},
		{Text: "摩托车被货车撞了，人躺在路上", Emergency: "122"},
		{Text: "去年着过一次火，问问保险咋赔"},
	}
	none := []string{"物业费太贵了", "路灯不亮了", "小区里垃圾没人清"}
	for _, o := range []Options{Default, {MaxNGram: 3, HashBits: 14, C: 0.5, DangerRepeat: 2, Normalize: strings.TrimSpace}} {
		m, err := Train(msgs, none, o)
		if err != nil {
			t.Fatal(err)
		}
		labels := m.Labels()
		slices.Sort(labels)
		if want := []string{"110", "119", "120", "122", "none"}; !slices.Equal(labels, want) {
			t.Errorf("%+v: labels %v, want %v", o, labels, want)
		}
		if got, _ := m.Predict("", "俺爹喝了农药，叫不醒"); got != "120" {
			t.Errorf("%+v: a message learnt as 120 predicted %s", o, got)
		}
	}
}

func TestTrainVetoBalancesTraps(t *testing.T) {
	msgs := []Message{
		{Text: "楼道里全是烟，楼上还有人下不来", Emergency: "119"},
		{Text: "俺爹喝了农药，叫不醒", Emergency: "120"},
		{Text: "有人拿刀在街上追着砍人", Emergency: "110"},
		{Text: "去年着过一次火，问问保险咋赔"},
	}
	m, n, err := TrainVeto(append(msgs, Message{Text: "上个月救护车的费用咋报销"}))
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 { // 3 dangers, 2 traps repeated to 3
		t.Errorf("learnt from %d messages, want 6 (the traps repeated to as many as the dangers)", n)
	}
	if labels := m.Labels(); !slices.Equal(labels, []string{VetoDanger, VetoTrap}) {
		t.Errorf("labels %v", labels)
	}
}
