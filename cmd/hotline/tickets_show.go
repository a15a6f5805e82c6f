package main

import (
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/server"
	"hotline/ticket"
)

// writeTicket writes t as staff read it (tickets show without --json): a
// line a field that has a value, then its history, in the words of cfg
// (report_texts.command_line.show and console_labels): categories, states,
// channels, actions and actors by name, never by code (the console's
// order page names them alike: config.ConsoleLabels.Actor, with staff's
// display names by login).
func writeTicket(w io.Writer, cfg *config.Config, t *ticket.Ticket, staff map[string]string) error {
	st := cfg.ReportTexts.CommandLine.Show
	l := cfg.ConsoleLabels
	fields := config.LabelMap(l.Fields)
	actions := config.LabelMap(l.Actions)
	channels := server.ChannelLabels(cfg, server.Channels)
	status := func(s ticket.Status) string { return cfg.StatusLabels.Label(string(s)) }
	when := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.In(cfg.Location()).Format("2006-01-02 15:04")
	}
	channel := func(code string) string {
		if name, ok := channels[code]; ok {
			return name
		}
		return l.OtherChannel
	}
	var b strings.Builder
	line := func(key, value string) {
		if value != "" {
			b.WriteString(config.Render(st.Field, config.ShowData{Name: fields[key], Value: value}) + "\n")
		}
	}
	line("number", t.Number)
	line("status", status(t.Status))
	line("title", t.Title)
	line("description", t.Description)
	line("type", t.Type)
	line("category", categoryName(cfg, t.Category))
	line("department", t.Department)
	line("co_departments", strings.Join(t.CoDepartments, "、"))
	line("district", t.District)
	line("town", t.Town)
	line("address", t.Address)
	line("urgency", t.Urgency)
	line("name", t.Name)
	line("phone", t.Phone)
	line("channel", channel(t.Channel))
	line("accepted_at", when(t.AcceptedAt))
	line("sign_due", when(t.SignDue))
	line("due", when(t.Due))
	line("instruction_due", when(t.InstructionDue))
	line("reply", t.Reply)
	line("satisfaction", t.Satisfaction)
	line("repeat_of", t.RepeatOf)
	if len(t.Events) > 0 {
		b.WriteString(st.History + "\n")
	}
	for _, ev := range t.Events {
		d := config.ShowData{Time: when(ev.At), Actor: l.Actor(ev.Actor, staff), Action: actions[ev.Action], Note: ev.Note}
		if d.Action == "" {
			d.Action = l.UnknownAction
		}
		if ev.From != "" && ev.To != "" {
			d.Change = status(ev.From) + " → " + status(ev.To)
		}
		var changed []string
		for _, k := range slices.Sorted(maps.Keys(ev.Fields)) {
			v := ev.Fields[k]
			for i, x := range v {
				if k == "category" {
					v[i] = categoryName(cfg, x)
				} else if at, err := time.Parse(time.RFC3339, x); err == nil {
					v[i] = when(at) // a deadline, as the console shows it
				}
			}
			name := fields[k]
			if name == "" {
				name = l.OtherKey
			}
			if v[0] == "" || v[0] == v[1] {
				if v[1] != "" && strings.Contains(ev.Note, v[1]) {
					continue // a value set that the note already names (a leader item's leader)
				}
				changed = append(changed, name+"："+v[1])
			} else {
				changed = append(changed, name+"："+v[0]+" → "+v[1])
			}
		}
		d.Fields = strings.Join(changed, "；")
		b.WriteString(config.Render(st.Event, d) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
