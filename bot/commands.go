package bot

// Citizens' commands: 人工, 取消, 查询 and their configured words.

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/duty"
	"hotline/store"
	"hotline/ticket"
)

func (t *turn) command(cmd, arg string) error {
	conv := t.conv
	switch cmd {
	case "duty": // the leaders' duty sessions published so far (package duty)
		list, err := duty.PublishedTx(t.tx, t.now, t.e.loc, t.e.cfg.Duty.PublishDays)
		if err != nil {
			return err
		}
		return t.reply(config.ReplyDutySchedule, config.ReplyData{Schedule: duty.Text(list, t.e.loc, t.e.cfg.DutyTexts)})
	case "human":
		if conv.Draft != nil && t.m.Text != "" && conv.FirstText == "" {
			conv.FirstText = conv.Draft.Description
		}
		return t.queue(config.ReplyToAgent)
	case "cancel":
		switch {
		case t.e.isDrafting(conv) || conv.State == domain.ConvQueued:
			conv.Draft = nil
			conv.State = domain.ConvIdle
			conv.Asking = ""
			conv.Asked = nil
			conv.Emergency = false
			conv.EmergencyReason = nil
			if err := t.reply(config.ReplyCancelled, config.ReplyData{Number: ""}); err != nil {
				return err
			}
			return t.askRatingAgain()
		case len(conv.Orders) > 0:
			// An order is withdrawn only when the citizen says yes to
			// the question (withdraw).
			num := conv.Orders[len(conv.Orders)-1]
			tk, err := t.tx.Ticket(num)
			if err != nil {
				return err
			}
			if withdrawable(tk) {
				conv.Asking = askCancel
				return t.reply(config.ReplyConfirmCancel, config.ReplyData{Number: num})
			}
		}
		return t.reply(config.ReplyNothingToCancel, config.ReplyData{})
	case "query":
		return t.query(arg)
	}
	return nil
}

func (t *turn) ownsTicket(tk *ticket.Ticket) bool {
	return tk.CitizenID == t.cit.ID || slices.Contains(t.cit.Merged, tk.CitizenID)
}

func (t *turn) query(number string) error {
	if number != "" {
		if _, _, err := ticket.ParseNumber(number); err != nil {
			return t.reply(config.ReplyStatusNotFound, config.ReplyData{Number: number})
		}
		tk, err := t.tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !t.ownsTicket(tk)) {
			return t.reply(config.ReplyStatusNotFound, config.ReplyData{Number: number})
		}
		if err != nil {
			return err
		}
		return t.reply(config.ReplyStatus, t.e.statusData(tk))
	}
	var all []*ticket.Ticket
	for _, id := range append([]string{t.cit.ID}, t.cit.Merged...) {
		list, err := t.tx.Tickets(store.TicketFilter{CitizenID: id})
		if err != nil {
			return err
		}
		all = append(all, list...)
	}
	if len(all) == 0 {
		return t.reply(config.ReplyStatusNone, config.ReplyData{})
	}
	slices.SortFunc(all, func(a, b *ticket.Ticket) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	if len(all) > 5 {
		all = all[len(all)-5:]
	}
	var lines []string
	for _, tk := range all {
		s, err := t.e.render(config.ReplyStatus, t.e.statusData(tk))
		if err != nil {
			return err
		}
		lines = append(lines, s)
	}
	return t.enqueueText(strings.Join(lines, "\n"), "reply")
}

// statusData is what the status reply says of tk; a deadline only while
// the order is open (a withdrawn or finished order has none that runs).
func (e *Engine) statusData(tk *ticket.Ticket) config.ReplyData {
	due := ""
	if tk.Status.Open() {
		due = e.formatDue(tk.Due)
	}
	return config.ReplyData{
		Number: tk.Number, Status: e.cfg.StatusLabels.Label(string(tk.Status)), Department: tk.Department,
		Due: due, Title: tk.Title,
	}
}

func (e *Engine) isCommand(text string) bool {
	cmd, _ := e.command(text)
	return cmd != ""
}

// commandPunct is what may stand around a command (人工！, 取消。).
const commandPunct = " \t\r\n。.!！~～，,?？、…"

// bareCommand drops the punctuation and the configured fillers
// (bot.command_fillers: 我要, 请, 吧…) around a short message, longest
// filler first, so that 我要找人工 and 请转人工吧 are the commands 找人工
// and 转人工. It stops when nothing more comes off.
func (e *Engine) bareCommand(text string) string {
	t := strings.Trim(text, commandPunct)
	for changed := true; changed; {
		changed = false
		for _, f := range e.fillers {
			if rest, ok := strings.CutPrefix(t, f); ok && rest != "" {
				t, changed = strings.Trim(rest, commandPunct), true
			}
			if rest, ok := strings.CutSuffix(t, f); ok && rest != "" {
				t, changed = strings.Trim(rest, commandPunct), true
			}
		}
	}
	return t
}

// command recognises 人工, 取消 and 查询 [编号] at the start of a message,
// with the fillers and punctuation bareCommand drops around them.
func (e *Engine) command(text string) (cmd, arg string) {
	t := strings.TrimSpace(text)
	if utf8.RuneCountInString(t) <= 16 {
		t = e.bareCommand(t)
	}
	for _, w := range e.cfg.Bot.HumanCommands {
		if t == w {
			return "human", ""
		}
	}
	for _, w := range e.cfg.Bot.CancelCommands {
		if t == w {
			return "cancel", ""
		}
	}
	for _, w := range e.cfg.Bot.DutyCommands {
		if t == w {
			return "duty", ""
		}
	}
	for _, w := range e.cfg.Bot.QueryCommands {
		if t == w {
			return "query", ""
		}
		if rest, ok := strings.CutPrefix(t, w); ok {
			// 查询 followed by something shaped like an order number (even
			// a mistyped one) is a query; 查询一下公积金… is a question.
			rest = strings.Trim(rest, " \t:：#")
			if rest != "" && len(rest) <= 32 && strings.Trim(rest, "0123456789-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ") == "" {
				return "query", rest
			}
		}
	}
	return "", ""
}

// matchWord reports whether text, trimmed and in lower case, is one of
// words (in lower case: lowered).
func matchWord(text string, words []string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), "。.!！~ "))
	return slices.Contains(words, t)
}

// lowered returns words in lower case.
func lowered(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}
