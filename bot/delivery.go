package bot

import (
	"slices"

	"hotline/store"
)

// OptedOut reports whether the citizen behind userID on channel opted out
// of that channel (SMS 退订): channels then send them nothing.
func (e *Engine) OptedOut(channel, userID string) bool {
	out := false
	_ = e.st.View(func(tx *store.Tx) error {
		c, err := tx.CitizenByIdentity(channel, userID)
		if err != nil {
			return nil
		}
		if c.MergedInto != "" {
			if m, err := tx.Citizen(c.MergedInto); err == nil {
				c = m
			}
		}
		out = slices.Contains(c.OptOut, channel)
		return nil
	})
	return out
}
