package wechat

import (
	"encoding/json"
	"fmt"
	"time"
)

// cachePrefix namespaces the SDK's cache keys in the store's key-value area.
const cachePrefix = "wechat:cache:"

// kvCache is the SDK's cache.Cache kept in the store's key-value area, so
// that the access token survives restarts and is fetched once per expiry.
// The SDK stores only strings in it (tokens and tickets).
type kvCache struct {
	kv  KV
	now func() time.Time
}

type cacheEntry struct {
	Value   string    `json:"v"`
	Expires time.Time `json:"exp"`
}

func (c *kvCache) entry(key string) (cacheEntry, bool) {
	b, err := c.kv.GetKV(cachePrefix + key)
	if err != nil || b == nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || !c.now().Before(e.Expires) {
		return cacheEntry{}, false
	}
	return e, true
}

// Get returns the value under key, or nil when it is absent or expired.
func (c *kvCache) Get(key string) any {
	if e, ok := c.entry(key); ok {
		return e.Value
	}
	return nil
}

// Set stores val for timeout; a timeout that is not positive stores nothing
// (the SDK computes it from expires_in, so a tiny expires_in means no cache).
func (c *kvCache) Set(key string, val any, timeout time.Duration) error {
	s, ok := val.(string)
	if !ok {
		return fmt.Errorf("wechat: unable to cache %s: value is %T, not a string", key, val)
	}
	if timeout <= 0 {
		return c.Delete(key)
	}
	b, err := json.Marshal(cacheEntry{Value: s, Expires: c.now().Add(timeout)})
	if err != nil {
		return err
	}
	if err := c.kv.PutKV(cachePrefix+key, b); err != nil {
		return fmt.Errorf("wechat: unable to cache %s: %w", key, err)
	}
	return nil
}

// IsExist reports whether key holds an unexpired value.
func (c *kvCache) IsExist(key string) bool {
	_, ok := c.entry(key)
	return ok
}

// Delete removes key.
func (c *kvCache) Delete(key string) error {
	if err := c.kv.PutKV(cachePrefix+key, nil); err != nil {
		return fmt.Errorf("wechat: unable to delete cached %s: %w", key, err)
	}
	return nil
}
