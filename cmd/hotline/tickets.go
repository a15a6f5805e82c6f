package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

func cmdTickets(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("tickets "+sub, stderr)
	var cf commonFlags
	cf.register(fs)
	status := fs.String("status", "", "only orders in this `state`, by code or by the name the list prints (dispatched or 已派单, …)")
	dept := fs.String("department", "", "only orders of this `department`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if sub == "show" && fs.NArg() != 1 || sub != "show" && sub != "list" {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	m := cfg.ReportTexts.CommandLine.Mistakes
	if sub == "show" {
		if _, _, err := ticket.ParseNumber(fs.Arg(0)); err != nil {
			return usageError{config.Render(m.Number, config.MistakeData{Value: fs.Arg(0)})}
		}
	}
	label := func(s ticket.Status) string { return cfg.StatusLabels.Label(string(s)) }
	st, err := store.Open(cf.dbPath(cfg), &store.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		return serverHolds(err, cfg.ReportTexts.CommandLine.ServerHolds.Tickets)
	}
	defer st.Close()
	switch sub {
	case "list":
		var want ticket.Status
		if *status != "" {
			var ok bool
			if want, ok = ticket.ParseStatus(*status, label); !ok {
				var names []string
				for _, s := range ticket.AllStatuses() {
					names = append(names, string(s)+"/"+label(s))
				}
				return usageError{config.Render(m.Status, config.MistakeData{Value: *status, Choices: strings.Join(names, "、")})}
			}
		}
		var list []*ticket.Ticket
		if err := st.ViewContext(ctx, func(tx *store.Tx) error {
			list, err = tx.Tickets(store.TicketFilter{Status: want, Department: *dept})
			return err
		}); err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(stdout).Encode(list)
		}
		cl := cfg.ReportTexts.CommandLine
		rows := [][]string{config.Columns(cl.Tickets)}
		for _, t := range list {
			due := ""
			if !t.Due.IsZero() {
				due = t.Due.In(cfg.Location()).Format("2006-01-02 15:04")
			}
			rows = append(rows, []string{t.Number, label(t.Status), categoryName(cfg, t.Category), t.Department, t.District, due, t.Title})
		}
		rows = append(rows, []string{config.Render(cl.TicketsTotal, config.ListData{Count: len(list)})})
		return writeColumns(stdout, rows, 2)
	case "show":
		num := fs.Arg(0)
		var t *ticket.Ticket
		staff := map[string]string{}
		err := st.ViewContext(ctx, func(tx *store.Tx) error {
			users, err := tx.Users()
			if err != nil {
				return err
			}
			for _, u := range users {
				if u.DisplayName != "" {
					staff[u.Name] = u.DisplayName
				}
			}
			t, err = tx.Ticket(num)
			return err
		})
		archived := false
		if errors.Is(err, store.ErrNotFound) && st.Archive() != nil {
			// Moved to the yearly archive (retention): shown, read-only.
			t, err = st.Archive().Ticket(num)
			archived = err == nil
		}
		if errors.Is(err, store.ErrNotFound) {
			return errors.New(config.Render(m.NoOrder, config.MistakeData{Value: num}))
		}
		if err != nil {
			return err
		}
		if archived {
			fmt.Fprintln(stderr, config.Render(cfg.ReportTexts.CommandLine.Archived, config.ListData{Path: st.Archive().Path(num[:4])}))
		}
		switch why := t.EmergencyReason; {
		case why != nil && why.SetAside:
			// A flag the classifier's veto set aside: its own line.
			fmt.Fprintln(stderr, why.Text(cfg.ConsoleLabels))
		case why != nil:
			// The JSON has it too (emergency_reason); this is it readably.
			fmt.Fprintf(stderr, "%s：%s\n", cfg.ConsoleLabels.Emergency.Reason, why.Text(cfg.ConsoleLabels))
		}
		if !*asJSON {
			return writeTicket(stdout, cfg, t, staff)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(t)
	}
	return errUsage
}

// categoryName is the name staff read for a category code (市容环卫 for
// SRHW); a code the config no longer lists stays as it is.
func categoryName(cfg *config.Config, code string) string {
	if c, ok := cfg.Category(code); ok {
		return c.Name
	}
	return code
}
