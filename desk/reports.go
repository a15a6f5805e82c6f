package desk

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"hotline/httpx"
	"hotline/report"
)

// Reports and the live dashboard (package report). Supervisors, leaders
// and administrators see everything; a department sees its own rows.
var (
	roleReports   = []string{RoleSupervisor, RoleLeader, RoleAdmin, RoleDepartment}
	roleDashboard = []string{RoleSupervisor, RoleLeader, RoleAdmin}
)

// reportRoutes registers the reports page and its API.
func (c *Console) reportRoutes(in *http.ServeMux) {
	in.Handle("GET /desk/reports", c.reportsPage())
	in.Handle("GET /desk/api/reports", c.auth(roleReports, c.reportList))
	in.Handle("GET /desk/api/reports/{kind}/{period}", c.auth(roleReports, c.reportGet))
	in.Handle("GET /desk/api/dashboard", c.auth(roleDashboard, c.dashboard))
}

// reportsPage serves reports.html (the dashboard and the archive) to the
// roles that may read reports.
func (c *Console) reportsPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _, err := c.session(w, r)
		if err != nil {
			http.Redirect(w, r, "/desk/login?next="+url.QueryEscape(r.URL.Path), http.StatusFound)
			return
		}
		if !slices.Contains(roleReports, u.Role) {
			c.servePage(w, r, "404.html", http.StatusNotFound)
			return
		}
		c.servePage(w, r, "reports.html", http.StatusOK)
	})
}

func (c *Console) reportList(w http.ResponseWriter, r *http.Request) error {
	list, err := report.List(c.o.Store)
	if err != nil {
		return err
	}
	if list == nil {
		list = []report.Entry{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"reports": list})
	return nil
}

// ErrReportNotFound: no such generated report.
var errReportNotFound = httpx.New(http.StatusNotFound, "not_found", txtReportNotFound, noData)

func (c *Console) reportGet(w http.ResponseWriter, r *http.Request) error {
	rep, err := report.Load(c.o.Store, r.PathValue("kind"), r.PathValue("period"))
	if errors.Is(err, report.ErrNotArchived) {
		return errReportNotFound
	}
	if err != nil {
		return err
	}
	if rep.KindLabel == "" { // generated before reports kept it
		rep.KindLabel = c.o.Config.ReportTexts.Kinds.Label(rep.Kind)
	}
	if a := actorOf(r); a.Role == RoleDepartment {
		rep = report.ForDepartment(rep, a.Department)
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = report.FormatJSON
	}
	var buf bytes.Buffer
	if format != report.FormatJSON && format != report.FormatXLSX && format != report.FormatHTML {
		return httpx.ErrBadQuery.WithText(txtReportFormat, noData)
	}
	if err := report.Write(&buf, rep, format, c.o.Config.ReportTexts); err != nil {
		return err
	}
	w.Header().Set("Content-Type", report.ContentType(format))
	w.Header().Set("Cache-Control", "no-store")
	if format == report.FormatHTML {
		// The printable page carries its own styles and no script.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
	} else if format == report.FormatXLSX {
		w.Header().Set("Content-Disposition", `attachment; filename="hotline-`+rep.Kind+"-"+url.PathEscape(rep.Period)+"."+format+`"`)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (c *Console) dashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := report.MakeDashboard(c.o.Store, c.o.Config, c.now())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}
