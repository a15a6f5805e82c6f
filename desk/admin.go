package desk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/config"
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

// MaxAuditRows is the most audit entries one read or export of the log
// gives (the newest).
const MaxAuditRows = 5000

// auditLimit is the request's limit=N (1 to MaxAuditRows), else def.
func auditLimit(r *http.Request, def int) int {
	if s := r.URL.Query().Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= MaxAuditRows {
			return n
		}
	}
	return def
}

// auditViews reads the newest limit entries of the audit log as the
// console shows them: masked, with labels instead of codes.
func (c *Console) auditViews(r *http.Request, limit int) ([]auditView, error) {
	var list []store.AuditEntry
	if err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		var err error
		list, err = tx.AuditLog(limit)
		return err
	}); err != nil {
		return nil, err
	}
	out := make([]auditView, 0, len(list))
	names := c.staffNames()
	for _, e := range list {
		e.Before, e.After, e.Object = mask(e.Before), mask(e.After), mask(e.Object)
		out = append(out, auditView{AuditEntry: e, ActionLabel: c.ActionLabel(e.Action), ActorLabel: c.labels.cfg.Actor(e.Actor, names),
			BeforeText: c.humanize(e.Before, names), AfterText: c.humanize(e.After, names)})
	}
	return out, nil
}

func (c *Console) auditLog(w http.ResponseWriter, r *http.Request) error {
	out, err := c.auditViews(r, auditLimit(r, 200))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"audit": out})
	return nil
}

// auditExport writes the newest entries of the audit log (limit=N, all
// up to MaxAuditRows by default) as XLSX, in the audit view's words: its
// headings (console_texts audit.time … audit.after), who acted and from
// where (config.ConsoleLabels.Actor), the actions' labels, the states
// before and after as the view reads them, masked alike. The export is
// itself audited.
func (c *Console) auditExport(w http.ResponseWriter, r *http.Request) error {
	list, err := c.auditViews(r, auditLimit(r, MaxAuditRows))
	if err != nil {
		return err
	}
	texts, t := c.o.Config.ConsoleTexts, c.o.Config.DeskTexts.AuditExport
	loc := c.o.Calendar.Location()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(6, len(list)+1)
	if err := f.SetSheetDimension(t.Sheet, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{18, 20, 14, 22, 40, 40} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{texts["audit.time"], texts["audit.actor"], texts["audit.action"], texts["audit.object"], texts["audit.before"], texts["audit.after"]}); err != nil {
		return err
	}
	for i, e := range list {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{e.At.In(loc).Format("2006-01-02 15:04:05"), e.ActorLabel, e.ActionLabel, e.Object, e.BeforeText, e.AfterText}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	c.audit(actorOf(r), "audit.export", "", nil, map[string]any{"format": "xlsx", "count": len(list)})
	name := config.Render(t.FileName, config.DeskTextData{Time: c.now().In(loc).Format("20060102-1504")}) + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
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
