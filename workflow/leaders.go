package workflow

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/duty"
	"hotline/store"
	"hotline/ticket"
)

// Inbox entries of a leader who gave an order an instruction (批示): the
// result is in, the department replied (or the office answered it
// directly), and the order is closed (办结: rated, or its return visit
// closed without a rating).
const (
	ReminderInstructionReplied = "instruction_replied"
	ReminderInstructionClosed  = "instruction_closed"
	// ReminderLeaderItemReplied: an order of the leader's duty session
	// (领导接听件) that the leader gave no instruction was replied to.
	ReminderLeaderItemReplied = "leader_item_replied"
)

// LeaderInbox is the inbox (the store's key of reminders, as a
// department's name is for a department) of the leader whose console
// login is login: the console shows it on the leader's start page.
func LeaderInbox(login string) string { return RoleLeader + ":" + login }

// replyExcerptRunes is how much of the reply a leader's inbox entry
// quotes ({{.Comment}}): its first words, on one line.
const replyExcerptRunes = 40

// instructingLeaders returns the console logins of the leaders who gave
// tk an instruction, each once, in the order of their first. A leader's
// own instruction is its actor's. One a supervisor or an administrator
// recorded for a leader (督办 + 领导批示件, Actor.ForLeader) is the
// leader account it was recorded for (keepInstructionLeader), whatever
// that account is called since; one recorded before logins were kept, or
// for a leader who had no account then, is that leader's when one enabled
// leader account has the name it records as its display name (as a duty
// session kept without an account is); one the office recorded naming no
// leader, and any other, names no leader's account, and nobody's inbox
// gets it.
func instructingLeaders(tx *store.Tx, tk *ticket.Ticket) ([]string, error) {
	var out []string
	var users []*store.User
	var kept map[string]string
	for _, ev := range tk.Events {
		if ev.Action != "instruct" {
			continue
		}
		login, ok := strings.CutPrefix(ev.Actor, RoleLeader+":")
		if !ok {
			if kept == nil {
				var err error
				if kept, err = instructionLeaders(tx, tk.Number); err != nil {
					return nil, err
				}
			}
			if login, ok = kept[instructionKey(ev.At)]; !ok {
				if users == nil {
					var err error
					if users, err = tx.Users(); err != nil {
						return nil, err
					}
				}
				login = duty.LeaderNamed(users, ev.Fields[FieldLeader][1])
			}
		}
		if login != "" && !slices.Contains(out, login) {
			out = append(out, login)
		}
	}
	return out, nil
}

// recordedLeader is the leader an instruction the office records names
// (Actor.ForLeader, as typed on the form): the enabled leader account of
// that login, else the one of that display name; name is how the history
// names the leader, login the account ("" for a leader without one). A
// name that several leader accounts bear is refused, listing their
// logins, so that the office picks one and no leader reads another's
// result.
func (s *Service) recordedLeader(tx *store.Tx, typed string) (name, login string, err error) {
	typed = strings.TrimSpace(typed)
	users, err := tx.Users()
	if err != nil {
		return "", "", err
	}
	for _, u := range users {
		if u.Name == typed && u.Role == RoleLeader && !u.Disabled {
			return cmp.Or(strings.TrimSpace(u.DisplayName), u.Name), u.Name, nil
		}
	}
	switch logins := duty.LeadersNamed(users, typed); len(logins) {
	case 0:
		return typed, "", nil
	case 1:
		return typed, logins[0], nil
	default:
		return "", "", ruleErr(s.cfg.RuleErrors.InstructionLeaderAmbiguous, config.RuleData{Value: typed, Choices: strings.Join(logins, "、")})
	}
}

// instructionKey keys an instruction by its time among an order's kept
// leaders (store.InstructionLeaderKey).
func instructionKey(at time.Time) string { return at.UTC().Format(time.RFC3339Nano) }

// keepInstructionLeader keeps, with order number, the login of the
// leader an instruction recorded at is for ("" for the office's own
// instruction, which names no leader: nobody is told, even should a leader
// account bear the recorder's name).
func keepInstructionLeader(tx *store.Tx, number string, at time.Time, login string) error {
	kept, err := instructionLeaders(tx, number)
	if err != nil {
		return err
	}
	kept[instructionKey(at)] = login
	b, err := json.Marshal(kept)
	if err != nil {
		return err
	}
	return tx.Put(store.InstructionLeaderKey+number, b)
}

// instructionLeaders reads the logins kept for order number's recorded
// instructions, by instructionKey; empty, never nil, when none.
func instructionLeaders(tx *store.Tx, number string) (map[string]string, error) {
	kept := map[string]string{}
	if b := tx.Get(store.InstructionLeaderKey + number); b != nil {
		if err := json.Unmarshal(b, &kept); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// tellLeaders writes to the inbox of every leader who gave tk an
// instruction the entry of kind (ReminderInstructionReplied or
// ReminderInstructionClosed): the order, who gave its result (resultBy)
// and the reply's first words. It runs inside the transaction that records the
// reply or the close, so that the entry is written once, when that
// commits: a transaction the store runs again (a shared commit rolled
// back) writes it again only in place of the first.
//
// A reply to a leader item (领导接听件) goes the same way, as
// ReminderLeaderItemReplied, to the leader whose duty session took it
// (duty.ItemLeader), unless that leader is told of it as an instruction's.
func tellLeaders(tx *store.Tx, cfg *config.Config, tk *ticket.Ticket, kind string, at time.Time) error {
	leaders, err := instructingLeaders(tx, tk)
	if err != nil {
		return err
	}
	data := config.ReminderData{Number: tk.Number, Title: tk.Title, Department: resultBy(cfg, tk), Comment: excerpt(tk.Reply)}
	if kind == ReminderInstructionReplied && tk.Flags.LeaderItem {
		if login := duty.ItemLeader(tx, tk.Number); login != "" && !slices.Contains(leaders, login) {
			r := domain.Reminder{At: at, Number: tk.Number, Kind: ReminderLeaderItemReplied, Text: config.Render(cfg.ReminderTexts.LeaderItemReplied, data)}
			if err := tx.AddReminder(LeaderInbox(login), r); err != nil {
				return err
			}
		}
	}
	if len(leaders) == 0 {
		return nil
	}
	text := cfg.ReminderTexts.InstructionReplied
	if kind == ReminderInstructionClosed {
		text = cfg.ReminderTexts.InstructionClosed
	}
	r := domain.Reminder{At: at, Number: tk.Number, Kind: kind, Text: config.Render(text, data)}
	for _, login := range leaders {
		if err := tx.AddReminder(LeaderInbox(login), r); err != nil {
			return err
		}
	}
	return nil
}

// resultBy names who gave tk's result: the office (city.office) for a
// direct answer or a merge into another order, else the department that
// replied.
func resultBy(cfg *config.Config, tk *ticket.Ticket) string {
	for i := len(tk.Events) - 1; i >= 0; i-- {
		switch tk.Events[i].Action {
		case "answer", "merge":
			return cfg.City.Office
		case "reply":
			if tk.Department != "" {
				return tk.Department
			}
			return cfg.City.Office
		}
	}
	if tk.Department != "" {
		return tk.Department
	}
	return cfg.City.Office
}

// excerpt returns the first words of text, on one line (domain.Abbrev of
// its words).
func excerpt(text string) string {
	return domain.Abbrev(strings.Join(strings.Fields(text), " "), replyExcerptRunes)
}
