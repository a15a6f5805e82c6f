package desk

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
)

func (c *Console) users(w http.ResponseWriter, r *http.Request) error {
	list, err := Users(c.o.Store)
	if err != nil {
		return err
	}
	out := make([]userView, 0, len(list))
	for _, u := range list {
		out = append(out, c.userView(u))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"users": out})
	return nil
}

func (c *Console) addUser(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name        string `json:"name"`
		DisplayName string `json:"display_name"`
		Role        string `json:"role"`
		Department  string `json:"department"`
		Password    string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	a := actorOf(r)
	dn, err := checkDisplayName(req.DisplayName)
	if err != nil {
		return err
	}
	u, err := NewUser(c.o.Config, req.Name, req.Role, req.Department, req.Password, c.now())
	if err != nil {
		return userError(err)
	}
	u.DisplayName = dn
	if err := AddUser(c.o.Store, u, "desk:"+a.Name); err != nil {
		if errors.Is(err, ErrUserExists) {
			return httpx.ErrUserExists.With(u.Name)
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"user": c.userView(u), "done": confirmUser(confirmUserAdd, u)})
	return nil
}

func (c *Console) auditLog(w http.ResponseWriter, r *http.Request) error {
	limit := 200
	if s := r.URL.Query().Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 5000 {
			limit = n
		}
	}
	var list []store.AuditEntry
	if err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		var err error
		list, err = tx.AuditLog(limit)
		return err
	}); err != nil {
		return err
	}
	out := make([]auditView, 0, len(list))
	names := c.staffNames()
	for _, e := range list {
		e.Before, e.After, e.Object = mask(e.Before), mask(e.After), mask(e.Object)
		out = append(out, auditView{AuditEntry: e, ActionLabel: c.ActionLabel(e.Action), ActorLabel: c.labels.cfg.Actor(e.Actor, names),
			BeforeText: c.humanize(e.Before, names), AfterText: c.humanize(e.After, names)})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"audit": out})
	return nil
}

// userError turns an account rule broken into the console's error.
func userError(err error) error {
	var ue *UserError
	if errors.As(err, &ue) {
		return httpx.ErrBadUser.SayText(ue.Zh, ue.Data)
	}
	return err
}

// auditView is an audit entry as the console shows it: labels instead of
// codes.
type auditView struct {
	store.AuditEntry
	ActionLabel string `json:"action_label"`
	ActorLabel  string `json:"actor_label"` // who, and from which surface (config.ConsoleLabels.Actor)
	BeforeText  string `json:"before_text,omitempty"`
	AfterText   string `json:"after_text,omitempty"`
}

// humanize turns what the audit log keeps of a state ("dispatched",
// "signed category=SRHW", {"state":"agent","agent":"wang"}) into zh-CN
// labels: states, roles and categories by name, fields by their label,
// the agent holding a conversation by the display name names gives its
// login (坐席：王芳, not 坐席：wang), where the account has one.
func (c *Console) humanize(s string, names map[string]string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	var obj map[string]any
	if strings.HasPrefix(s, "{") && json.Unmarshal([]byte(s), &obj) == nil {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			v := c.valueText(k, obj[k], names)
			if v == "" {
				continue
			}
			parts = append(parts, c.keyLabel(k)+"："+v)
		}
		return strings.Join(parts, "；")
	}
	parts := strings.Fields(s)
	for i, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok {
			parts[i] = c.keyLabel(k) + "：" + c.valueText(k, v, names)
			continue
		}
		parts[i] = c.valueText("", p, names)
	}
	return strings.Join(parts, "；")
}

func (c *Console) keyLabel(k string) string {
	if l, ok := c.labels.fields[k]; ok {
		return l
	}
	if l, ok := c.labels.auditKeys[k]; ok {
		return l
	}
	return c.labels.cfg.OtherKey
}

func (c *Console) valueText(k string, v any, names map[string]string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return c.labels.cfg.Yes
		}
		return c.labels.cfg.No
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if t := c.valueText(k, e, names); t != "" {
				out = append(out, t)
			}
		}
		return strings.Join(out, "、")
	case map[string]any:
		var on []string
		for f, b := range x {
			if b == true {
				on = append(on, c.valueText("", f, names))
			}
		}
		slices.Sort(on)
		return strings.Join(on, "、")
	case string:
		switch k {
		case "role":
			return c.RoleLabel(x)
		case "category":
			if ct, ok := c.o.Config.Category(x); ok {
				return ct.Name
			}
			return x
		case "agent":
			if n, ok := names[x]; ok {
				return n
			}
			return x
		case "state":
			if l, ok := c.labels.convStates[x]; ok {
				return l
			}
			return x
		case "due", "sign_due":
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return t.In(c.o.Calendar.Location()).Format("2006-01-02 15:04")
			}
		}
		if st := ticket.Status(x); st.Valid() {
			return c.statusLabel(st)
		}
		if l, ok := c.labels.flags[x]; ok {
			return l
		}
		return x
	}
	return fmt.Sprint(v)
}
