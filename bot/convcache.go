package bot

import (
	"bytes"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"hotline/domain"
)

// convCacheSize bounds the conversations convCache keeps (a few KB each:
// the stored form and the decoded value), enough for the chats busy at a
// moment.
const convCacheSize = 1024

// convCache keeps the conversations the engine stored last, each with the
// version of its stored form (store's ConversationVersion), so that the
// next message of a chat need not decode its conversation: while the
// stored form is byte for byte the version kept, the value kept is what
// decoding it would give. Anything else that writes the conversation (an
// agent, the workflow, masking, a rolled back transaction that never
// stored) leaves another version or the old one, so a stale value is never
// used. Values are kept as stored and never handed out: get returns a deep
// copy, which the caller may change.
type convCache struct {
	mu  sync.Mutex
	max int // entries kept at most (convCacheSize; 0 keeps none)
	m   map[string]cachedConv
	// hits counts the conversations get gave instead of a decoding.
	hits atomic.Int64
}

type cachedConv struct {
	version []byte
	conv    *domain.Conversation
}

// get returns a copy of conversation id as kept when version is the
// version it was kept with, or nil.
func (c *convCache) get(id string, version []byte) *domain.Conversation {
	c.mu.Lock()
	ent, ok := c.m[id]
	c.mu.Unlock()
	if !ok || !bytes.Equal(ent.version, version) {
		return nil
	}
	c.hits.Add(1)
	return deepCopy(ent.conv)
}

// put keeps conv, stored with version; conv must not change afterwards.
func (c *convCache) put(id string, version []byte, conv *domain.Conversation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max <= 0 {
		return
	}
	if c.m == nil {
		c.m = map[string]cachedConv{}
	}
	if _, ok := c.m[id]; !ok && len(c.m) >= c.max {
		for k := range c.m { // any one: the map's order is random
			delete(c.m, k)
			break
		}
	}
	c.m[id] = cachedConv{version: version, conv: conv}
}

// deepCopy returns a copy of c that shares nothing with it that can be
// changed: every pointer, map and slice reachable from it is copied.
// Structs are copied whole first, so the unexported fields of time.Time
// (its location, never changed) are kept; TestConversationCopyIsDeep
// checks that no other struct reachable from a conversation has any.
func deepCopy(c *domain.Conversation) *domain.Conversation {
	out := new(domain.Conversation)
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(c).Elem())
	return out
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, it.Value())
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if flat(src.Type().Elem()) {
			reflect.Copy(s, src)
		} else {
			for i := range src.Len() {
				copyValue(s.Index(i), src.Index(i))
			}
		}
		dst.Set(s)
	case reflect.Struct:
		dst.Set(src)
		if src.Type() == timeType {
			return
		}
		for i := range src.NumField() {
			if f := dst.Field(i); f.CanSet() && !flat(f.Type()) {
				copyValue(f, src.Field(i))
			}
		}
	case reflect.Array:
		dst.Set(src)
		if !flat(src.Type().Elem()) {
			for i := range src.Len() {
				copyValue(dst.Index(i), src.Index(i))
			}
		}
	default:
		dst.Set(src)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// flat reports whether a value of type t holds nothing that copying it
// would share: no pointer, map or slice, at any depth.
func flat(t reflect.Type) bool {
	if f, ok := flatTypes.Load(t); ok {
		return f.(bool)
	}
	f := isFlat(t)
	flatTypes.Store(t, f)
	return f
}

var flatTypes sync.Map // reflect.Type → bool

func isFlat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return isFlat(t.Elem())
	case reflect.Struct:
		if t == timeType {
			return true
		}
		for i := range t.NumField() {
			if !isFlat(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
}
