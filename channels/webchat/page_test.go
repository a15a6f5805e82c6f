package webchat

import (
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"hotline/config"
)

// The ids the page and its script use: {{t "id"}} in index.html,
// T("id") and T("id", {…}) in chat.js.
var (
	htmlTextRE  = regexp.MustCompile(`\{\{\s*t\s+"([^"]+)"`)
	jsTextRE    = regexp.MustCompile(`\bT\(\s*("[^"]*"|[^)"]*)`)
	jsTextIDRE  = regexp.MustCompile(`^"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"$`)
	jsCommentRE = regexp.MustCompile(`(?m)^\s*//.*$`)
)

// TestWebchatTextIDsInConfig: every text id the page or its script uses
// is in the embedded default's webchat_texts, and every id there is used.
func TestWebchatTextIDsInConfig(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{}
	page, _ := fs.ReadFile(static, "static/index.html")
	for _, m := range htmlTextRE.FindAllStringSubmatch(string(page), -1) {
		used[m[1]] = append(used[m[1]], "index.html")
	}
	script, _ := fs.ReadFile(static, "static/chat.js")
	code := strings.ReplaceAll(jsCommentRE.ReplaceAllString(string(script), ""), "function T(", "")
	for _, m := range jsTextRE.FindAllStringSubmatch(code, -1) {
		id := jsTextIDRE.FindStringSubmatch(strings.TrimSpace(m[1]))
		if id == nil {
			t.Errorf("chat.js: T(%s…): a text's id must be a literal \"area.name\", so that this test can check it", m[1])
			continue
		}
		used[id[1]] = append(used[id[1]], "chat.js")
	}
	if len(used) < 15 {
		t.Fatalf("found only %d text ids in channels/webchat/static: the scan is broken", len(used))
	}
	for id, files := range used {
		if _, ok := def.WebchatTexts[id]; !ok {
			t.Errorf("webchat_texts.%s is used by %s but missing from config/default.yaml", id, strings.Join(slices.Compact(files), ", "))
		}
	}
	for _, id := range config.DefaultWebchatTextIDs() {
		if _, ok := used[id]; !ok {
			t.Errorf("webchat_texts.%s is in config/default.yaml but neither the page nor its script uses it", id)
		}
	}
}

// TestNoHanInStatic: no Chinese character is left in
// channels/webchat/static outside the script's comments: the page's words
// are all in webchat_texts (the page's lang="zh-CN" is no word).
func TestNoHanInStatic(t *testing.T) {
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasSuffix(p, ".js") && jsCommentRE.MatchString(line) {
				continue
			}
			if strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("channels/webchat/%s:%d has Chinese words; move them to webchat_texts: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPageFromConfig: a city's webchat_texts reach the page, escaped,
// and the table its script reads; the quick buttons send the first of
// the bot's commands; the template itself is never served as a file.
func TestPageFromConfig(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.WebchatTexts["page.title"] = "市民热线 <在线>"
	cfg.WebchatTexts["quick.human"] = "找客服"
	cfg.WebchatTexts["who.bot"] = `小济 </script><b>"助手"</b>`
	cfg.WebchatTexts["notice.too_long"] = "太长了（{n}/{max}）"
	cfg.Bot.HumanCommands = []string{"找客服", "人工"}
	c := New(nil, nil, "/chat", []byte("key"))
	if err := c.SetPage(cfg); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	c.Routes(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	get := func(p string) (int, http.Header, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	code, hdr, body := get("/chat/")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /chat/: %d %s", code, hdr.Get("Content-Type"))
	}
	for _, want := range []string{
		"<title>市民热线 &lt;在线&gt;</title>",
		`<button type="button" data-text="找客服">找客服</button>`,
		`<button type="button" data-text="查询">查询进度</button>`,
		`<button type="button" data-text="取消">取消</button>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "{{") || strings.Count(body, "</script>") != 2 {
		t.Errorf("the page is not filled, or a text closed its script:\n%s", body)
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="texts">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no texts for the script in the page:\n%s", body)
	}
	var texts map[string]string
	if err := json.Unmarshal([]byte(m[1]), &texts); err != nil {
		t.Fatalf("the script's texts: %v\n%s", err, m[1])
	}
	if texts["who.bot"] != cfg.WebchatTexts["who.bot"] || texts["notice.too_long"] != "太长了（{n}/{max}）" || texts["who.agent"] != "人工坐席" {
		t.Errorf("the script's texts: who.bot %q, notice.too_long %q, who.agent %q", texts["who.bot"], texts["notice.too_long"], texts["who.agent"])
	}
	// The template is not served as a file, whatever its name.
	if code, _, body := get("/chat/index.html"); code == 200 && strings.Contains(body, "{{") {
		t.Errorf("GET /chat/index.html serves the template")
	}
	for _, p := range []string{"/chat/static/index.html", "/chat/no-such.js", "/chat/x.html"} {
		if code, _, body := get(p); code != 404 || strings.Contains(body, "{{") {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	if code, _, body := get("/chat/chat.js"); code != 200 || !strings.Contains(body, `T("notice.offline")`) {
		t.Errorf("GET /chat/chat.js: %d", code)
	}
	if code, _, _ := get("/chat/chat.css"); code != 200 {
		t.Errorf("GET /chat/chat.css: %d", code)
	}
	// Without SetPage, the embedded default's words.
	plain := http.NewServeMux()
	New(nil, nil, "/talk", []byte("key")).Routes(plain)
	rec := httptest.NewRecorder()
	plain.ServeHTTP(rec, httptest.NewRequest("GET", "/talk/", nil))
	if want := "<title>" + html.EscapeString(cfg.WebchatTexts.Text("page.title")) + "</title>"; rec.Code != 200 || strings.Contains(rec.Body.String(), want) ||
		!strings.Contains(rec.Body.String(), "<title>12345 市长公开电话 · 在线留言</title>") {
		t.Errorf("GET /talk/ without SetPage: %d\n%s", rec.Code, rec.Body.String())
	}
}
