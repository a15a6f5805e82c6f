package desk

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"hotline/store"
)

// handleKeyKV keeps the key of conversation handles in the store, so that
// handles stay valid across restarts (an open page keeps working).
const handleKeyKV = "desk.handlekey"

// handleMark separates a handle's channel from its sealed id; no channel
// names a conversation with it.
const handleMark = ":~"

// handles turns conversation ids that show a phone number (old SMS ids
// are "sms:+8613953706688") into opaque handles and back. The console
// sends a handle wherever such an id would go to a browser — the queue,
// the event stream, orders, the page's URL — and accepts it wherever the
// API takes a conversation id. A handle is the channel, handleMark and
// the id sealed with AES-GCM under a nonce derived from the id (HMAC):
// the same id always gives the same handle, so the queue, the events and
// the URL agree; without the key it tells nothing about the number.
// Every id gets a handle (see of).
type handles struct {
	aead cipher.AEAD
	mac  []byte
}

// loadHandles reads the handle key from the store, creating it on first
// use.
func loadHandles(st *store.Store) (*handles, error) {
	var fresh [64]byte
	if _, err := rand.Read(fresh[:]); err != nil {
		return nil, err
	}
	var key []byte
	err := st.Update(func(tx *store.Tx) error {
		if k := tx.Get(handleKeyKV); len(k) == len(fresh) {
			key = k
			return nil
		}
		key = fresh[:]
		return tx.Put(handleKeyKV, fresh[:])
	})
	if err != nil {
		return nil, fmt.Errorf("desk: unable to load the conversation handle key: %w", err)
	}
	block, err := aes.NewCipher(key[:32])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &handles{aead: aead, mac: key[32:]}, nil
}

// of returns what a browser gets for the conversation id: its handle.
// Every id is sealed, not only those that show a phone number: a web-chat
// id is the citizen's token (whoever holds it writes as the citizen) and
// a WeChat or Telegram id carries the platform's user id.
func (h *handles) of(id string) string {
	if id == "" || strings.Contains(id, handleMark) {
		return id
	}
	m := hmac.New(sha256.New, h.mac)
	m.Write([]byte(id))
	nonce := m.Sum(nil)[:h.aead.NonceSize()]
	sealed := h.aead.Seal(nonce, nonce, []byte(id), nil)
	return handleChannel(id) + handleMark + base64.RawURLEncoding.EncodeToString(sealed)
}

// resolve returns the conversation id of a handle; anything else (a plain
// id, a forged handle) is returned unchanged and is then simply not
// found.
func (h *handles) resolve(s string) string {
	i := strings.Index(s, handleMark)
	if i < 0 {
		return s
	}
	raw, err := base64.RawURLEncoding.DecodeString(s[i+len(handleMark):])
	ns := h.aead.NonceSize()
	if err != nil || len(raw) < ns {
		return s
	}
	id, err := h.aead.Open(nil, raw[:ns], raw[ns:], nil)
	if err != nil || handleChannel(string(id)) != s[:i] {
		return s
	}
	return string(id)
}

// handleChannel is the channel part of a conversation id ("sms"), or "c"
// when the id has none that looks like a channel name.
func handleChannel(id string) string {
	ch, _, ok := strings.Cut(id, ":")
	if !ok || ch == "" || len(ch) > 16 || strings.Trim(ch, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "c"
	}
	return ch
}
