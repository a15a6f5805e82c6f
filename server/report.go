package server

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"hotline/config"
	"hotline/httpx"
	"hotline/report"
)

// report answers GET /api/admin/report?kind=monthly&period=2026-11
// [&from=&to=]&format=json|xlsx|html: `hotline report` while the server
// holds the database. The desk token protects it, as for backups.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.DeskToken)) != 1 {
		httpx.WriteError(w, r, httpx.ErrBadToken)
		return
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = report.FormatJSON
	}
	if format != report.FormatJSON && format != report.FormatXLSX && format != report.FormatHTML {
		httpx.WriteError(w, r, httpx.ErrBadQuery.WithText(func(m *config.HTTPErrors) string { return m.Desk.ReportFormat }, config.HTTPErrorData{}))
		return
	}
	cfg := s.Config
	p, err := report.ParsePeriod(q.Get("kind"), q.Get("period"), q.Get("from"), q.Get("to"), cfg.Location())
	if err != nil {
		httpx.WriteError(w, r, httpx.ErrBadQuery.WithText(func(m *config.HTTPErrors) string { return m.Desk.BadPeriod }, config.HTTPErrorData{Error: report.PeriodText(err, cfg.ReportTexts)}))
		return
	}
	rep, err := report.Make(s.Store, cfg, p, s.now())
	if err != nil {
		s.log.Error("report failed", "err", err)
		httpx.WriteError(w, r, httpx.ErrInternal)
		return
	}
	w.Header().Set("Content-Type", report.ContentType(format))
	if err := report.Write(w, rep, format, cfg.ReportTexts); err != nil {
		s.log.Error("report write failed", "err", err)
	}
}

// reportOut tells the leaders that a scheduled report is out, through the
// departments' notification channels (notify.leaders), when there are any.
func (s *Server) reportOut(e report.Entry) {
	if s.Notify == nil {
		return
	}
	if _, err := s.Notify.ReportOut(config.ReportNoticeData{Kind: e.Kind, Period: e.Period, Label: e.Label,
		From: e.From, To: e.To, Received: e.Received}); err != nil {
		s.log.Error("telling the leaders of a new report failed", "kind", e.Kind, "period", e.Period, "err", err)
	}
}
