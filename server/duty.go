package server

import (
	"html/template"
	"net/http"

	"hotline/duty"
)

var dutyPage = template.Must(template.New("duty").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.City}}领导接听安排</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; padding: 16px; color: #222; max-width: 720px; margin: 0 auto; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.sub { color: #666; margin: 0 0 16px; font-size: 14px; }
.s { border: 1px solid #ddd; border-radius: 8px; padding: 12px; margin-bottom: 10px; }
.s .when { font-weight: bold; color: #c0392b; }
.s .who { font-size: 17px; margin: 4px 0; }
.s .topic { color: #444; font-size: 14px; }
</style></head><body>
<h1>{{.City}}领导接听安排</h1>
<p class="sub">拨打 {{.Hotline}} 或通过微信、短信、网页留言反映诉求；以下为近 {{.Days}} 天的领导接听安排。</p>
{{range .Sessions}}<div class="s"><div class="when">{{.Date}} {{.Start}}-{{.End}}</div><div class="who">{{.Title}} {{.Leader}}</div>{{if .Department}}<div class="topic">{{.Department}}</div>{{end}}{{if .Topic}}<div class="topic">主题：{{.Topic}}</div>{{end}}</div>
{{else}}<p>近期暂无领导接听安排。</p>{{end}}
</body></html>
`))

// duty is the public page of the leaders' duty sessions: no login, no
// script, nothing from elsewhere.
func (s *Server) duty(w http.ResponseWriter, r *http.Request) {
	cfg := s.Config
	list, err := duty.Published(s.Store, s.now(), cfg.Location(), cfg.Duty.PublishDays)
	if err != nil {
		s.log.Error("duty sessions", "err", err)
		http.Error(w, "服务暂不可用", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	_ = dutyPage.Execute(w, map[string]any{"City": cfg.City.Name, "Hotline": cfg.City.Hotline, "Days": cfg.Duty.PublishDays, "Sessions": list})
}
