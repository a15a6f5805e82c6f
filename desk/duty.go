package desk

import (
	"errors"
	"net/http"
	"time"

	"hotline/duty"
	"hotline/httpx"
	"hotline/store"
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
	list, err := duty.List(c.o.Store, now.Format("2006-01-02"), now.AddDate(0, 3, 0).Format("2006-01-02"))
	if err != nil {
		return err
	}
	if list == nil {
		list = []duty.Session{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"sessions": list, "publish_days": c.o.Config.Duty.PublishDays})
	return nil
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
			return httpx.ErrRule.With(de.Msg)
		}
		return err
	}
	if err := duty.Add(c.o.Store, &s); err != nil {
		return err
	}
	_ = c.o.Store.UpdateNow(func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{At: c.now(), Actor: a.Name, Action: "duty.add", Object: s.ID, After: s.Date + " " + s.Start + " " + s.Title + s.Leader})
	})
	httpx.WriteJSON(w, http.StatusCreated, s)
	return nil
}

func (c *Console) dutyDelete(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := duty.Delete(c.o.Store, id); errors.Is(err, duty.ErrNotFound) {
		return httpx.Errorf(http.StatusNotFound, "not_found", "接听安排不存在")
	} else if err != nil {
		return err
	}
	a := actorOf(r)
	_ = c.o.Store.UpdateNow(func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{At: c.now(), Actor: a.Name, Action: "duty.delete", Object: id})
	})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"deleted": id, "at": c.now().Format(time.RFC3339)})
	return nil
}

func (c *Console) leaderItem(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	sess, err := duty.MarkLeaderItem(c.o.Store, r.PathValue("number"), a.Role+":"+a.Name, c.now(), c.o.Config.Location())
	switch {
	case errors.Is(err, duty.ErrNoSession):
		return httpx.ErrRule.With("当前没有进行中的领导接听")
	case errors.Is(err, store.ErrNotFound):
		return httpx.ErrOrderNotFound
	case err != nil:
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"number": r.PathValue("number"), "leader": sess.Title + sess.Leader})
	return nil
}
