package bot

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"hotline/domain"
	"hotline/inbound"
	"hotline/store"
)

// TestConversationCopyIsDeep checks that deepCopy copies everything a
// conversation holds: no struct reachable from it has a field deepCopy
// cannot copy (unexported ones, but time.Time's, interfaces, channels,
// functions), and a copy of a conversation with every field set is equal
// to it and shares no pointer, map or slice with it.
func TestConversationCopyIsDeep(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var check func(typ reflect.Type, path string)
	check = func(typ reflect.Type, path string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			t.Errorf("%s: a %s, which deepCopy would share", path, typ.Kind())
		case reflect.Pointer, reflect.Slice, reflect.Array:
			check(typ.Elem(), path+"[]")
		case reflect.Map:
			check(typ.Key(), path+"{key}")
			check(typ.Elem(), path+"{}")
		case reflect.Struct:
			if typ == timeType {
				return
			}
			for i := range typ.NumField() {
				f := typ.Field(i)
				if !f.IsExported() {
					t.Errorf("%s.%s: unexported, which deepCopy would share", path, f.Name)
				}
				check(f.Type, path+"."+f.Name)
			}
		}
	}
	check(reflect.TypeFor[domain.Conversation](), "Conversation")

	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		n++
		switch v.Kind() {
		case reflect.String:
			v.SetString("s" + string(rune('a'+n%26)))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(int64(n))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(uint64(n))
		case reflect.Float32, reflect.Float64:
			v.SetFloat(float64(n) / 7)
		case reflect.Pointer:
			p := reflect.New(v.Type().Elem())
			fill(p.Elem())
			v.Set(p)
		case reflect.Slice:
			s := reflect.MakeSlice(v.Type(), 2, 2)
			fill(s.Index(0))
			fill(s.Index(1))
			v.Set(s)
		case reflect.Array:
			for i := range v.Len() {
				fill(v.Index(i))
			}
		case reflect.Map:
			m := reflect.MakeMap(v.Type())
			for range 2 {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(k)
				fill(e)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		case reflect.Struct:
			if v.Type() == timeType {
				v.Set(reflect.ValueOf(time.Unix(int64(n)*1000, 0)))
				return
			}
			for i := range v.NumField() {
				if v.Field(i).CanSet() {
					fill(v.Field(i))
				}
			}
		}
	}
	orig := new(domain.Conversation)
	fill(reflect.ValueOf(orig).Elem())
	if orig.Draft == nil || len(orig.Draft.Events) == 0 || orig.EmergencyReason == nil || len(orig.Asked) == 0 {
		t.Fatalf("the conversation is not filled: %+v", orig)
	}
	cp := deepCopy(orig)
	if !reflect.DeepEqual(cp, orig) {
		t.Fatalf("the copy differs:\n%+v\n%+v", cp, orig)
	}
	var shared func(a, b reflect.Value, path string)
	shared = func(a, b reflect.Value, path string) {
		switch a.Kind() {
		case reflect.Pointer:
			if !a.IsNil() && a.Pointer() == b.Pointer() {
				t.Errorf("%s: the same pointer", path)
			}
			if !a.IsNil() && !b.IsNil() {
				shared(a.Elem(), b.Elem(), path)
			}
		case reflect.Map:
			if !a.IsNil() && a.UnsafePointer() == b.UnsafePointer() {
				t.Errorf("%s: the same map", path)
			}
			for it := a.MapRange(); it.Next(); {
				shared(it.Value(), b.MapIndex(it.Key()), path+"{}")
			}
		case reflect.Slice:
			if a.Len() > 0 && a.UnsafePointer() == b.UnsafePointer() {
				t.Errorf("%s: the same array", path)
			}
			for i := range min(a.Len(), b.Len()) {
				shared(a.Index(i), b.Index(i), path+"[]")
			}
		case reflect.Struct:
			if a.Type() == timeType {
				return
			}
			for i := range a.NumField() {
				shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
			}
		}
	}
	shared(reflect.ValueOf(cp), reflect.ValueOf(orig), "Conversation")
	// Changing the copy leaves the original as it was.
	cp.Draft.Events[0].Note = "changed"
	cp.Asked["x"] = 9
	if orig.Draft.Events[0].Note == "changed" || orig.Asked["x"] == 9 {
		t.Fatal("changing the copy changed the original")
	}
}

// TestConversationCacheSameDialog runs the same dialogs through an engine
// that keeps the conversations it stored and one that keeps none: the
// replies and everything stored are the same, and the first engine
// decoded fewer conversations.
func TestConversationCacheSameDialog(t *testing.T) {
	kept, none := newEnv(t), newEnv(t)
	none.eng.convs.max = 0
	dialogs := map[string][]string{
		"u1": {"任城区古槐路有烧烤摊占道经营，油烟很大", "我的电话是 13953706688", "修改", "地址是古槐路12号", "确认"},
		"u2": {"兖州区建设路的路灯坏了好几天了", "13953706689", "取消", "曲阜市静轩路小区垃圾没人清运", "13953706689", "确认", "进度"},
		"u3": {"你好", "人工", "取消", "邹城市千泉街道的工地晚上十二点还在施工", "不对"},
	}
	users := slices.Sorted(func(yield func(string) bool) {
		for u := range dialogs {
			if !yield(u) {
				return
			}
		}
	})
	for step := range 7 {
		for _, u := range users {
			if step >= len(dialogs[u]) {
				continue
			}
			text := dialogs[u][step]
			a, b := kept.send(t, u, text), none.send(t, u, text)
			if ra, rb := replies(a), replies(b); !slices.Equal(ra, rb) {
				t.Fatalf("%s %q: replies %q with the conversations kept, %q without", u, text, ra, rb)
			}
		}
		kept.now = kept.now.Add(time.Minute)
		none.now = none.now.Add(time.Minute)
	}
	if kept.eng.convs.hits.Load() == 0 || none.eng.convs.hits.Load() != 0 {
		t.Fatalf("conversations given by the cache: %d kept, %d without", kept.eng.convs.hits.Load(), none.eng.convs.hits.Load())
	}
	for _, u := range users {
		id := inbound.ConversationID("webchat", u)
		var ca, cb *domain.Conversation
		for _, env := range []struct {
			e *testEnv
			c **domain.Conversation
		}{{kept, &ca}, {none, &cb}} {
			if err := env.e.st.View(func(tx *store.Tx) (err error) {
				*env.c, err = tx.Conversation(id)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(ca, cb) {
			t.Errorf("%s: stored conversations differ:\n%+v\n%+v", u, ca, cb)
		}
		if ca.Draft == nil && len(ca.Orders) == 0 {
			t.Errorf("%s: the dialog left neither a draft nor an order: %+v", u, ca)
		}
		for _, number := range ca.Orders {
			var ta, tb any
			_ = kept.st.View(func(tx *store.Tx) (err error) { ta, err = tx.Ticket(number); return err })
			_ = none.st.View(func(tx *store.Tx) (err error) { tb, err = tx.Ticket(number); return err })
			if ta == nil || !reflect.DeepEqual(ta, tb) {
				t.Errorf("order %s differs:\n%+v\n%+v", number, ta, tb)
			}
		}
	}
}

// TestConversationCacheSeesOtherWriters changes a conversation behind the
// engine's back (an agent takes it, as the desk does): the next message
// follows the stored state, not the one the engine kept.
func TestConversationCacheSeesOtherWriters(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "任城区古槐路有烧烤摊占道经营，油烟很大")
	id := inbound.ConversationID("webchat", "u1")
	if err := env.st.Update(func(tx *store.Tx) error {
		c, err := tx.Conversation(id)
		if err != nil {
			return err
		}
		c.State, c.Agent = domain.ConvAgent, "agent1"
		return tx.PutConversation(c)
	}); err != nil {
		t.Fatal(err)
	}
	hits := env.eng.convs.hits.Load()
	r := env.send(t, "u1", "我的电话是 13953706688")
	if len(r.Replies) != 0 {
		t.Fatalf("the bot answered a conversation an agent holds: %q", replies(r))
	}
	if env.eng.convs.hits.Load() != hits {
		t.Fatal("the engine used the conversation it kept after another writer changed it")
	}
	// Its own write is kept again.
	env.send(t, "u1", "还在吗")
	if env.eng.convs.hits.Load() != hits+1 {
		t.Fatalf("conversations given by the cache: %d, want %d", env.eng.convs.hits.Load(), hits+1)
	}
}

func replies(r *inbound.Result) []string {
	var out []string
	for _, rep := range r.Replies {
		out = append(out, rep.Text)
	}
	return out
}
