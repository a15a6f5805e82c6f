package desk

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Order search and export (工单查询): the readers' list with filters,
// sort and pages, and the same filter exported to XLSX or CSV.

// Search limits.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
	MaxExportRows  = 50000
)

// orderQuery is a search of the order list, read from the URL's query.
type orderQuery struct {
	Number     string // part of an order number
	Phone      string // the citizen's phone in any format (its key)
	Keyword    string // in title, description, address, reply
	Department string // lead or co-handling department
	Category   string // category code
	Status     ticket.Status
	District   string
	Flag       string    // one of searchFlags: 批示件, 督办, 领导接听件…
	From, To   time.Time // accepted (received) in [From, To)
	Sort       string    // accepted, due, number, status, department, category
	Order      string    // asc, desc; empty: due nearest first, the others newest first
	Page       int
	PerPage    int
	// Archived includes the orders of the yearly archive (read-only); an
	// order's whole number finds it there anyway.
	Archived bool
	// Scope, for a department's user, is their department: only the
	// orders dispatched to it, as lead or co-handling department, match
	// (workflow.DepartmentSees), whatever the other filters say (another
	// department's order, or one still waiting in 待派单 with it as the
	// suggested department, is not there at all).
	Scope string
}

// searchFlags are the marks an order search can ask for, in the order of
// the console's list, each with what the order says of it: a leader's
// 批示件 and their state, say, are all the orders with the instruction
// mark, whatever their state.
var searchFlags = []searchFlag{
	{"instruction", func(f ticket.Flags) bool { return f.Instruction }},
	{"supervised", func(f ticket.Flags) bool { return f.Supervised }},
	{"leader_item", func(f ticket.Flags) bool { return f.LeaderItem }},
	{"repeat", func(f ticket.Flags) bool { return f.Repeat }},
	{"emergency", func(f ticket.Flags) bool { return f.Emergency }},
	{"not_visited", func(f ticket.Flags) bool { return f.NotVisited }},
}

// searchFlag is a mark an order search can ask for: its code (the
// order's flag in JSON, console_labels.flags) and whether flags have it.
type searchFlag struct {
	code string
	has  func(ticket.Flags) bool
}

// flagOf returns the search mark code, or false.
func flagOf(code string) (searchFlag, bool) {
	i := slices.IndexFunc(searchFlags, func(f searchFlag) bool { return f.code == code })
	if i < 0 {
		return searchFlag{}, false
	}
	return searchFlags[i], true
}

// sortKeys are the columns a list can be sorted by; "open" puts the
// orders a department still holds (to sign, handle or redo) first, then
// the rest, each newest first: a department's default, so that what is
// left to do is not lost among months of finished orders.
var sortKeys = []string{"accepted", "due", "number", "status", "department", "category", "open"}

// parseOrderQuery reads and checks a search; every problem is a 400 or 422
// that names the field.
func (c *Console) parseOrderQuery(a Actor, v url.Values) (orderQuery, error) {
	cfg := c.o.Config
	q := orderQuery{
		Number: strings.TrimSpace(v.Get("number")), Keyword: strings.TrimSpace(v.Get("q")),
		Department: strings.TrimSpace(v.Get("department")), Category: strings.TrimSpace(v.Get("category")),
		Status: ticket.Status(strings.TrimSpace(v.Get("status"))), District: strings.TrimSpace(v.Get("district")),
		Flag: strings.TrimSpace(v.Get("flag")),
		Sort: v.Get("sort"), Order: v.Get("order"), Page: 1, PerPage: DefaultPerPage,
		Archived: v.Get("archived") == "1" || v.Get("archived") == "true",
	}
	if p := strings.TrimSpace(v.Get("phone")); p != "" {
		q.Phone = phoneQuery(p)
		if len(q.Phone) < 4 {
			return q, httpx.ErrBadQuery.WithText(txtPhoneDigits, config.HTTPErrorData{Min: 4})
		}
	}
	if q.Status != "" && !q.Status.Valid() {
		return q, httpx.ErrBadStatus.With(string(q.Status))
	}
	if q.Department != "" {
		if _, ok := cfg.Department(q.Department); !ok {
			return q, httpx.ErrBadDepartment.With(q.Department)
		}
	}
	if err := checkPlace(cfg, q.Category, q.District); err != nil {
		return q, err
	}
	if _, ok := flagOf(q.Flag); q.Flag != "" && !ok {
		return q, httpx.ErrBadQuery.WithText(txtUnknownFlag, config.HTTPErrorData{Value: q.Flag})
	}
	loc := c.o.Calendar.Location()
	for _, d := range []struct {
		key  string
		what httpx.Text
		dst  *time.Time
		next bool
	}{{"from", inDateFrom, &q.From, false}, {"to", inDateTo, &q.To, true}} {
		s := strings.TrimSpace(v.Get(d.key))
		if s == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return q, httpx.ErrBadDate.WithFunc(d.what)
		}
		if d.next {
			day = day.AddDate(0, 0, 1)
		}
		*d.dst = day
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, httpx.ErrBadQuery.WithText(txtDatesReversed, noData)
	}
	if a.Role == RoleDepartment {
		q.Scope = a.Department
		if q.Scope == "" { // a department account without one sees nothing
			q.Scope = "\x00"
		}
	}
	if q.Sort == "" {
		q.Sort = "accepted"
		if q.Scope != "" {
			q.Sort = "open"
		}
	}
	if !slices.Contains(sortKeys, q.Sort) || q.Order != "" && q.Order != "asc" && q.Order != "desc" {
		return q, httpx.ErrBadQuery.WithText(txtBadSort, noData)
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, httpx.ErrBadQuery.WithText(txtBadPage, noData)
		}
		q.Page = n
	}
	if s := v.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPerPage {
			return q, httpx.ErrBadQuery.WithText(txtBadPerPage, config.HTTPErrorData{Max: MaxPerPage})
		}
		q.PerPage = n
	}
	return q, nil
}

// phoneQuery is the phone part of a search: a whole number however
// written ("+86 139-5370-6688", "0086 13953706688", "１３９５３７０６６８")
// as its storage key (domain.Key), or the digits of a part of one ("0042").
func phoneQuery(raw string) string {
	if d := domain.Digits(raw); len(d) < 11 {
		return d
	}
	return domain.Key(raw)
}

// match reports whether tk is in the search.
func (q *orderQuery) match(tk *ticket.Ticket) bool {
	if q.Scope != "" && !workflow.DepartmentSees(q.Scope, tk) ||
		q.Status != "" && tk.Status != q.Status ||
		q.Department != "" && tk.Department != q.Department && !slices.Contains(tk.CoDepartments, q.Department) ||
		q.Category != "" && tk.Category != q.Category ||
		!workflow.DistrictMatches(q.District, tk.District) ||
		q.Flag != "" && !q.hasFlag(tk) ||
		q.Number != "" && !strings.Contains(tk.Number, q.Number) {
		return false
	}
	at := acceptedAt(tk)
	if !q.From.IsZero() && at.Before(q.From) || !q.To.IsZero() && !at.Before(q.To) {
		return false
	}
	if q.Phone != "" {
		k := domain.Key(tk.Phone)
		if k == "" || !(k == q.Phone || len(q.Phone) < 11 && strings.Contains(k, q.Phone)) {
			return false
		}
	}
	if q.Keyword != "" {
		kw := strings.ToLower(q.Keyword)
		found := false
		for _, s := range []string{tk.Number, tk.Title, tk.Description, tk.Address, tk.Reply, tk.Town} {
			if strings.Contains(strings.ToLower(s), kw) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// hasFlag reports whether tk has the mark q asks for.
func (q *orderQuery) hasFlag(tk *ticket.Ticket) bool {
	f, ok := flagOf(q.Flag)
	return ok && f.has(tk.Flags)
}

func acceptedAt(tk *ticket.Ticket) time.Time {
	if !tk.AcceptedAt.IsZero() {
		return tk.AcceptedAt
	}
	return tk.ReceivedAt
}

// sortItems orders the list by q.Sort and q.Order, then by number.
func (q *orderQuery) sortItems(list []Item) {
	key := func(a, b Item) int {
		switch q.Sort {
		case "due":
			// Orders without a deadline go last either way.
			switch az, bz := a.Due.IsZero(), b.Due.IsZero(); {
			case az && !bz:
				return 1
			case bz && !az:
				return -1
			}
			return a.Due.Compare(b.Due)
		case "number":
			return cmp.Compare(a.Number, b.Number)
		case "status":
			return cmp.Compare(slices.Index(ticket.AllStatuses(), a.Status), slices.Index(ticket.AllStatuses(), b.Status))
		case "department":
			return cmp.Compare(a.Department, b.Department)
		case "category":
			return cmp.Compare(a.Category, b.Category)
		case "open":
			// Held by a department sorts after the rest, so that the
			// (default) descending order puts it first.
			if oa, ob := a.Status.AtDepartment(), b.Status.AtDepartment(); oa != ob {
				if oa {
					return 1
				}
				return -1
			}
		}
		return acceptedAt(a.Ticket).Compare(acceptedAt(b.Ticket))
	}
	desc := q.Order == "desc" || q.Order == "" && q.Sort != "due"
	slices.SortStableFunc(list, func(a, b Item) int {
		d := key(a, b)
		if d == 0 {
			d = cmp.Compare(a.Number, b.Number)
		}
		if desc {
			d = -d
		}
		return d
	})
}

// find runs the search: every matching order, sorted, and which of them
// are archived.
func (c *Console) find(q orderQuery) ([]Item, map[string]bool, error) {
	// The store's status index narrows; the rest is filtered here (a
	// department matches as lead or co-handling, which no index holds).
	list, err := c.o.Workflow.Orders(store.TicketFilter{Status: q.Status})
	if err != nil {
		return nil, nil, c.wfError(err)
	}
	out := list[:0]
	for _, it := range list {
		if it.Ticket != nil && q.match(it.Ticket) {
			out = append(out, it)
		}
	}
	archived, err := c.findArchived(q, &out)
	if err != nil {
		return nil, nil, err
	}
	q.sortItems(out)
	return out, archived, nil
}

// findArchived adds the archived orders of the search to out: the one a
// whole number names, or, when the search includes the archive, every
// match of the years the dates reach.
func (c *Console) findArchived(q orderQuery, out *[]Item) (map[string]bool, error) {
	arch := c.o.Store.Archive()
	if arch == nil {
		return nil, nil
	}
	archived := map[string]bool{}
	live := map[string]bool{}
	for _, it := range *out {
		live[it.Number] = true
	}
	add := func(tk *ticket.Ticket) {
		if !live[tk.Number] && !archived[tk.Number] && q.match(tk) {
			archived[tk.Number] = true
			*out = append(*out, Item{Ticket: tk})
		}
	}
	if _, _, err := ticket.ParseNumber(q.Number); err == nil && !q.Archived {
		tk, err := arch.Ticket(q.Number)
		if err == nil {
			add(tk)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return archived, nil
	}
	if !q.Archived {
		return archived, nil
	}
	loc := c.o.Calendar.Location()
	err := arch.EachTicketOf(func(year string) bool {
		// An order's year is its number's, the year it was received.
		return (q.From.IsZero() || year >= q.From.In(loc).Format("2006")) &&
			(q.To.IsZero() || year <= q.To.Add(-time.Nanosecond).In(loc).Format("2006"))
	}, func(tk *ticket.Ticket) error {
		add(tk)
		return nil
	})
	return archived, err
}

func (c *Console) orders(w http.ResponseWriter, r *http.Request) error {
	q, err := c.parseOrderQuery(actorOf(r), r.URL.Query())
	if err != nil {
		return err
	}
	all, archived, err := c.find(q)
	if err != nil {
		return err
	}
	total := len(all)
	lo := min((q.Page-1)*q.PerPage, total)
	hi := min(lo+q.PerPage, total)
	type listItem struct {
		Item
		Archived bool `json:"archived,omitempty"` // 已归档: read-only
	}
	page := make([]listItem, 0, hi-lo)
	for _, it := range c.maskItems(all[lo:hi]) {
		page = append(page, listItem{Item: it, Archived: archived[it.Number]})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"orders": page, "total": total,
		"page": q.Page, "per_page": q.PerPage, "pages": max(1, (total+q.PerPage-1)/q.PerPage)})
	return nil
}

// exportColumns are the headings of an export's columns, in order
// (desk_texts.export.columns, named by console_labels.fields).
// exportIDs are the columns of an export of the search q: a search for
// 批示件 has its own (desk_texts.export.instruction_columns: the
// instruction, its leader, when, how it stands), any other the columns.
func (c *Console) exportIDs(q orderQuery) []string {
	if q.Flag == "instruction" {
		return c.o.Config.DeskTexts.Export.InstructionColumns
	}
	return c.o.Config.DeskTexts.Export.Columns
}

// archivedLabel is the state of an archived order (desk_texts.archived).
func (c *Console) archivedLabel(status string) string {
	return config.Render(c.o.Config.DeskTexts.Archived, config.DeskTextData{Status: status})
}

func (c *Console) exportRow(cols []string, it Item, archived bool) []string {
	t := c.maskTicket(it.Ticket)
	loc := c.o.Calendar.Location()
	tm := func(x time.Time) string {
		if x.IsZero() {
			return ""
		}
		return x.In(loc).Format("2006-01-02 15:04")
	}
	row := make([]string, len(cols))
	for i, id := range cols {
		row[i] = c.exportCell(id, t, it.Warning, archived, tm)
	}
	return row
}

// exportCell is the value of the column id (one of config.ExportFields)
// for the order t, masked.
func (c *Console) exportCell(id string, t *ticket.Ticket, warning string, archived bool, tm func(time.Time) string) string {
	switch id {
	case "number":
		return t.Number
	case "status":
		if archived {
			return c.archivedLabel(c.statusLabel(t.Status))
		}
		return c.statusLabel(t.Status)
	case "title":
		return t.Title
	case "description":
		return t.Description
	case "type":
		return t.Type
	case "category":
		if ct, ok := c.o.Config.Category(t.Category); ok {
			return ct.Name
		}
		return t.Category
	case "department":
		return t.Department
	case "co_departments":
		return strings.Join(t.CoDepartments, "、")
	case "district":
		return t.District
	case "town":
		return t.Town
	case "address":
		return t.Address
	case "urgency":
		return t.Urgency
	case "channel":
		return c.ChannelLabel(t.Channel)
	case "phone":
		return t.Phone
	case "accepted_at":
		return tm(acceptedAt(t))
	case "sign_due":
		return tm(t.SignDue)
	case "due":
		return tm(t.Due)
	case "warning":
		return c.labels.warnings[warning]
	case "reply":
		return t.Reply
	case "satisfaction":
		return t.Satisfaction
	case "repeat_of":
		return t.RepeatOf
	case "instruction_due":
		return tm(t.InstructionDue)
	case "instruction", "leader", "instructed_at":
		// The latest instruction (a later one starts the deadline again).
		for i := len(t.Events) - 1; i >= 0; i-- {
			if ev := t.Events[i]; ev.Action == "instruct" {
				switch id {
				case "instruction":
					return ev.Note
				case "leader":
					return ev.Fields[workflow.FieldLeader][1]
				}
				return tm(ev.At)
			}
		}
		return ""
	case "instruction_state":
		state, _, late := ticket.InstructionState(t, c.now())
		if state == "" {
			return ""
		}
		label := config.LabelMap(c.o.Config.ReportTexts.InstructionStates)[state]
		if late {
			label += c.o.Config.ReportTexts.DoneLate
		}
		return label
	}
	return ""
}

// export writes the orders of the search (all pages) as XLSX or CSV
// (UTF-8 with a byte-order mark, so that Excel reads the Chinese).
// Phone numbers are masked as on screen. The export is audited.
func (c *Console) export(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	format := v.Get("format")
	if format != "xlsx" && format != "csv" {
		return httpx.ErrBadQuery.WithText(txtExportFormat, noData)
	}
	q, err := c.parseOrderQuery(actorOf(r), v)
	if err != nil {
		return err
	}
	all, archived, err := c.find(q)
	if err != nil {
		return err
	}
	if len(all) > MaxExportRows {
		return httpx.ErrBadQuery.WithText(txtExportTooMany, config.HTTPErrorData{Count: len(all), Max: MaxExportRows})
	}
	var buf bytes.Buffer
	if format == "csv" {
		buf.WriteString("\uFEFF")
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true
		cols := c.exportIDs(q)
		_ = cw.Write(c.o.Config.DeskTexts.Export.Headings(c.o.Config.ConsoleLabels.Fields, cols))
		for _, it := range all {
			row := c.exportRow(cols, it, archived[it.Number])
			for i, s := range row {
				row[i] = csvSafe(s)
			}
			_ = cw.Write(row)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	} else if err := c.writeXLSX(&buf, c.exportIDs(q), all, archived); err != nil {
		return err
	}
	a := actorOf(r)
	c.audit(a, "order.export", "", nil, map[string]any{"format": format, "count": len(all), "filter": v.Encode()})
	name := config.Render(c.o.Config.DeskTexts.Export.FileName,
		config.DeskTextData{Time: c.now().In(c.o.Calendar.Location()).Format("20060102-1504")}) + "." + format
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (c *Console) writeXLSX(buf *bytes.Buffer, ids []string, all []Item, archived map[string]bool) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet, columns := c.o.Config.DeskTexts.Export.Sheet, c.o.Config.DeskTexts.Export.Headings(c.o.Config.ConsoleLabels.Fields, ids)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	// The stream writer writes the sheet's dimension when it starts; left
	// at A1, readers that trust it (openpyxl's read-only mode) see one
	// cell.
	last, _ := excelize.CoordinatesToCellName(len(columns), len(all)+1)
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := map[string]float64{"number": 15, "title": 24, "description": 48, "department": 20, "address": 28, "reply": 40, "instruction": 40}
	for i, id := range ids {
		if wd, ok := widths[id]; ok {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return err
			}
		}
	}
	cells := func(row []string) []any {
		out := make([]any, len(row))
		for i, s := range row {
			out[i] = s
		}
		return out
	}
	if err := sw.SetRow("A1", cells(columns)); err != nil {
		return err
	}
	for i, it := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells(c.exportRow(ids, it, archived[it.Number]))); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(buf)
}

// contentDisposition names a download, with the UTF-8 name for browsers
// and an ASCII fallback.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII || r == '"' || r == '\\' || r < ' ' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, url.PathEscape(name))
}
