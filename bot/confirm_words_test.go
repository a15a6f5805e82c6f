package bot

import (
	"strings"
	"testing"

	"hotline/config"
)

// A confirm or deny word is matched in any case, the configured word's
// as the citizen's: YES registers, and a word configured in capitals
// (Nein) is understood written in small letters.
func TestConfirmWordsAnyCase(t *testing.T) {
	env := newEnvWith(t, fakeClassifier{}, func(c *config.Config) { c.Bot.DenyWords = append(c.Bot.DenyWords, "Nein") })
	env.send(t, "u1", "任城区古槐路有烧烤摊占道经营，油烟很大")
	env.send(t, "u1", "13953706688")
	if r, want := lastReply(env.send(t, "u1", "nein")), strings.TrimSpace(env.cfg.Replies.AskAmend); r != want {
		t.Fatalf("nein: %q, want %q", r, want)
	}
	env.send(t, "u2", "任城区古槐路有烧烤摊占道经营，油烟很大")
	env.send(t, "u2", "13953706688")
	if r := lastReply(env.send(t, "u2", "YES")); !strings.Contains(r, "20261127-0001") {
		t.Fatalf("YES did not register the order: %q", r)
	}
}
