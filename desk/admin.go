package desk

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"hotline/httpx"
	"hotline/store"
)

// userView is an account without its password hash.
type userView struct {
	Name       string    `json:"name"`
	Role       string    `json:"role"`
	RoleLabel  string    `json:"role_label"`
	Department string    `json:"department,omitempty"`
	Disabled   bool      `json:"disabled,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

func (c *Console) users(w http.ResponseWriter, r *http.Request) error {
	list, err := Users(c.o.Store)
	if err != nil {
		return err
	}
	out := make([]userView, 0, len(list))
	for _, u := range list {
		out = append(out, userView{u.Name, u.Role, RoleLabel(u.Role), u.Department, u.Disabled, u.CreatedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"users": out})
	return nil
}

func (c *Console) addUser(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name       string `json:"name"`
		Role       string `json:"role"`
		Department string `json:"department"`
		Password   string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	a := actorOf(r)
	u, err := NewUser(c.o.Config, req.Name, req.Role, req.Department, req.Password, c.now())
	if err != nil {
		return httpx.Errorf(http.StatusUnprocessableEntity, "bad_user", "%v", err)
	}
	if err := AddUser(c.o.Store, u, "desk:"+a.Name); err != nil {
		if errors.Is(err, ErrUserExists) {
			return httpx.Errorf(http.StatusConflict, "exists", "用户 %s 已存在", u.Name)
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"user": userView{u.Name, u.Role, RoleLabel(u.Role), u.Department, false, u.CreatedAt}})
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
	if err := c.o.Store.View(func(tx *store.Tx) error {
		var err error
		list, err = tx.AuditLog(limit)
		return err
	}); err != nil {
		return err
	}
	for i := range list {
		list[i].Before, list[i].After, list[i].Object = mask(list[i].Before), mask(list[i].After), mask(list[i].Object)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"audit": list})
	return nil
}
