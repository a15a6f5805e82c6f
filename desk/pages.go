package desk

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"hotline/config"
	"hotline/httpx"
)

// The console's HTML pages are templates filled once, when the console
// starts, with the console's texts (config console_texts): {{t "id"}}
// writes a text, {{tcode "id" "name" "code"}} one whose {name} is shown as
// code. The pages served before login (login, 404) need nothing else;
// the scripts of the others read the texts from GET /desk/api/meta.

// renderPages fills every *.html of static with texts.
func renderPages(static fs.FS, texts config.ConsoleTexts) (map[string][]byte, error) {
	names, err := fs.Glob(static, "*.html")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"t": texts.Text,
		"tcode": func(id, name, code string) template.HTML {
			before, after, _ := strings.Cut(texts.Text(id), "{"+name+"}")
			return template.HTML(template.HTMLEscapeString(before) + "<code>" + template.HTMLEscapeString(code) + "</code>" + template.HTMLEscapeString(after))
		},
	}
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(static, name)
		if err != nil {
			return nil, err
		}
		tmpl, err := template.New(name).Funcs(funcs).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("desk: page %s: %w", name, err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, nil); err != nil {
			return nil, fmt.Errorf("desk: page %s: %w", name, err)
		}
		out[name] = []byte(b.String())
	}
	return out, nil
}

// servePage writes one filled page.
func (c *Console) servePage(w http.ResponseWriter, r *http.Request, name string, status int) {
	b, ok := c.html[name]
	if !ok {
		c.log.Error("console page missing from the binary", "page", name)
		http.Error(w, httpx.ErrInternal.Message(httpx.FromContext(r.Context())), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// staticFiles serves the scripts, styles and vendored files; the pages
// are templates, served filled by their own routes, never as files. A
// folder (which a file server answers with its index.html, the unfilled
// template, or a listing) and a missing file get the console's 404 page.
func (c *Console) staticFiles() http.Handler {
	files := http.StripPrefix("/desk/static/", http.FileServerFS(c.pages))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/desk/static/")
		if path.Ext(name) == ".html" || !fs.ValidPath(name) {
			c.servePage(w, r, "404.html", http.StatusNotFound)
			return
		}
		if fi, err := fs.Stat(c.pages, name); err != nil || fi.IsDir() {
			c.servePage(w, r, "404.html", http.StatusNotFound)
			return
		}
		files.ServeHTTP(w, r)
	})
}
