package bot

// The return-visit rating a citizen gives in chat (满意 / 基本满意 / 不满意).

import (
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// rating records a return-visit answer; ok is false when text is not one,
// or when the words after the rating describe another matter than the
// order asked about (newMatter): the rating is then not recorded, the
// text is taken as the new matter and the question is asked again once
// that is done (askRatingAgain).
func (t *turn) rating(text string, cls classification) (bool, error) {
	sat := parseRating(text, t.e.cfg.Bot.RatingCommentWords)
	if sat == "" || t.conv.RatingFor == "" {
		return false, nil
	}
	if nm, err := t.newMatter(text, t.conv.RatingFor, cls); nm || err != nil {
		return false, err
	}
	return true, t.rate(t.conv, text, sat)
}

// newMatter reports whether the words a citizen added to a rating of order
// number ("1，小区门口路灯坏了") describe another matter than that order, so
// that the rating may not be what they meant: the classifier reads a
// problem in them, confidently (at least dispatch.min_confidence, the
// certainty an order is sent on with), of a category other than the
// order's and other than the office's catch-all, and they hold neither a
// word on whether it was solved, a courtesy, nor one of
// bot.rating_comment_words (处理得很快, 还是很吵: a comment on the
// handling). A bare rating is never one.
func (t *turn) newMatter(text, number string, cls classification) (bool, error) {
	if ratingWords(text) == "" || !cls.ok || cls.combined {
		return false, nil
	}
	r := cls.res
	if r.Courtesy || r.Category == "" || r.Confidence[nlp.FieldCategory] < t.e.cfg.Dispatch.MinConfidence {
		return false, nil
	}
	if cat, ok := t.e.cfg.Category(r.Category); !ok || cat.Department == t.e.cfg.City.Office {
		return false, nil
	}
	rest := ratingRest(text)
	if slices.ContainsFunc(solvedWords, func(w string) bool { return strings.Contains(rest, w) }) ||
		slices.ContainsFunc(t.e.cfg.Bot.RatingCommentWords, func(w string) bool { return strings.Contains(rest, w) }) {
		return false, nil
	}
	tk, err := t.tx.Ticket(number)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return r.Category != tk.Category, nil
}

// askRatingAgain asks again for the rating the conversation waited for
// before the citizen raised a new matter (rating, newMatter), once that
// matter is registered or dropped: while the order still awaits its
// return visit (reviewed or answered), the question is repeated and the
// conversation waits for the answer; otherwise the wait is forgotten.
func (t *turn) askRatingAgain() error {
	tk, err := ratingWaiting(t.tx, t.conv)
	if tk == nil || err != nil {
		return err
	}
	t.conv.State = domain.ConvRating
	return t.reply(config.ReplyAskRating, t.e.statusData(tk))
}

// ratingWaiting returns the order whose rating idle conversation conv
// still waits to ask for (askRatingAgain, a draft that expired): nil when
// there is none, or when the order no longer awaits its return visit
// (neither reviewed nor answered), whose wait is then forgotten.
func ratingWaiting(tx *store.Tx, conv *domain.Conversation) (*ticket.Ticket, error) {
	if conv.RatingFor == "" || conv.State != domain.ConvIdle {
		return nil, nil
	}
	tk, err := tx.Ticket(conv.RatingFor)
	if errors.Is(err, store.ErrNotFound) || err == nil && tk.Status != ticket.Reviewed && tk.Status != ticket.Answered {
		conv.RatingFor = ""
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return tk, nil
}

// ratingAway takes text as the answer to a rating question that the
// outbox delivered to this channel and number instead of the order's own
// conversation (store.RatingAway: WeChat's window had closed, the question
// went by SMS). Only a number the channel vouches for (Message.Phone)
// answers, and only while the order's conversation still waits for that
// rating.
func (t *turn) ratingAway(text string, cls classification) (bool, error) {
	sat := parseRating(text, t.e.cfg.Bot.RatingCommentWords)
	if sat == "" || t.m.Phone == "" {
		return false, nil
	}
	away, ok := t.tx.RatingAway(t.m.Channel, t.m.Phone)
	if !ok {
		return false, nil
	}
	if nm, err := t.newMatter(text, away.Number, cls); nm || err != nil {
		return false, err
	}
	if err := t.tx.DeleteRatingAway(t.m.Channel, t.m.Phone); err != nil {
		return false, err
	}
	orig, err := t.tx.Conversation(away.ConversationID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (orig.State != domain.ConvRating || orig.RatingFor != away.Number) {
		return false, nil // rated already, in the chat or by phone
	}
	if err != nil {
		return false, err
	}
	if err := t.rate(orig, text, sat); err != nil {
		return false, err
	}
	orig.UpdatedAt = t.now
	return true, t.tx.PutConversation(orig)
}

// rate records rating sat (text is the citizen's words) of the order conv
// waits for, through the work order's own rule (workflow.RateTx, the same
// as a rating by phone), ends the wait and thanks the citizen in this
// turn's conversation.
func (t *turn) rate(conv *domain.Conversation, text, sat string) error {
	solved := sat != ticket.Unsatisfied && !strings.Contains(text, "没解决") && !strings.Contains(text, "未解决") && !strings.Contains(text, "没有解决")
	tk, err := workflow.RateTx(t.tx, t.e.cfg, t.e.cal, conv.RatingFor, sat, solved, ratingWords(text), t.now, "citizen")
	if err != nil {
		return err
	}
	conv.RatingFor = ""
	conv.State = domain.ConvIdle
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: conv.ID, Ticket: tk.Number, State: string(tk.Status)})
	if tk.Status == ticket.Reopened {
		// Not satisfied: say that it is handled again, and by whom.
		return t.reply(config.ReplyRatingReopened, config.ReplyData{Number: tk.Number, Department: tk.Department})
	}
	return t.reply(config.ReplyThanks, config.ReplyData{Number: tk.Number})
}

// parseRating reads a return-visit answer: 1/2/3 (also full-width, as by
// SMS) or the words, optionally followed by whether it was solved
// ("1 已解决", "3，没解决"); comments are bot.rating_comment_words.
func parseRating(text string, comments []string) string {
	t := strings.TrimSpace(text)
	switch {
	case strings.Contains(t, "不满意"):
		return ticket.Unsatisfied
	case strings.Contains(t, "基本满意"):
		return ticket.BasicSatisfied
	case strings.Contains(t, "满意"):
		return ticket.Satisfied
	}
	first, size := utf8.DecodeRuneInString(t)
	// A digit counts on its own, before a word on being solved, or before
	// a comma or a full stop, whatever the citizen adds after these
	// ("3 未解决，晚上还在施工", "3，还是很吵": the reason they are not
	// satisfied); "12号楼漏水" or "3楼漏水" is a new problem, not a
	// rating, and "1.楼道灯不亮 2.垃圾没人收" a numbered list of them.
	// Before a space only when what follows is a courtesy or a comment on
	// the handling ("1 谢谢", "3 还是很吵": a solved word or one of
	// comments): "2 我家楼下有人烧垃圾" is a new matter, not a rating
	// whose words the turn would have to judge. Words after a comma that
	// describe another matter than the order rated are the turn's to
	// judge (newMatter).
	after := t[size:]
	rest := strings.TrimLeft(after, " 　")
	solved := slices.ContainsFunc(solvedWords, func(w string) bool { return strings.HasPrefix(rest, w) })
	spaced := len(rest) < len(after) && (domain.IsCourtesy(rest) ||
		slices.ContainsFunc(comments, func(w string) bool { return strings.Contains(rest, w) }))
	if strings.Trim(after, " 　，,。.、:：") != "" && !solved && !spaced && !strings.ContainsAny(firstRune(rest), "，,。") {
		return ""
	}
	// A number after the comma makes it one number or a list of new
	// problems, not a rating: "3,000元的罚款", "1,2号楼又停水了",
	// "2，3号楼路灯不亮".
	if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " 　，,。.")); r != utf8.RuneError && (unicode.IsDigit(r) || strings.ContainsRune("一二三四五六七八九十两零〇幺", r)) && !solved {
		return ""
	}
	switch first {
	case '1', '１':
		return ticket.Satisfied
	case '2', '２':
		return ticket.BasicSatisfied
	case '3', '３':
		return ticket.Unsatisfied
	}
	return ""
}

// solvedWords say after a rating whether the problem was solved.
var solvedWords = []string{"已解决", "解决了", "未解决", "没解决", "没有解决"}

// ratingRest is what text says after its rating (the number or the 满意
// word): "处理得很快" of "1，处理得很快".
func ratingRest(text string) string {
	const punct = " 　，,。.、:：!！"
	t := strings.Trim(text, punct)
	for _, w := range []string{"不满意", "基本满意", "满意", "1", "2", "3", "１", "２", "３"} {
		if strings.HasPrefix(t, w) {
			return strings.TrimLeft(t[len(w):], punct)
		}
	}
	return t
}

// ratingWords is the citizen's message when it says more than the
// rating (the number or 满意 word, whether it was solved): "3 未解决，晚上还在摆"
// whole, for the history; "" for a bare "3", "不满意" or "2 未解决".
func ratingWords(text string) string {
	const punct = " 　，,。.、:：!！"
	t := strings.Trim(text, punct)
	for _, w := range []string{"不满意", "基本满意", "满意", "1", "2", "3", "１", "２", "３"} {
		if strings.HasPrefix(t, w) {
			t = strings.TrimLeft(t[len(w):], punct)
			break
		}
	}
	for _, w := range solvedWords {
		if strings.HasPrefix(t, w) {
			t = t[len(w):]
			break
		}
	}
	if strings.Trim(t, punct) == "" {
		return ""
	}
	return strings.TrimSpace(text)
}

// firstRune is s's first character ("" for an empty s).
func firstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}
