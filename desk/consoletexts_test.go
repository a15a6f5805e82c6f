package desk

import (
	"io"
	"io/fs"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"hotline/calls"
	"hotline/config"
)

// The ids a page or script uses: T("id") and T("id", {…}) in the scripts,
// {{t "id"}} and {{tcode "id" …}} in the pages.
var (
	jsTextRE    = regexp.MustCompile(`\bT\(\s*("[^"]*"|[^)"]*)`)
	jsTextIDRE  = regexp.MustCompile(`^"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"$`)
	htmlTextRE  = regexp.MustCompile(`\{\{\s*(?:t|tcode)\s+"([^"]+)"`)
	jsCommentRE = regexp.MustCompile(`(?m)^\s*//.*$`)
)

// usedTextIDs returns the ids of the console's texts that desk/static
// uses, by file, and reports a script's T(…) whose id is not a literal
// (a computed id could not be checked against the config).
func usedTextIDs(t *testing.T) map[string][]string {
	t.Helper()
	pages, err := fs.Sub(static, "static")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{}
	names, _ := fs.Glob(pages, "*.*")
	for _, name := range names {
		b, err := fs.ReadFile(pages, name)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(name, ".js"):
			for _, m := range jsTextRE.FindAllStringSubmatch(strings.ReplaceAll(jsCommentRE.ReplaceAllString(string(b), ""), "function T(", ""), -1) {
				id := jsTextIDRE.FindStringSubmatch(strings.TrimSpace(m[1]))
				if id == nil {
					t.Errorf("%s: T(%s…): a console text's id must be a literal \"area.name\", so that this test can check it", name, m[1])
					continue
				}
				used[id[1]] = append(used[id[1]], name)
			}
		case strings.HasSuffix(name, ".html"):
			for _, m := range htmlTextRE.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = append(used[m[1]], name)
			}
		}
	}
	// The confirmations of actions: the server's table names them
	// (confirm.go), the page shows the one an answer names (doneText).
	for _, ids := range confirmTexts {
		for _, id := range ids {
			if id != "" {
				used[id] = append(used[id], "confirm.go")
			}
		}
	}
	for _, id := range append(slices.Collect(maps.Values(convConfirmTexts)), confirmLeaderItem, confirmDutyAdd, confirmDutyDelete, confirmRegister, confirmRegisterDispatched, confirmRegisterHeld,
		confirmUserAdd, confirmUserSave, confirmUserDisable, confirmUserEnable, confirmInspectSample, confirmInspectScore) {
		used[id] = append(used[id], "confirm.go")
	}
	// The phone desk's, named by calls/confirm.go and shown by calls.js.
	for _, id := range calls.ConfirmTexts() {
		used[id] = append(used[id], "calls/confirm.go")
	}
	return used
}

// TestConsoleTextIDsInConfig: every text id desk/static uses is in the
// embedded default's console_texts, and every id there is used.
func TestConsoleTextIDsInConfig(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	used := usedTextIDs(t)
	if len(used) < 15 {
		t.Fatalf("found only %d text ids in desk/static: the scan is broken", len(used))
	}
	for id, files := range used {
		if _, ok := def.ConsoleTexts[id]; !ok {
			t.Errorf("console_texts.%s is used by %s but missing from config/default.yaml", id, strings.Join(slices.Compact(files), ", "))
		}
	}
	for _, id := range config.DefaultConsoleTextIDs() {
		if _, ok := used[id]; !ok {
			t.Errorf("console_texts.%s is in config/default.yaml but no page or script uses it", id)
		}
	}
}

// TestNoHanInStatic: no Chinese character is left in desk/static outside
// vendor/: the console's words are all in console_texts (comments refer
// to them by id or in English).
func TestNoHanInStatic(t *testing.T) {
	pages, err := fs.Sub(static, "static")
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(pages, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "vendor" {
				return fs.SkipDir
			}
			return nil
		}
		b, err := fs.ReadFile(pages, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("desk/static/%s:%d has Chinese words; move them to console_texts: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConsoleTextsFromConfig: a city's console_texts reach the pages
// served before login (filled on the server), the console's page and the
// scripts' table in GET /desk/api/meta.
func TestConsoleTextsFromConfig(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Config.ConsoleTexts["login.title"] = "坐席登录 <测试>"
		o.Config.ConsoleTexts["login.hint"] = "请向信息科申领账号，或运行 {command}。"
		o.Config.ConsoleTexts["not_found.heading"] = "找不到该页面"
		o.Config.ConsoleTexts["app.loading"] = "请稍候…"
	})
	get := func(path string) (int, http.Header, string) {
		t.Helper()
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	code, hdr, body := get("/desk/login")
	if code != 200 || !strings.Contains(body, "<title>坐席登录 &lt;测试&gt;</title>") ||
		!strings.Contains(body, "请向信息科申领账号，或运行 <code>hotline users add</code>。") ||
		!strings.Contains(body, `data-failed="登录失败"`) || strings.Contains(body, "{{") {
		t.Errorf("login page %d:\n%s", code, body)
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("login page CSP %q", csp)
	}
	if code, _, body := get("/desk/no-such-page"); code != 404 || !strings.Contains(body, "<h1>找不到该页面</h1>") || !strings.Contains(body, "返回工作台") {
		t.Errorf("404 page %d:\n%s", code, body)
	}
	if code, _, body := get("/desk/"); code != 200 || !strings.Contains(body, "请稍候…") || !strings.Contains(body, "<title>12345 工作台</title>") {
		t.Errorf("console page %d:\n%s", code, body)
	}
	// The templates themselves are not served as files.
	if code, _, body := get("/desk/static/login.html"); code != 404 || strings.Contains(body, "{{") {
		t.Errorf("GET /desk/static/login.html: %d\n%s", code, body)
	}
	// Nor is the folder, which a file server answers with its index.html
	// (the unfilled template) or a listing of the files; they and a
	// missing file get the console's own 404 page.
	for _, p := range []string{"/desk/static/", "/desk/static/vendor/", "/desk/static/no-such.js"} {
		if code, _, body := get(p); code != 404 || strings.Contains(body, "{{") || !strings.Contains(body, "<h1>找不到该页面</h1>") {
			t.Errorf("GET %s: %d\n%s", p, code, body)
		}
	}
	ck := e.login(t, "agent1")
	_, m := e.do(t, ck, "GET", "/desk/api/meta", nil)
	texts, _ := m["texts"].(map[string]any)
	if texts["app.loading"] != "请稍候…" || texts["app.logout"] != "退出" {
		t.Errorf("meta texts: app.loading %v, app.logout %v", texts["app.loading"], texts["app.logout"])
	}
}

// TestSupervisionBoxesNameTheirQueues: the supervision page's boxes of
// the orders that wait for the office are headed by the name the
// navigation gives their work queue (console_labels.queues), so that the
// office reads one name for one list (退单申请, not 退回待重新派单).
func TestSupervisionBoxesNameTheirQueues(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	queues := config.LabelMap(cfg.ConsoleLabels.Queues)
	for _, q := range []string{"review", "visit", "extension", "return"} {
		if box := cfg.ConsoleTexts["sup."+q]; !strings.HasPrefix(box, queues[q]) {
			t.Errorf("console_texts sup.%s %q does not begin with its work queue's name %q", q, box, queues[q])
		}
	}
}
