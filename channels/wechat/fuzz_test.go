package wechat_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"hotline/channels/wechat"
	"hotline/inbound"
)

// stubEngine answers every message with one reply and checks what the
// channel hands it; fuzzing runs it instead of the real engine for speed.
type stubEngine struct {
	calls atomic.Int64
	bad   atomic.Value // a string describing a malformed message
}

// Greeting is the stub's welcome text, replaced by the account's.
func (s *stubEngine) Greeting() (string, error) { return "您好（测试引擎的欢迎语）", nil }

func (s *stubEngine) Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error) {
	s.calls.Add(1)
	if m.Channel != wechat.Name || m.UserID == "" || m.ExternalID == "" {
		s.bad.Store("malformed message: " + strconv.Quote(m.Channel+"|"+m.UserID+"|"+m.ExternalID))
	}
	return &inbound.Result{Replies: []inbound.Reply{{MessageID: 1, Text: "已收到：" + m.Text}}, Passive: !m.PassiveBy.IsZero()}, nil
}

type memKV struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (k *memKV) GetKV(key string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[key], nil
}

func (k *memKV) PutKV(key string, v []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[key] = v
	return nil
}

// fuzzHandler is the channel's handler on a stub engine, for an account
// that receives pushes in mode m.
func fuzzHandler(f *testing.F, m mode) (http.Handler, *stubEngine) {
	cfg := baseConfig(f, "http://127.0.0.1:1")
	accountFor(m)(cfg)
	eng := &stubEngine{}
	ch, err := wechat.New(wechat.Options{Config: cfg.Channels.WeChat, Replies: cfg.Replies, Engine: eng, KV: &memKV{m: map[string][]byte{}}})
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	ch.Routes(mux)
	return mux, eng
}

func addXMLSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkAnswer checks a 200 answer: "success" or a passive text reply
// (decrypted in safe mode) addressed back to the sender.
func checkAnswer(t *testing.T, body []byte, safeMode bool) {
	if string(body) == "success" {
		return
	}
	raw := body
	if safeMode {
		var env message.ResponseEncryptedXMLMsg
		if err := xml.Unmarshal(body, &env); err != nil {
			t.Fatalf("encrypted reply %q: %v", body, err)
		}
		if env.MsgSignature != util.Signature(wxToken, strconv.FormatInt(env.Timestamp, 10), env.Nonce, env.EncryptedMsg) {
			t.Fatalf("reply signature does not verify")
		}
		var err error
		if _, raw, err = util.DecryptMsg(appID, env.EncryptedMsg, aesKey); err != nil {
			t.Fatalf("reply does not decrypt: %v", err)
		}
	}
	var r textReply
	if err := xml.Unmarshal(raw, &r); err != nil || r.MsgType != "text" || r.Content == "" || r.ToUserName == "" {
		t.Fatalf("reply %q: %+v, %v", raw, r, err)
	}
}

func serveFuzz(t *testing.T, h http.Handler, q url.Values, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path+"?"+q.Encode(), bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// FuzzParseMessage sends arbitrary bodies, correctly signed, in plaintext
// mode: the answer is 200, 400 or 413, never a crash or a 500, and only a
// 200 reaches the engine.
func FuzzParseMessage(f *testing.F) {
	addXMLSeeds(f)
	h, eng := fuzzHandler(f, plain)
	f.Fuzz(func(t *testing.T, body []byte) {
		p := newPush(t, body, plain, time.Now())
		before := eng.calls.Load()
		rec := serveFuzz(t, h, p.query, body)
		switch rec.Code {
		case http.StatusOK:
			checkAnswer(t, rec.Body.Bytes(), false)
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if eng.calls.Load() != before {
				t.Fatalf("a %d request reached the engine", rec.Code)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if bad, _ := eng.bad.Load().(string); bad != "" {
			t.Fatal(bad)
		}
	})
}

// FuzzParseEncrypted encrypts arbitrary plaintexts as WeChat would (safe
// mode) and checks the decrypt-and-parse path and the encrypted reply.
func FuzzParseEncrypted(f *testing.F) {
	addXMLSeeds(f)
	h, eng := fuzzHandler(f, safe)
	f.Fuzz(func(t *testing.T, plainXML []byte) {
		p := newPush(t, plainXML, safe, time.Now())
		rec := serveFuzz(t, h, p.query, p.body)
		switch rec.Code {
		case http.StatusOK:
			checkAnswer(t, rec.Body.Bytes(), true)
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if bad, _ := eng.bad.Load().(string); bad != "" {
			t.Fatal(bad)
		}
	})
}

// FuzzSignature varies the query and the envelope: a request reaches the
// engine only when signature, msg_signature and timestamp are all right;
// anything else is 403 (or 400 for an envelope that is not XML). In the
// inputs, timestamp "now" stands for the current time and signature or
// msgSig "valid" for the correct value, so the corpus keeps reaching the
// accepting path as time passes.
func FuzzSignature(f *testing.F) {
	text, err := os.ReadFile(filepath.Join("testdata", "text.xml"))
	if err != nil {
		f.Fatal(err)
	}
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), text, appID, aesKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("valid", "now", "1514711492", "valid", string(enc))
	f.Add("valid", "now", "1514711492", "0000000000000000000000000000000000000000", string(enc))
	f.Add("da39a3ee5e6b4b0d3255bfef95601890afd80709", "now", "", "valid", string(enc))
	f.Add("valid", "1400000000", "1514711492", "valid", string(enc))
	f.Add("valid", "-1", "n", "valid", "")
	f.Add("valid", "now", "1514711492", "valid", string(enc[:len(enc)-4]))
	h, eng := fuzzHandler(f, safe)
	f.Fuzz(func(t *testing.T, signature, timestamp, nonce, msgSig, encrypt string) {
		now := time.Now()
		if timestamp == "now" {
			timestamp = strconv.FormatInt(now.Unix(), 10)
		}
		want := util.Signature(wxToken, timestamp, nonce)
		if signature == "valid" {
			signature = want
		}
		wantMsg := util.Signature(wxToken, timestamp, nonce, encrypt)
		if msgSig == "valid" {
			msgSig = wantMsg
		}
		q := url.Values{"signature": {signature}, "timestamp": {timestamp}, "nonce": {nonce},
			"encrypt_type": {"aes"}, "msg_signature": {msgSig}}
		var body bytes.Buffer
		body.WriteString("<xml><ToUserName>gh_6f1b2c3d4e5f</ToUserName><Encrypt>")
		_ = xml.EscapeText(&body, []byte(encrypt))
		body.WriteString("</Encrypt></xml>")
		before := eng.calls.Load()
		rec := serveFuzz(t, h, q, body.Bytes())
		ts, tsErr := strconv.ParseInt(timestamp, 10, 64)
		fresh := tsErr == nil && now.Sub(time.Unix(ts, 0)).Abs() <= wechat.MaxClockSkew-time.Second
		stale := tsErr != nil || now.Sub(time.Unix(ts, 0)).Abs() > wechat.MaxClockSkew+time.Second
		switch {
		case signature != want || stale:
			if rec.Code != http.StatusForbidden {
				t.Fatalf("bad signature or stale timestamp answered %d", rec.Code)
			}
		case encrypt != "" && msgSig != wantMsg && fresh:
			if rec.Code != http.StatusForbidden {
				t.Fatalf("bad msg_signature answered %d", rec.Code)
			}
		}
		if rec.Code == http.StatusOK && (signature != want || msgSig != wantMsg || stale) {
			t.Fatalf("accepted a request with a wrong signature")
		}
		if rec.Code != http.StatusOK && eng.calls.Load() != before {
			t.Fatalf("a %d request reached the engine", rec.Code)
		}
		if rec.Code != http.StatusOK && rec.Code != http.StatusForbidden && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d", rec.Code)
		}
	})
}
