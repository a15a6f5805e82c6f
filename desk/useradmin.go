package desk

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"hotline/config"
	"hotline/httpx"
	"hotline/store"
)

// presence knows who has the console open: each open event stream is one
// page. An agent on duty has at least one; disabling an account closes
// its streams.
type presence struct {
	mu      sync.Mutex
	seq     int
	streams map[string]map[int]context.CancelFunc
}

func newPresence() *presence { return &presence{streams: map[string]map[int]context.CancelFunc{}} }

// join records an open stream of name; leave forgets it.
func (p *presence) join(name string, cancel context.CancelFunc) (leave func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	id := p.seq
	if p.streams[name] == nil {
		p.streams[name] = map[int]context.CancelFunc{}
	}
	p.streams[name][id] = cancel
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.streams[name], id)
		if len(p.streams[name]) == 0 {
			delete(p.streams, name)
		}
	}
}

func (p *presence) online(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.streams[name]) > 0
}

// kick closes every open stream of name.
func (p *presence) kick(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, cancel := range p.streams[name] {
		cancel()
	}
}

// MaxDisplayName is the longest display name (in characters).
const MaxDisplayName = 16

func checkDisplayName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxDisplayName || strings.ContainsAny(s, "\r\n\t<>") {
		return "", httpx.ErrBadUser.WithText(txtDisplayName, config.HTTPErrorData{Max: MaxDisplayName})
	}
	return s, nil
}

// userView is an account without its password hash.
type userView struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name,omitempty"`
	Role        string `json:"role"`
	RoleLabel   string `json:"role_label"`
	Department  string `json:"department,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
	Online      bool   `json:"online"`
	CreatedAt   any    `json:"created_at"`
}

func (c *Console) userView(u *store.User) userView {
	return userView{Name: u.Name, DisplayName: u.DisplayName, Role: u.Role, RoleLabel: c.RoleLabel(u.Role),
		Department: u.Department, Disabled: u.Disabled, Online: c.on.online(u.Name), CreatedAt: u.CreatedAt}
}

// agents lists the agents on duty that a conversation can be transferred
// to: enabled accounts of the conversation roles with the console open,
// the asking agent left out.
func (c *Console) agents(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	list, err := Users(c.o.Store)
	if err != nil {
		return err
	}
	out := []userView{}
	for _, u := range list {
		if u.Disabled || u.Name == a.Name || !slices.Contains(roleAgents, u.Role) || !c.on.online(u.Name) {
			continue
		}
		out = append(out, c.userView(u))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"agents": out})
	return nil
}

// updateUser changes an account: display name, role and department,
// enabled or disabled. Each change is audited; a disabled account's
// sessions end at once. An administrator cannot disable or demote
// themself (the console would be left without one).
func (c *Console) updateUser(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		DisplayName *string `json:"display_name"`
		Role        *string `json:"role"`
		Department  *string `json:"department"`
		Disabled    *bool   `json:"disabled"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	a := actorOf(r)
	name := r.PathValue("name")
	if name == a.Name && (req.Disabled != nil && *req.Disabled || req.Role != nil && *req.Role != RoleAdmin) {
		return httpx.ErrSelf
	}
	var dn string
	if req.DisplayName != nil {
		var err error
		if dn, err = checkDisplayName(*req.DisplayName); err != nil {
			return err
		}
	}
	var before, after *store.User
	err := c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		u, err := tx.User(name)
		if errors.Is(err, store.ErrNotFound) {
			return httpx.ErrUserNotFound.With(name)
		}
		if err != nil {
			return err
		}
		b := *u
		before = &b
		if req.DisplayName != nil {
			u.DisplayName = dn
		}
		if req.Role != nil || req.Department != nil {
			role, dept := u.Role, u.Department
			if req.Role != nil {
				role = *req.Role
			}
			if req.Department != nil {
				dept = strings.TrimSpace(*req.Department)
			}
			if role != RoleDepartment {
				dept = ""
			}
			_, dept, err := checkAccount(c.o.Config, u.Name, role, dept)
			if err != nil {
				return userError(err)
			}
			u.Role, u.Department = role, dept
		}
		if req.Disabled != nil {
			u.Disabled = *req.Disabled
		}
		if err := tx.PutUser(u); err != nil {
			return err
		}
		after = u
		now := c.now()
		for _, ch := range userChanges(before, after) {
			if err := tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + a.Name, Action: ch.action, Object: name,
				Before: auditJSON(ch.before), After: auditJSON(ch.after)}); err != nil {
				return err
			}
		}
		if after.Disabled && !before.Disabled {
			return endSessions(tx, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if after.Disabled {
		c.on.kick(name)
	}
	say := confirmUserSave
	switch {
	case after.Disabled && !before.Disabled:
		say = confirmUserDisable
	case !after.Disabled && before.Disabled:
		say = confirmUserEnable
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": c.userView(after), "done": confirmUser(say, after)})
	return nil
}

type userChange struct {
	action        string
	before, after map[string]any
}

// userChanges lists what changed in an account, one audit entry each.
func userChanges(b, a *store.User) []userChange {
	var out []userChange
	if b.Disabled != a.Disabled {
		action := "user.enable"
		if a.Disabled {
			action = "user.disable"
		}
		out = append(out, userChange{action, map[string]any{"disabled": b.Disabled}, map[string]any{"disabled": a.Disabled}})
	}
	if b.Role != a.Role || b.Department != a.Department || b.DisplayName != a.DisplayName {
		out = append(out, userChange{"user.update",
			map[string]any{"role": b.Role, "department": b.Department, "display_name": b.DisplayName},
			map[string]any{"role": a.Role, "department": a.Department, "display_name": a.DisplayName}})
	}
	return out
}

// endSessions deletes every session of the user.
func endSessions(tx *store.Tx, name string) error {
	return deleteSessions(tx, func(s *session) bool { return s != nil && s.User == name })
}

// resetPassword sets a new password chosen by the administrator; the
// user's sessions end, so that whoever had the old password is out.
func (c *Console) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	a := actorOf(r)
	name := r.PathValue("name")
	hash, err := HashPassword(req.Password)
	if err != nil {
		return userError(err)
	}
	err = c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		u, err := tx.User(name)
		if errors.Is(err, store.ErrNotFound) {
			return httpx.ErrUserNotFound.With(name)
		}
		if err != nil {
			return err
		}
		u.PasswordHash = hash
		if err := tx.PutUser(u); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditEntry{At: c.now(), Actor: "desk:" + a.Name, Action: "user.reset", Object: name}); err != nil {
			return err
		}
		if name == a.Name {
			return nil // the administrator's own password: stay logged in
		}
		return endSessions(tx, name)
	})
	if err != nil {
		return err
	}
	if name != a.Name {
		c.on.kick(name)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// staffNames maps login names to display names, for the page's labels of
// who did what.
func (c *Console) staffNames() map[string]string {
	out := map[string]string{}
	list, err := Users(c.o.Store)
	if err != nil {
		return out
	}
	for _, u := range list {
		if u.DisplayName != "" {
			out[u.Name] = u.DisplayName
		}
	}
	return out
}
