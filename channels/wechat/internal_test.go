package wechat

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// mapKV is a KV in memory.
type mapKV struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (k *mapKV) GetKV(key string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[key], nil
}

func (k *mapKV) PutKV(key string, v []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v == nil {
		delete(k.m, key)
	} else {
		k.m[key] = v
	}
	return nil
}

func TestKVCache(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	kv := &mapKV{m: map[string][]byte{}}
	c := &kvCache{kv: kv, now: func() time.Time { return now }}
	if c.Get("tok") != nil || c.IsExist("tok") {
		t.Fatal("empty cache has tok")
	}
	if err := c.Set("tok", "ACCESS_TOKEN_1", 5700*time.Second); err != nil {
		t.Fatal(err)
	}
	if v, ok := c.Get("tok").(string); !ok || v != "ACCESS_TOKEN_1" || !c.IsExist("tok") {
		t.Fatalf("Get = %#v", c.Get("tok"))
	}
	if _, ok := kv.m[cachePrefix+"tok"]; !ok {
		t.Errorf("keys = %v, want %s", kv.m, cachePrefix+"tok")
	}
	now = now.Add(5700 * time.Second)
	if c.Get("tok") != nil || c.IsExist("tok") {
		t.Error("expired value returned")
	}
	if err := c.Set("tok", "B", 0); err != nil || c.Get("tok") != nil {
		t.Errorf("a non-positive timeout stored a value (%v)", err)
	}
	if err := c.Set("tok", 42, time.Hour); err == nil {
		t.Error("stored a non-string")
	}
	_ = c.Set("tok", "C", time.Hour)
	if err := c.Delete("tok"); err != nil || c.IsExist("tok") {
		t.Errorf("Delete left the value (%v)", err)
	}
	kv.m[cachePrefix+"bad"] = []byte("{not json")
	if c.Get("bad") != nil {
		t.Error("corrupt entry returned")
	}
}

func TestErrCode(t *testing.T) {
	tests := []struct {
		err  error
		code int64
		ok   bool
	}{
		{fmt.Errorf("customer msg send error : errcode=%v , errmsg=%v", 45015, "response out of time limit or subscription is canceled"), 45015, true},
		{fmt.Errorf("template msg send error : errcode=%v , errmsg=%v", 43004, "require subscribe"), 43004, true},
		{fmt.Errorf("get stable access_token error : errcode=%v , errormsg=%v", -1, "system error"), -1, true},
		{errors.New("http post error : statusCode=502"), 0, false},
		{nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.err), func(t *testing.T) {
			code, ok := errCode(tt.err)
			if code != tt.code || ok != tt.ok {
				t.Errorf("errCode = %d, %v; want %d, %v", code, ok, tt.code, tt.ok)
			}
		})
	}
}

func TestTextHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{trunc(3, "古槐路路灯"), "古槐路"},
		{trunc(10, "路灯"), "路灯"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// TestConvertCarriesCreateTime: a message and an event carry WeChat's
// CreateTime, the same in its retries, as the time of their dedupe key;
// a push without one carries none.
func TestConvertCarriesCreateTime(t *testing.T) {
	c := &Channel{}
	text := &message.MixMessage{MsgID: 24436712345678901, Content: "路灯坏了"}
	text.FromUserName, text.CreateTime, text.MsgType = "oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E", 1795752100, message.MsgTypeText
	sub := &message.MixMessage{Event: message.EventSubscribe}
	sub.FromUserName, sub.CreateTime, sub.MsgType = "oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E", 1795752200, message.MsgTypeEvent
	bare := &message.MixMessage{MsgID: 24436712345678902, Content: "路灯坏了"}
	bare.FromUserName, bare.MsgType = "oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E", message.MsgTypeText
	for _, tc := range []struct {
		in   *message.MixMessage
		want time.Time
	}{{text, time.Unix(1795752100, 0)}, {sub, time.Unix(1795752200, 0)}, {bare, time.Time{}}} {
		msg, d, _ := c.convert(tc.in)
		if d != toEngine || !msg.ExternalTime.Equal(tc.want) || msg.ExternalID == "" {
			t.Errorf("%s: disposition %d, external id %q, time %v; want %v", tc.in.MsgType, d, msg.ExternalID, msg.ExternalTime, tc.want)
		}
	}
}
