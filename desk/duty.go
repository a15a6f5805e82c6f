package desk

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/duty"
	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
)

// Leaders' duty sessions (package duty): supervisors and administrators
// plan them; everyone in the console reads them.
var roleDutyPlan = []string{RoleSupervisor, RoleAdmin}

func (c *Console) dutyRoutes(in *http.ServeMux) {
	in.Handle("GET /desk/api/duty", c.auth(Roles(), c.dutyList))
	in.Handle("POST /desk/api/duty", c.auth(roleDutyPlan, c.dutyAdd))
	in.Handle("POST /desk/api/duty/{id}/delete", c.auth(roleDutyPlan, c.dutyDelete))
	// An order taken in a session becomes the leader's (领导接听件).
	in.Handle("POST /desk/api/orders/{number}/leader-item", c.auth(roleReaders, c.leaderItem))
}

func (c *Console) dutyList(w http.ResponseWriter, r *http.Request) error {
	loc := c.o.Config.Location()
	now := c.now().In(loc)
	rows := []dutyRow{}
	err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		list, err := duty.ListTx(tx, now.Format("2006-01-02"), now.AddDate(0, 3, 0).Format("2006-01-02"))
		if err != nil {
			return err
		}
		for _, s := range list {
			taker, err := s.LeaderLogin(tx)
			if err != nil {
				return err
			}
			rows = append(rows, dutyRow{Session: s, Taker: taker, ByName: s.Account == "" && taker != ""})
		}
		return nil
	})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"sessions": rows, "publish_days": c.o.Config.Duty.PublishDays})
	return nil
}

// dutyRow is a session as the planners' list shows it: with the console
// login that takes it, by the rule the hand-over and the leader items
// follow (duty.Session.LeaderLogin), not only the account it was stored
// with: a session stored without one is taken by the one enabled leader
// account of its leader's display name, and the list must not tell the
// planners that its leader is told of nothing.
type dutyRow struct {
	duty.Session
	// Taker is the login of the leader who takes the session, "" when
	// none does (no account, or two leader accounts of the name).
	Taker string `json:"taker"`
	// ByName is set when Taker was found by the leader's display name, not
	// kept with the session: renaming the account, or giving a second
	// leader the name, changes it.
	ByName bool `json:"taker_by_name"`
}

func (c *Console) dutyAdd(w http.ResponseWriter, r *http.Request) error {
	var s duty.Session
	if err := httpx.DecodeJSON(r, 8<<10, &s); err != nil {
		return err
	}
	s.ID = ""
	a := actorOf(r)
	s.CreatedBy, s.CreatedAt = a.Name, c.now()
	if err := s.Check(c.o.Config.Location()); err != nil {
		var de *duty.Error
		if errors.As(err, &de) {
			return httpx.ErrRule.WithText(func(m *config.HTTPErrors) string { return de.Text(m.Duty) }, de.Data)
		}
		return err
	}
	if s.Account != "" {
		var u *store.User
		_ = c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error { u, _ = tx.User(s.Account); return nil })
		if u == nil || u.Disabled || !slices.Contains(roleAgents, u.Role) {
			return httpx.ErrRule.WithText(txtLeaderAccount, noData)
		}
	} else {
		// The leader's account is kept by its login, never found again
		// by the display name later: a leader renamed, or another given
		// the same name, does not take the session.
		var users []*store.User
		if err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) (err error) { users, err = tx.Users(); return err }); err != nil {
			return err
		}
		switch logins := duty.LeadersNamed(users, s.Leader); len(logins) {
		case 0:
		case 1:
			s.Account = logins[0]
		default:
			return httpx.ErrRule.WithText(txtLeaderAmbiguous, config.HTTPErrorData{Value: s.Leader, Count: len(logins), Choices: strings.Join(logins, "、")})
		}
	}
	if err := duty.Add(c.o.Store, &s); err != nil {
		return err
	}
	_ = c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{At: c.now(), Actor: a.Name, Action: "duty.add", Object: s.ID, After: s.Date + " " + s.Start + " " + s.Title + s.Leader})
	})
	httpx.WriteJSON(w, http.StatusCreated, struct {
		duty.Session
		Done confirmation `json:"done"`
	}{s, confirmDuty(confirmDutyAdd, s)})
	return nil
}

func (c *Console) dutyDelete(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	gone, err := duty.Delete(c.o.Store, id)
	if errors.Is(err, duty.ErrNotFound) {
		return httpx.New(http.StatusNotFound, "not_found", txtDutyNotFound, noData)
	} else if err != nil {
		return err
	}
	a := actorOf(r)
	_ = c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{At: c.now(), Actor: a.Name, Action: "duty.delete", Object: id})
	})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"deleted": id, "at": c.now().Format(time.RFC3339),
		"done": confirmDuty(confirmDutyDelete, gone)})
	return nil
}

func (c *Console) leaderItem(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	sess, err := duty.MarkLeaderItem(c.o.Store, r.PathValue("number"), a.Role+":"+a.Name, c.now(), c.o.Config.Location(),
		c.leaderNote(c.o.Config.HistoryTexts.LeaderItem))
	switch {
	case errors.Is(err, duty.ErrNoSession):
		return httpx.ErrRule.WithText(txtNoLeaderSession, noData)
	case errors.Is(err, store.ErrNotFound):
		return httpx.ErrOrderNotFound
	case err != nil:
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"number": r.PathValue("number"), "leader": sess.LeaderName(),
		"done": confirmation{ID: confirmLeaderItem, Vars: map[string]string{"leader": sess.LeaderName()}}})
	return nil
}

// handoverPrefix keys a conversation handed to the leader of the duty
// session in progress (the session, as JSON): the orders the leader
// registers from it are the leader's items, even after the session ends.
const handoverPrefix = "duty.handover:"

// handedToLeader runs after a transfer of conv to target: when target is
// the leader of the session in progress, the conversation is marked, and
// the orders already registered in it during the session become the
// leader's items.
func (c *Console) handedToLeader(a Actor, conv *domain.Conversation, target *store.User) {
	now := c.now()
	loc := c.o.Config.Location()
	sess, err := duty.Active(c.o.Store, now, loc)
	if err != nil {
		c.log.Warn("duty session", "err", err)
		return
	}
	if sess == nil {
		return
	}
	var takes bool
	if err := c.o.Store.View(func(tx *store.Tx) (err error) { takes, err = sess.Takes(tx, target.Name); return err }); err != nil || !takes {
		return
	}
	b, err := json.Marshal(sess)
	if err != nil {
		return
	}
	err = c.o.Store.UpdateNow(func(tx *store.Tx) error {
		if err := tx.Put(handoverPrefix+conv.ID, b); err != nil {
			return err
		}
		for _, n := range conv.Orders {
			tk, err := tx.Ticket(n)
			if err != nil || tk.ReceivedAt.Before(sess.Begins(loc)) || !tk.Status.Open() {
				continue
			}
			if _, err := duty.MarkTx(tx, n, a.Role+":"+a.Name, target.Name, sess, now, c.leaderNote(c.o.Config.HistoryTexts.LeaderItemHandover)(sess)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.log.Warn("leader hand-over", "err", err)
	}
}

// leaderRegistered runs after user a registered order tk from
// conversation conv: the order is the leader's item when the conversation
// was handed to a, the leader of a session, or a is the leader of the
// session in progress.
func (c *Console) leaderRegistered(a Actor, convID string, tk *ticket.Ticket) {
	now := c.now()
	loc := c.o.Config.Location()
	var sess *duty.Session
	how := c.o.Config.HistoryTexts.LeaderItemTaken
	_ = c.o.Store.View(func(tx *store.Tx) error {
		if b := tx.Get(handoverPrefix + convID); b != nil {
			var s duty.Session
			if json.Unmarshal(b, &s) == nil {
				if takes, err := s.Takes(tx, a.Name); err == nil && takes {
					sess, how = &s, c.o.Config.HistoryTexts.LeaderItemHandover
				}
			}
		}
		return nil
	})
	if sess == nil {
		s, err := duty.Active(c.o.Store, now, loc)
		if err != nil || s == nil {
			return
		}
		var takes bool
		if err := c.o.Store.View(func(tx *store.Tx) (err error) { takes, err = s.Takes(tx, a.Name); return err }); err != nil || !takes {
			return
		}
		sess = s
	}
	err := c.o.Store.UpdateNow(func(tx *store.Tx) error {
		_, err := duty.MarkTx(tx, tk.Number, a.Role+":"+a.Name, a.Name, sess, now, c.leaderNote(how)(sess))
		return err
	})
	if err != nil {
		c.log.Warn("leader item", "ticket", tk.Number, "err", err)
		return
	}
	tk.Flags.LeaderItem = true
}

// staleHandover reports whether the hand-over mark of conv no longer
// holds: the conversation is not held by the leader it was handed to.
func staleHandover(tx *store.Tx, conv *domain.Conversation) bool {
	b := tx.Get(handoverPrefix + conv.ID)
	if b == nil {
		return false
	}
	var s duty.Session
	if json.Unmarshal(b, &s) != nil {
		return true
	}
	return conv.State != domain.ConvAgent || (s.Account != "" && conv.Agent != s.Account) ||
		(s.Account == "" && strings.TrimSpace(conv.Agent) == "")
}

// leaderNote renders a leader item's history note (history_texts) for a
// session.
func (c *Console) leaderNote(text string) func(*duty.Session) string {
	return func(s *duty.Session) string { return config.Render(text, config.HistoryData{Leader: s.LeaderName()}) }
}
