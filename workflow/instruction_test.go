package workflow

import (
	"strings"
	"testing"
	"time"

	"hotline/report"
	"hotline/ticket"
)

// inbox returns the kinds of department dept's inbox entries about order
// number, oldest first, and their texts.
func (e *env) inbox(dept, number string) (kinds, texts []string) {
	e.t.Helper()
	list, err := e.svc.Reminders(dept, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := len(list) - 1; i >= 0; i-- {
		if r := list[i]; r.Number == number {
			kinds, texts = append(kinds, r.Kind), append(texts, r.Text)
		}
	}
	return kinds, texts
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestInstructionDeadline follows two 批示件 from a leader's instruction to
// its own deadline (time_limits.instruction_days working days): the
// history and the department's notice name the leader, both lead the lists and queues, the handling
// department and the office's supervision desk are reminded before the
// deadline and at it, once each, a handled one no more; the report lists
// them as done and overdue.
func TestInstructionDeadline(t *testing.T) {
	e := newEnv(t)
	office := e.cfg.City.Office
	mayor := Actor{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}
	e.set(at(2026, 11, 2, 9, 0)) // a Monday
	plain := e.orderIn(ticket.Dispatched)
	instr := e.orderIn(ticket.Dispatched)
	waiting := e.orderIn(ticket.Accepted)
	held := e.orderIn(ticket.Accepted) // the office still holds it

	e.set(at(2026, 11, 2, 10, 0))
	tk := e.must(e.svc.Supervise(mayor, instr, "请三日内解决并回复", true))
	due := at(2026, 11, 9, 18, 0) // five working days on
	if !tk.Flags.Instruction || !tk.InstructionDue.Equal(due) {
		t.Fatalf("instruction %v due %v, want %v", tk.Flags.Instruction, tk.InstructionDue, due)
	}
	ev := tk.Events[len(tk.Events)-1]
	if ev.Action != "instruct" || ev.Actor != "leader:zhang" || ev.Note != "请三日内解决并回复" ||
		ev.Fields[FieldLeader][1] != "张明" || ev.Fields[FieldInstructionDue][1] != due.Format(time.RFC3339) {
		t.Errorf("history %+v", ev)
	}
	kinds, texts := e.inbox(mainDept, instr)
	if count(kinds, ReminderInstruction) != 1 || !strings.Contains(texts[len(texts)-1], "2026年11月9日 18:00") ||
		!strings.Contains(texts[len(texts)-1], "请三日内解决并回复") {
		t.Errorf("department inbox %q %q", kinds, texts)
	}
	// The notice names the leader, as the history does: a clerk who reads
	// it in WeCom knows whose instruction it is.
	if want := "有领导批示（张明）"; !strings.Contains(texts[len(texts)-1], want) {
		t.Errorf("the instruction's notice %q does not name the leader (%s)", texts[len(texts)-1], want)
	}
	e.must(e.svc.Supervise(mayor, held, "请尽快派单办理", true))
	if _, err := e.svc.Supervise(mayor, plain, "", true); err == nil {
		t.Error("an instruction without text was taken")
	}

	// 批示件 lead the department's lists and the office's queues.
	newOnes, _, _, _, err := e.svc.DepartmentOrders(mainDept)
	if err != nil {
		t.Fatal(err)
	}
	if len(newOnes) != 2 || newOnes[0].Number != instr {
		t.Errorf("department's new orders %v, want %s first", numbers(newOnes), instr)
	}
	qs, err := e.svc.Queues()
	if err != nil {
		t.Fatal(err)
	}
	if q := qs[QueueDispatch]; len(q) != 2 || q[0].Number != held || q[1].Number != waiting || !q[0].Deadline.Equal(at(2026, 11, 9, 18, 0)) {
		t.Errorf("dispatch queue %+v, want %s (its instruction's deadline) before %s", q, held, waiting)
	}

	// Friday: a working day before the deadline, yellow.
	friday := at(2026, 11, 6, 10, 0)
	e.tick(friday)
	e.tick(friday.Add(time.Hour)) // nothing twice
	kinds, texts = e.inbox(mainDept, instr)
	if count(kinds, ReminderInstructionRemind) != 1 || !strings.Contains(strings.Join(texts, "\n"), "工单"+instr+"领导批示的办理期限为2026年11月9日 18:00") {
		t.Errorf("department inbox after Friday %q %q", kinds, texts)
	}
	kinds, _ = e.inbox(office, instr)
	if count(kinds, ReminderInstructionRemind) != 1 {
		t.Errorf("office inbox for %s after Friday %q", instr, kinds)
	}
	kinds, _ = e.inbox(office, held)
	if count(kinds, ReminderInstructionRemind) != 1 {
		t.Errorf("office inbox for %s after Friday %q", held, kinds)
	}
	if kinds, _ = e.inbox(mainDept, held); count(kinds, ReminderInstructionRemind) != 0 {
		t.Errorf("the department was told about an order the office holds: %q", kinds)
	}

	// The department handles one in time; the other passes its deadline.
	e.set(at(2026, 11, 9, 11, 0))
	e.must(e.svc.Sign(cityMgmt, instr))
	e.must(e.svc.Reply(cityMgmt, instr, "已修复并回复市民", ""))
	tuesday := at(2026, 11, 10, 9, 0)
	e.tick(tuesday)
	e.tick(tuesday.Add(time.Hour))
	kinds, _ = e.inbox(office, held)
	if count(kinds, ReminderInstructionOverdue) != 1 {
		t.Errorf("office inbox for %s after the deadline %q", held, kinds)
	}
	for _, d := range []string{mainDept, office} {
		if kinds, _ = e.inbox(d, instr); count(kinds, ReminderInstructionOverdue) != 0 {
			t.Errorf("%s was told a handled 批示件 is overdue: %q", d, kinds)
		}
	}
	if got := e.get(held).Events; got[len(got)-1].Action != "instruction_overdue" {
		t.Errorf("the overdue 批示件's history ends with %+v", got[len(got)-1])
	}

	// The report's table of 批示件 with their state.
	p, err := report.ParsePeriod(report.Monthly, "2026-11", "", "", e.cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Make(e.st, e.cfg, p, tuesday)
	if err != nil {
		t.Fatal(err)
	}
	state := map[string]report.FlaggedOrder{}
	for _, o := range rep.Instructions {
		state[o.Number] = o
	}
	if o := state[instr]; o.State != ticket.InstructionDone || o.DoneLate || o.Leader != "张明" || o.Instruction != "请三日内解决并回复" ||
		o.InstructionDue != "2026-11-09 18:00" || o.DoneAt != "2026-11-09 11:00" {
		t.Errorf("report row of the handled 批示件: %+v", o)
	}
	if o := state[held]; o.State != ticket.InstructionOverdue || o.StateLabel != "已超期" {
		t.Errorf("report row of the overdue 批示件: %+v", o)
	}
	if len(rep.Instructions) != 2 {
		t.Errorf("report lists %d 批示件, want 2", len(rep.Instructions))
	}
}

func numbers(list []Item) []string {
	var out []string
	for _, it := range list {
		out = append(out, it.Number)
	}
	return out
}
