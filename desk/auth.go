package desk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"hotline/config"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/store"
)

// session is what the store keeps for a login, under the SHA-256 of its
// id: a stolen database does not hand out live cookies.
type session struct {
	User    string    `json:"user"`
	Created time.Time `json:"created"`
	Seen    time.Time `json:"seen"`
}

func sessionKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return sessionPrefix + hex.EncodeToString(h[:])
}

type actorKey struct{}

func actorOf(r *http.Request) Actor { a, _ := r.Context().Value(actorKey{}).(Actor); return a }

// errNoSession is a 401: no cookie, an unknown or expired session, or a
// disabled user.
var errNoSession = httpx.ErrLoginRequired

// session returns the logged-in user of r and refreshes the session's
// idle timer (at most once a minute, to spare the disk).
func (c *Console) session(w http.ResponseWriter, r *http.Request) (*store.User, string, error) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return nil, "", errNoSession
	}
	key := sessionKey(ck.Value)
	now := c.now()
	var s session
	var u *store.User
	err = c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		raw := tx.Get(key)
		if raw == nil {
			return errNoSession
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return errNoSession
		}
		var err error
		u, err = tx.User(s.User)
		if err != nil {
			return errNoSession
		}
		return nil
	})
	if err != nil {
		return nil, "", errNoSession
	}
	if u.Disabled || now.Sub(s.Seen) > c.o.SessionIdle || now.Sub(s.Created) > c.o.SessionMax {
		_ = c.o.Store.BatchContext(r.Context(), func(tx *store.Tx) error { return tx.Delete(key) })
		c.clearCookie(w, r)
		return nil, "", errNoSession
	}
	if now.Sub(s.Seen) > seenUpdateThreshold {
		s.Seen = now
		b, _ := json.Marshal(s)
		if err := c.o.Store.BatchContext(r.Context(), func(tx *store.Tx) error { return tx.Put(key, b) }); err != nil {
			c.log.Warn("refresh session", "err", err)
		}
	}
	return u, key, nil
}

// auth wraps a handler with the session check and the role check: no
// session is 401, a role not in roles is 403.
func (c *Console) auth(roles []string, h httpx.HandlerFunc) http.Handler {
	return httpx.Handle(func(w http.ResponseWriter, r *http.Request) error {
		u, _, err := c.session(w, r)
		if err != nil {
			return err
		}
		if !slices.Contains(roles, u.Role) {
			return httpx.ErrForbidden.WithText(txtRoleForbidden, config.HTTPErrorData{Role: c.RoleLabel(u.Role)})
		}
		a := Actor{Name: u.Name, Role: u.Role, Department: u.Department, DisplayName: u.DisplayName}
		// An order the user may not see is "not found" before anything
		// else, whatever the request body says.
		if n := r.PathValue("number"); n != "" {
			_, archived, err := c.findOrder(a, n)
			if err != nil {
				return err
			}
			if archived && r.Method != http.MethodGet {
				return httpx.ErrArchived // kept read-only: no workflow action
			}
		}
		// The engine audits an agent's chat actions under the console's
		// own name of the user, as the console audits its others.
		ctx := inbound.WithActor(context.WithValue(r.Context(), actorKey{}, a), "desk:"+a.Name)
		return h(w, r.WithContext(ctx))
	})
}

func (c *Console) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(c.o.Config.Server.BaseURL, "https://")
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, id string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: consolePath + "/",
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteStrictMode,
		MaxAge: int(c.o.SessionMax.Seconds())})
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: consolePath + "/",
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || req.Password == "" {
		return httpx.ErrLoginMissing
	}
	ip, now := clientIP(r), c.now()
	// The attempt is reserved before the password is compared, so that
	// parallel guesses count against the limits while they run.
	res, wait := c.limiter.reserve(loginKeys(ip, req.Name), now)
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return httpx.ErrTooManyAttempts.WithText(txtRetryAfter, config.HTTPErrorData{Minutes: int(wait.Minutes()) + 1})
	}
	u, ok := checkPassword(c.o.Store, c.dummy, req.Name, req.Password)
	if !ok {
		c.limiter.fail(res, c.now())
		c.audit(Actor{Name: req.Name}, "login.failed", ip, nil, nil)
		return httpx.ErrBadLogin
	}
	c.limiter.succeed(res)
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	b, _ := json.Marshal(session{User: u.Name, Created: now, Seen: now})
	if err := c.o.Store.BatchContext(r.Context(), func(tx *store.Tx) error {
		if err := tx.Put(sessionKey(id), b); err != nil {
			return err
		}
		return c.purgeSessions(tx, now)
	}); err != nil {
		return err
	}
	c.setCookie(w, r, id)
	c.audit(Actor{Name: u.Name}, "login", clientIP(r), nil, map[string]string{"role": u.Role})
	httpx.WriteJSON(w, http.StatusOK, c.meView(u))
	return nil
}

// purgeSessions deletes expired sessions (run at each login).
func (c *Console) purgeSessions(tx *store.Tx, now time.Time) error {
	return deleteSessions(tx, func(s *session) bool {
		return s == nil || now.Sub(s.Seen) > c.o.SessionIdle || now.Sub(s.Created) > c.o.SessionMax
	})
}

// deleteSessions deletes every session for which dead is true; dead gets
// nil for a session record that does not decode.
func deleteSessions(tx *store.Tx, dead func(*session) bool) error {
	var keys []string
	err := tx.ScanKV(sessionPrefix, func(k string, v []byte) error {
		var s session
		ok := json.Unmarshal(v, &s) == nil
		if (ok && dead(&s)) || (!ok && dead(nil)) {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := tx.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request) error {
	u, key, err := c.session(w, r)
	if err == nil {
		if err := c.o.Store.BatchContext(r.Context(), func(tx *store.Tx) error { return tx.Delete(key) }); err != nil {
			return err
		}
		c.audit(Actor{Name: u.Name}, "logout", clientIP(r), nil, nil)
	}
	c.clearCookie(w, r)
	httpx.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// meView is who is logged in and what the console needs to draw its
// forms: departments, categories, canned replies.
func (c *Console) meView(u *store.User) map[string]any {
	cfg := c.o.Config
	depts := make([]string, 0, len(cfg.Departments))
	for _, d := range cfg.Departments {
		depts = append(depts, d.Name)
	}
	type cat struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	cats := make([]cat, 0, len(cfg.Categories))
	for _, ct := range cfg.Categories {
		cats = append(cats, cat{ct.Code, ct.Name})
	}
	dists := make([]string, 0, len(cfg.Districts))
	for _, d := range cfg.Districts {
		dists = append(dists, d.Name)
	}
	return map[string]any{
		"name": u.Name, "display_name": u.DisplayName, "role": u.Role, "role_label": c.RoleLabel(u.Role), "department": u.Department,
		"city": cfg.City.Name, "canned_replies": cfg.Desk.CannedReplies,
		"departments": depts, "categories": cats, "districts": dists,
		"max_upload": c.o.MaxUpload, "server_time": c.now(),
	}
}

func (c *Console) me(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	u := &store.User{Name: a.Name, Role: a.Role, Department: a.Department}
	_ = c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		if full, err := tx.User(a.Name); err == nil {
			u.DisplayName = full.DisplayName
		}
		return nil
	})
	httpx.WriteJSON(w, http.StatusOK, c.meView(u))
	return nil
}

// Scopes of the login limits: a user name from one address, a user name
// from any address, any user name from one address.
const (
	scopePair = iota
	scopeAccount
	scopeIP
)

// limitKey is one counter a login attempt is charged to.
type limitKey struct {
	scope int
	key   string
}

// loginKeys returns the counters of a login by name from ip. A name is
// cut to 128 bytes (real names have at most 32 characters), which bounds
// the memory an attacker's made-up names take.
func loginKeys(ip, name string) []limitKey {
	if len(name) > 128 {
		name = name[:128]
	}
	return []limitKey{{scopePair, ip + "\x00" + name}, {scopeAccount, name}, {scopeIP, ip}}
}

// limiter counts failed logins per counter in a sliding window, and the
// attempts still being checked: an attempt is reserved before the
// password comparison and becomes a failure or is released after it, so
// parallel requests cannot all pass the check before any is counted.
type limiter struct {
	mu      sync.Mutex
	limits  [3]int // per scope
	window  time.Duration
	fails   map[limitKey][]time.Time
	pending map[limitKey]int
}

func newLimiter(pair, account, ip int, window time.Duration) *limiter {
	return &limiter{limits: [3]int{pair, account, ip}, window: window,
		fails: map[limitKey][]time.Time{}, pending: map[limitKey]int{}}
}

func (l *limiter) recent(key limitKey, now time.Time) []time.Time {
	list := l.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= l.window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = list
	}
	return list
}

// reserve charges one attempt to every key, or returns how long the
// caller must wait when any key is at its limit (counting the attempts in
// flight); then nothing is charged.
func (l *limiter) reserve(keys []limitKey, now time.Time) ([]limitKey, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		limit := l.limits[k.scope]
		list := l.recent(k, now)
		if len(list)+l.pending[k] < limit {
			continue
		}
		// Blocked by attempts in flight only: they end within a password
		// comparison, so a short wait.
		d := time.Second
		if len(list) >= limit {
			d = l.window - now.Sub(list[len(list)-limit])
		}
		wait = max(wait, d)
	}
	if wait > 0 {
		return nil, wait
	}
	for _, k := range keys {
		l.pending[k]++
	}
	return keys, 0
}

func (l *limiter) release(keys []limitKey) {
	for _, k := range keys {
		if l.pending[k] <= 1 {
			delete(l.pending, k)
		} else {
			l.pending[k]--
		}
	}
}

// fail turns a reservation into failures.
func (l *limiter) fail(keys []limitKey, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.release(keys)
	if len(l.fails) > 10000 {
		for k := range l.fails {
			l.recent(k, now)
		}
	}
	for _, k := range keys {
		l.fails[k] = append(l.recent(k, now), now)
	}
}

// succeed releases a reservation and forgets the failures of the name
// from this address. The account's and the address's counters keep
// their failures: a login of the real user does not reset the count of
// guesses spread over other addresses or other names.
func (l *limiter) succeed(keys []limitKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.release(keys)
	for _, k := range keys {
		if k.scope == scopePair {
			delete(l.fails, k)
		}
	}
}
