package ticket_test

import (
	"fmt"
	"time"

	"hotline/config"
	"hotline/ticket"
)

// An order accepted on Tuesday 2026-09-29 must be finished within 5 working
// days: the National Day holiday does not count, its make-up Saturday does.
func ExampleCalendar_AddWorkingDays() {
	loc := time.FixedZone("CST", 8*3600)
	cal, err := ticket.NewCalendar(config.Calendar{}, loc)
	if err != nil {
		fmt.Println(err)
		return
	}
	accepted := time.Date(2026, 9, 29, 10, 0, 0, 0, loc)
	due := cal.AddWorkingDays(accepted, 5)
	for d := cal.NextWorkday(accepted); d.Before(due); d = cal.NextWorkday(d) {
		fmt.Println(d.Format("2006-01-02 Mon"))
	}
	fmt.Println("due", due.Format("2006-01-02 15:04"))
	// Output:
	// 2026-09-30 Wed
	// 2026-10-08 Thu
	// 2026-10-09 Fri
	// 2026-10-10 Sat
	// 2026-10-12 Mon
	// due 2026-10-12 18:00
}

func ExampleTicket_Transition() {
	tk := &ticket.Ticket{Number: "20261127-0042", Status: ticket.Signed}
	err := tk.Transition(ticket.Closed, ticket.Event{At: time.Now(), Actor: "dept:市城市管理局"})
	fmt.Println(err)
	// Output:
	// ticket 20261127-0042: cannot go from signed to closed
}

func ExampleFormatNumber() {
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	fmt.Println(ticket.FormatNumber(day, 42))
	fmt.Println(ticket.FormatNumber(day, 10000))
	// Output:
	// 20261127-0042
	// 20261127-10000
}

// An emergency's reason as staff read it, with the default names.
func ExampleEmergencyReason_Text() {
	cfg, err := config.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	why := &ticket.EmergencyReason{Number: "122", Cue: "面包车翻到沟里", Rule: "road-collision",
		Also: []ticket.EmergencyCall{{Number: "120", Cue: "满脸是血", Rule: "bleeding"}, {Number: "119", Rule: "new-rule"}}}
	fmt.Println(why.Text(cfg.ConsoleLabels))
	// Output:
	// 应拨打 122（触发词语：“面包车翻到沟里”；触发规则：交通事故有人受伤或被困）；另需拨打 120（触发词语：“满脸是血”；触发规则：大量出血）；另需拨打 119（触发规则：new-rule）
}
