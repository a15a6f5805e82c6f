package server

import (
	"html/template"
	"net/http"

	"hotline/config"
	"hotline/duty"
)

var dutyPage = template.Must(template.New("duty").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; padding: 16px; color: #222; max-width: 720px; margin: 0 auto; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.sub { color: #666; margin: 0 0 16px; font-size: 14px; }
.s { border: 1px solid #ddd; border-radius: 8px; padding: 12px; margin-bottom: 10px; }
.s .when { font-weight: bold; color: #c0392b; }
.s .who { font-size: 17px; margin: 4px 0; }
.s .topic { color: #444; font-size: 14px; }
</style></head><body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Intro}}</p>
{{range .Sessions}}<div class="s"><div class="when">{{.When}}</div><div class="who">{{.Title}} {{.Leader}}</div>{{if .Department}}<div class="topic">{{.Department}}</div>{{end}}{{with .Topic}}<div class="topic">{{.}}</div>{{end}}</div>
{{else}}<p>{{.None}}</p>{{end}}
</body></html>
`))

// duty is the public page of the leaders' duty sessions: no login, no
// script, nothing from elsewhere.
func (s *Server) duty(w http.ResponseWriter, r *http.Request) {
	cfg := s.Config
	list, err := duty.Published(s.Store, s.now(), cfg.Location(), cfg.Duty.PublishDays)
	if err != nil {
		s.log.Error("duty sessions", "err", err)
		http.Error(w, cfg.DutyTexts.Unavailable, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	t := cfg.DutyTexts
	page := config.DutyPageData{City: cfg.City.Name, Hotline: cfg.City.Hotline, Days: cfg.Duty.PublishDays}
	type session struct {
		duty.Session
		When, Topic string
	}
	sessions := make([]session, len(list))
	for i, se := range list {
		data := duty.SessionData(se, cfg.Location(), t)
		sessions[i] = session{Session: se, When: config.Render(t.PageWhen, data)}
		if se.Topic != "" {
			sessions[i].Topic = config.Render(t.PageTopic, data)
		}
	}
	_ = dutyPage.Execute(w, map[string]any{"Title": config.Render(t.PageTitle, page), "Intro": config.Render(t.PageIntro, page),
		"None": t.None, "Sessions": sessions})
}
