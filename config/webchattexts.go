package config

import (
	"maps"
	"reflect"
	"slices"
	"sync"
)

// WebchatTexts are the words of the citizen's web-chat page (its title
// and brand lines, the box's placeholder, the buttons, the speakers'
// names, the notices), by a stable id such as "page.title" or
// "notice.offline": channels/webchat fills the page with them when it
// starts, and its script reads them from the page, so
// channels/webchat/static keeps no copy. The rules are console_texts':
// the embedded default fixes the set of ids, a city's file changes some
// of them, config check reports an empty or missing one, and a text may
// use only, and must use all, the placeholders of its default ({n},
// {max}), which the page fills. The words the quick buttons send are not
// texts: each is the first of its bot command list (bot.human_commands,
// bot.query_commands, bot.cancel_commands), so the bot always takes it.
type WebchatTexts map[string]string

var webchatTextsType = reflect.TypeFor[WebchatTexts]()

// defaultWebchatTexts is the embedded default's table, read once.
var defaultWebchatTexts = sync.OnceValue(func() WebchatTexts {
	cfg, _, err := decode(defaultYAML, nil)
	if err != nil {
		return nil
	}
	return cfg.WebchatTexts
})

// DefaultWebchatTextIDs returns the ids of the embedded default's
// web-chat texts, sorted.
func DefaultWebchatTextIDs() []string {
	return slices.Sorted(maps.Keys(defaultWebchatTexts()))
}

// Text returns the text of id, or id itself when there is none (config
// check makes sure every id the default has is set).
func (t WebchatTexts) Text(id string) string {
	if s, ok := t[id]; ok {
		return s
	}
	return id
}

// webchatTexts checks webchat_texts against the embedded default's.
func (v *validator) webchatTexts() {
	v.textTable("webchat_texts", defaultWebchatTexts(), v.c.WebchatTexts)
}
