package config

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"
)

// ConsoleTexts are the web console's own words (buttons, headings, hints,
// confirmations, empty states, error fallbacks, page titles), by a stable
// id such as "login.title" or "order.sign": the pages are filled with them
// on the server and the scripts read them from GET /desk/api/meta, so
// desk/static keeps no copy. The embedded default fixes the set of ids: a
// city's file changes some of them (the others keep their default), an id
// that is not in the default is an unknown key, and config check reports
// an empty or missing one. A text may hold placeholders such as {n},
// which the page fills; a city's text may use only the placeholders of
// the default's.
type ConsoleTexts map[string]string

var consoleTextsType = reflect.TypeFor[ConsoleTexts]()

// placeholderRE finds a console text's placeholders: {n}, {name}.
var placeholderRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// defaultConsoleTexts is the embedded default's table, read once: the set
// of ids and the placeholders of each.
var defaultConsoleTexts = sync.OnceValue(func() ConsoleTexts {
	return defaultLabelsAndTexts().texts
})

// defaultLabelsAndTexts is the embedded default's console texts and
// labels, decoded once: what a city's texts are checked against.
var defaultLabelsAndTexts = sync.OnceValue(func() (d struct {
	texts  ConsoleTexts
	labels ConsoleLabels
}) {
	cfg, _, err := decode(defaultYAML, nil)
	if err != nil {
		return d
	}
	d.texts, d.labels = cfg.ConsoleTexts, cfg.ConsoleLabels
	return d
})

// DefaultConsoleTextIDs returns the ids of the embedded default's console
// texts, sorted.
func DefaultConsoleTextIDs() []string {
	ids := make([]string, 0, len(defaultConsoleTexts()))
	for id := range defaultConsoleTexts() {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Text returns the text of id, or id itself when there is none (config
// check makes sure every id the default has is set).
func (t ConsoleTexts) Text(id string) string {
	if s, ok := t[id]; ok {
		return s
	}
	return id
}

// textTables are the config's tables of texts by id (console_texts,
// webchat_texts), by their type: whose words each holds, as a city's
// file is told of an id its table does not have.
var textTables = map[reflect.Type]string{
	consoleTextsType: "控制台",
	webchatTextsType: "网页留言页面",
}

var stringMapType = reflect.TypeFor[map[string]string]()

// textTable decodes a table of texts by id (console_texts, webchat_texts)
// from a city's file into the table it already holds (the default's):
// each key changes one text, a key the default does not have is unknown.
// Reading the embedded default itself (merge false) takes every key.
func (d *decoder) textTable(n *yaml.Node, v reflect.Value, path string, merge bool) {
	known := v.Convert(stringMapType).Interface().(map[string]string)
	m := map[string]string{}
	if merge {
		m = maps.Clone(known)
	}
	names := make([]string, 0, len(known))
	for id := range known {
		names = append(names, id)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.problem(path, k.Line, msgKeyNotScalar, nodeKindName(k))
			continue
		}
		kp := joinPath(path, k.Value)
		d.lines[kp] = val.Line
		if seen[k.Value] {
			d.problem(kp, k.Line, msgKeyTwice, k.Value)
			continue
		}
		seen[k.Value] = true
		if _, ok := known[k.Value]; merge && !ok {
			d.problem(kp, k.Line, msgUnknownTextID, k.Value, textTables[v.Type()], suggest(k.Value, names))
			continue
		}
		if isNull(val) {
			m[k.Value] = ""
			continue
		}
		if val.Kind != yaml.ScalarNode {
			d.problem(kp, val.Line, msgWantText, nodeKindName(val))
			continue
		}
		m[k.Value] = val.Value
	}
	v.Set(reflect.ValueOf(m).Convert(v.Type()))
}

// consoleTexts checks console_texts against the embedded default's.
func (v *validator) consoleTexts() {
	v.textTable("console_texts", defaultConsoleTexts(), v.c.ConsoleTexts)
}

// textTable checks that every id of the embedded default's table def
// has a text in t (the table at section), and that a text uses its
// default's placeholders, all of them and no other.
func (v *validator) textTable(section string, def, t map[string]string) {
	for _, id := range slices.Sorted(maps.Keys(def)) {
		p := section + "." + id
		s, ok := t[id]
		if !ok {
			line := v.c.line(p)
			if line == 0 {
				line = v.c.line(section)
			}
			v.probs = append(v.probs, Problem{Path: p, Line: line, Msg: msgTextMissing.sprintf(def[id])})
			continue
		}
		if !v.nonEmpty(p, s) {
			continue
		}
		v.placeholders(p, s, def[id])
	}
}

// placeholders checks that text s at p uses the placeholders of its
// default def, all of them and no other. What the page fills in is what
// the text is for (a count, a name, a time): a text without it would say
// less than the default, so each of the default's placeholders is
// required. An empty s is left to the check that it is set.
func (v *validator) placeholders(p, s, def string) {
	if s == "" {
		return
	}
	want := placeholderNames(def)
	has := placeholderNames(s)
	for _, name := range has {
		if !slices.Contains(want, name) {
			v.add(p, msgPlaceholderOdd, name, def)
		}
	}
	for _, name := range want {
		if !slices.Contains(has, name) {
			v.add(p, msgPlaceholderGone, name, def)
		}
	}
}

// placeholderNames lists the placeholders of a console text, each once,
// in their order.
func placeholderNames(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}
