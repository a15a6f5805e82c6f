package wechat_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"hotline/config"
	"hotline/domain"
	"hotline/ticket"
)

func TestURLCheck(t *testing.T) {
	e := newEnv(t, nil)
	now := time.Now()
	sign := func(ts time.Time) url.Values {
		t := strconv.FormatInt(ts.Unix(), 10)
		return url.Values{"signature": {util.Signature(wxToken, t, "1514711492")}, "timestamp": {t},
			"nonce": {"1514711492"}, "echostr": {"7364192846375918264"}}
	}
	tests := []struct {
		name   string
		query  url.Values
		status int
		body   string
	}{
		{"valid", sign(now), http.StatusOK, "7364192846375918264"},
		{"forged signature", func() url.Values { q := sign(now); q.Set("signature", strings.Repeat("0", 40)); return q }(), http.StatusForbidden, ""},
		{"other token", func() url.Values {
			q := sign(now)
			q.Set("signature", util.Signature("another-token", q.Get("timestamp"), q.Get("nonce")))
			return q
		}(), http.StatusForbidden, ""},
		{"no signature", func() url.Values { q := sign(now); q.Del("signature"); return q }(), http.StatusForbidden, ""},
		{"stale timestamp", sign(now.Add(-wechatSkew - time.Minute)), http.StatusForbidden, ""},
		{"future timestamp", sign(now.Add(wechatSkew + time.Minute)), http.StatusForbidden, ""},
		{"slightly off clock", sign(now.Add(-wechatSkew + 30*time.Second)), http.StatusOK, "7364192846375918264"},
		{"no echostr", func() url.Values { q := sign(now); q.Del("echostr"); return q }(), http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(e.web.URL + path + "?" + tt.query.Encode())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, b)
			}
			if tt.body != "" && string(b) != tt.body {
				t.Errorf("body = %q, want %q", b, tt.body)
			}
		})
	}
}

// TestMessageTypes pushes every message type, signed, in each of WeChat's
// three modes, and checks what the engine stored and what WeChat got back.
func TestMessageTypes(t *testing.T) {
	type check func(t *testing.T, e *env, in *domain.Message, reply string)
	media := func(kind, id, url string) check {
		return func(t *testing.T, e *env, in *domain.Message, reply string) {
			want := []domain.MediaRef{{Kind: kind, ID: id, URL: url}}
			if !slices.Equal(in.Media, want) {
				t.Errorf("media = %+v, want %+v", in.Media, want)
			}
		}
	}
	steps := []struct {
		file   string
		stored bool   // an inbound message is stored
		text   string // its text
		reply  string // the passive reply contains this ("" = answered "success")
		check  check
	}{
		// A bare event is not a message of the citizen's: only its effects
		// are recorded.
		{file: "subscribe.xml", reply: "感谢关注济宁12345市长公开电话"},
		{file: "text.xml", stored: true, text: "任城区古槐路有烧烤摊占道经营，油烟很大", reply: "联系电话"},
		{file: "voice.xml", stored: true, text: "我的电话是13953706688", reply: "请核对",
			check: media("voice", "Vx9qk2_voice_media_0001", "")},
		{file: "voice_unrecognised.xml", stored: true, reply: "无法识别这条语音",
			check: media("voice", "Vx9qk2_voice_media_0002", "")},
		{file: "image.xml", stored: true, reply: "请核对",
			check: media("image", "Im7pq3_image_media_0001", "http://mmbiz.qpic.cn/mmbiz_jpg/abc123/0")},
		{file: "location.xml", stored: true, reply: "请核对", check: func(t *testing.T, e *env, in *domain.Message, reply string) {
			want := ticket.Location{Label: "山东省济宁市任城区古槐路", Lat: 35.414921, Lng: 116.587245}
			if in.Location == nil || *in.Location != want {
				t.Errorf("location = %+v, want %+v", in.Location, want)
			}
		}},
		{file: "link.xml", stored: true, text: "古槐路夜市占道经营严重\nhttps://mp.weixin.qq.com/s/AbCdEf123", reply: "请核对"},
		{file: "video.xml", stored: true, reply: "请核对", check: media("video", "Sv1ab2_video_media_0001", "")},
		{file: "click.xml", stored: true, text: "查询", reply: "工单"},
		{file: "view.xml"},
		{file: "location_event.xml"},
		{file: "miniprogram.xml", reply: "暂不支持这类消息"},
		{file: "unsubscribe.xml", check: func(t *testing.T, e *env, in *domain.Message, reply string) {
			if c := e.citizen(t); c == nil || !slices.Contains(c.OptOut, "wechat") {
				t.Errorf("citizen after unsubscribe = %+v, want opted out of wechat", c)
			}
		}},
	}
	for _, m := range []mode{plain, compat, safe} {
		t.Run(m.String(), func(t *testing.T) {
			e := newEnv(t, accountFor(m))
			count := 0
			for _, s := range steps {
				t.Run(strings.TrimSuffix(s.file, ".xml"), func(t *testing.T) {
					p := newPush(t, readFile(t, s.file), m, time.Now())
					reply := e.send(t, p)
					if s.reply == "" && reply != "" {
						t.Errorf("reply = %q, want success", reply)
					}
					if !strings.Contains(reply, s.reply) {
						t.Errorf("reply = %q, want it to contain %q", reply, s.reply)
					}
					in := e.inbound(t)
					if s.stored {
						count++
					}
					if len(in) != count {
						t.Fatalf("%d inbound messages stored, want %d", len(in), count)
					}
					var last *domain.Message
					if s.stored {
						last = in[len(in)-1]
						if last.Text != s.text || last.Channel != "wechat" || last.ExternalID == "" {
							t.Errorf("stored %+v, want text %q", last, s.text)
						}
					}
					if s.check != nil {
						s.check(t, e, last, reply)
					}
				})
			}
			// Every reply went out passively: nothing is left for the outbox.
			for _, o := range e.outbound(t) {
				if o.Status != "sent" {
					t.Errorf("outbound %q has status %q, want sent (passive)", o.Text, o.Status)
				}
			}
			if n := len(e.api.customCalls()); n != 0 {
				t.Errorf("%d customer-service messages sent, want 0", n)
			}
		})
	}
}

// wechatSkew mirrors wechat.MaxClockSkew for the tables.
const wechatSkew = 5 * time.Minute

func TestForgedOrStaleStoresNothing(t *testing.T) {
	text := readFile(t, "text.xml")
	now := time.Now()
	tests := []struct {
		name string
		push func(t *testing.T) *push
	}{
		{"forged signature", func(t *testing.T) *push {
			p := newPush(t, text, plain, now)
			p.query.Set("signature", util.Signature("guessed", p.query.Get("timestamp"), p.query.Get("nonce")))
			return p
		}},
		{"signature of other timestamp", func(t *testing.T) *push {
			p := newPush(t, text, plain, now)
			p.query.Set("timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return p
		}},
		{"no signature", func(t *testing.T) *push {
			p := newPush(t, text, plain, now)
			p.query.Del("signature")
			return p
		}},
		{"stale", func(t *testing.T) *push { return newPush(t, text, plain, now.Add(-6*time.Minute)) }},
		{"from the future", func(t *testing.T) *push { return newPush(t, text, safe, now.Add(6*time.Minute)) }},
		{"stale safe mode", func(t *testing.T) *push { return newPush(t, text, safe, now.Add(-time.Hour)) }},
		{"forged msg_signature", func(t *testing.T) *push {
			p := newPush(t, text, safe, now)
			p.query.Set("msg_signature", strings.Repeat("a", 40))
			return p
		}},
		{"no msg_signature", func(t *testing.T) *push {
			p := newPush(t, text, safe, now)
			p.query.Del("msg_signature")
			return p
		}},
		{"swapped ciphertext", func(t *testing.T) *push {
			// A valid envelope of another message under this request's
			// msg_signature.
			p := newPush(t, text, safe, now)
			other := newPush(t, readFile(t, "link.xml"), safe, now)
			p.body = other.body
			return p
		}},
		{"compat mode with forged msg_signature", func(t *testing.T) *push {
			p := newPush(t, text, compat, now)
			p.query.Set("msg_signature", util.Signature(wxToken, "1", "2", "3"))
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.push(t)
			e := newEnv(t, accountFor(p.mode))
			status, body := e.do(t, p)
			if status != http.StatusForbidden {
				t.Fatalf("status = %d, want 403 (%s)", status, body)
			}
			if in := e.inbound(t); len(in) != 0 {
				t.Errorf("%d messages stored", len(in))
			}
			if c := e.citizen(t); c != nil {
				t.Errorf("citizen stored: %+v", c)
			}
		})
	}
}

func TestMalformedRequests(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name   string
		push   func(t *testing.T) *push
		status int
	}{
		{"body over 64 KB", func(t *testing.T) *push {
			big := bytes.Replace(readFile(t, "text.xml"), []byte("油烟很大"), bytes.Repeat([]byte("油"), 70<<10/3), 1)
			return newPush(t, big, plain, now)
		}, http.StatusRequestEntityTooLarge},
		{"not XML", func(t *testing.T) *push { return newPush(t, []byte("{\"MsgType\":\"text\"}"), plain, now) }, http.StatusBadRequest},
		{"truncated XML", func(t *testing.T) *push { return newPush(t, readFile(t, "text.xml")[:120], plain, now) }, http.StatusBadRequest},
		{"wrong root", func(t *testing.T) *push {
			return newPush(t, []byte("<msg><FromUserName>o1</FromUserName><MsgType>text</MsgType></msg>"), plain, now)
		}, http.StatusBadRequest},
		{"no sender", func(t *testing.T) *push {
			return newPush(t, []byte("<xml><MsgType>text</MsgType><Content>路灯</Content><MsgId>1</MsgId></xml>"), plain, now)
		}, http.StatusBadRequest},
		{"safe mode without Encrypt", func(t *testing.T) *push {
			p := newPush(t, readFile(t, "text.xml"), safe, now)
			p.body = readFile(t, "text.xml")
			p.query.Set("msg_signature", util.Signature(wxToken, p.query.Get("timestamp"), p.query.Get("nonce"), ""))
			return p
		}, http.StatusBadRequest},
		{"undecryptable ciphertext", func(t *testing.T) *push {
			p := newPush(t, readFile(t, "text.xml"), safe, now)
			enc := "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0IGF0IGFsbCEhISE="
			p.body = []byte("<xml><ToUserName>gh_6f1b2c3d4e5f</ToUserName><Encrypt>" + enc + "</Encrypt></xml>")
			p.query.Set("msg_signature", util.Signature(wxToken, p.query.Get("timestamp"), p.query.Get("nonce"), enc))
			return p
		}, http.StatusBadRequest},
		{"ciphertext for another app", func(t *testing.T) *push {
			p := newPush(t, readFile(t, "text.xml"), safe, now)
			enc, err := util.EncryptMsg([]byte("0123456789abcdef"), readFile(t, "text.xml"), "wx_other_app", aesKey)
			if err != nil {
				t.Fatal(err)
			}
			p.body = []byte("<xml><Encrypt>" + string(enc) + "</Encrypt></xml>")
			p.query.Set("msg_signature", util.Signature(wxToken, p.query.Get("timestamp"), p.query.Get("nonce"), string(enc)))
			return p
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.push(t)
			e := newEnv(t, accountFor(p.mode))
			status, body := e.do(t, p)
			if status != tt.status {
				t.Fatalf("status = %d, want %d (%s)", status, tt.status, body)
			}
			if in := e.inbound(t); len(in) != 0 {
				t.Errorf("%d messages stored", len(in))
			}
		})
	}
}

// TestDuplicatePushes sends the same MsgId three times, as WeChat does when
// it gets no answer in 5 seconds: one message, one reply.
func TestDuplicatePushes(t *testing.T) {
	for _, m := range []mode{plain, safe} {
		t.Run(m.String(), func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) {
				// The engine answers within the budget (a minute), however
				// busy the machine: the first push gets the passive reply.
				accountFor(m)(c)
			})
			var replies []string
			for i := range 3 {
				// Each retry is signed anew, with its own timestamp and nonce.
				p := newPush(t, readFile(t, "text.xml"), m, time.Now().Add(time.Duration(i)*time.Second))
				replies = append(replies, e.send(t, p))
			}
			if !strings.Contains(replies[0], "联系电话") || replies[1] != "" || replies[2] != "" {
				t.Errorf("replies = %q, want one passive reply then success, success", replies)
			}
			if in := e.inbound(t); len(in) != 1 {
				t.Errorf("%d inbound messages, want 1", len(in))
			}
			if out := e.outbound(t); len(out) != 1 || out[0].Status != "sent" {
				t.Errorf("outbound = %+v, want one reply, sent", out)
			}
			// Past the hold (on the outbox's clock), it has nothing left
			// to deliver.
			e.ob.SetClock(func() time.Time { return time.Now().Add(2 * time.Minute) })
			n, err := e.ob.Step(t.Context())
			if err != nil || n != 0 {
				t.Errorf("outbox step delivered %d (%v), want 0", n, err)
			}
			if c := e.api.customCalls(); len(c) != 0 {
				t.Errorf("customer-service calls = %+v, want none", c)
			}
		})
	}
}

// TestSlowEngineAnswersSuccess: when the engine takes longer than the reply
// budget (one nanosecond, which any engine misses) the message is committed before the answer, WeChat gets
// "success" and the outbox delivers the reply as a customer-service message.
func TestSlowEngineAnswersSuccess(t *testing.T) {
	for _, m := range []mode{plain, safe} {
		t.Run(m.String(), func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) {
				accountFor(m)(c)
				c.Channels.WeChat.ReplyBudget = config.Duration(time.Nanosecond)
			})
			e.runOutbox(t)
			p := newPush(t, readFile(t, "text.xml"), m, time.Now())
			status, body := e.do(t, p)
			if got := p.reply(t, status, body); got != "" {
				t.Fatalf("reply = %q, want success", got)
			}
			if m == safe && string(body) != "success" {
				t.Errorf("safe mode answered %q, want plaintext success", body)
			}
			// Acknowledged means committed.
			if in := e.inbound(t); len(in) != 1 || !strings.Contains(in[0].Text, "烧烤") {
				t.Fatalf("inbound after success = %+v", in)
			}
			e.waitFor(t, "the customer-service message", func() bool { return len(e.api.customCalls()) == 1 })
			c := e.api.customCalls()[0]
			out := e.outbound(t)
			if c.ToUser != openID || c.MsgType != "text" || len(out) != 1 || c.Text.Content != out[0].Text || c.Token != "ACCESS_TOKEN_1" {
				t.Errorf("sent %+v, stored %+v", c, out)
			}
			e.waitFor(t, "the delivery status", func() bool { return e.outbound(t)[0].Status == "sent" })
		})
	}
}

// TestInputErrorAnsweredInChat: a message the engine refuses (too long) is
// answered with the city's input_errors text, whole, and nothing is
// stored.
func TestInputErrorAnsweredInChat(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		plainAccount(c)
		c.Bot.MaxTextLen = 10
		c.InputErrors.TooLong = "太长了，最多 {{.Max}} 字 (请分几条发送)"
	})
	p := newPush(t, readFile(t, "text.xml"), plain, time.Now())
	if reply := e.send(t, p); reply != "太长了，最多 10 字 (请分几条发送)" {
		t.Errorf("reply = %q", reply)
	}
	if in := e.inbound(t); len(in) != 0 {
		t.Errorf("%d messages stored", len(in))
	}
}

// TestAESKeyRefusesPlaintext: with an EncodingAESKey configured, a push
// must come in compatible or safe mode. A plaintext push is refused even
// with a valid signature, which covers only token, timestamp and nonce:
// whoever saw one signed query string could otherwise post any body.
func TestAESKeyRefusesPlaintext(t *testing.T) {
	text := readFile(t, "text.xml")
	now := time.Now()
	tests := []struct {
		name   string
		push   func(t *testing.T) *push
		status int
	}{
		{"plaintext with valid signature", func(t *testing.T) *push { return newPush(t, text, plain, now) }, http.StatusForbidden},
		{"compatible body without encrypt_type", func(t *testing.T) *push {
			p := newPush(t, text, compat, now)
			p.query.Del("encrypt_type")
			return p
		}, http.StatusForbidden},
		{"encrypt_type other than aes", func(t *testing.T) *push {
			p := newPush(t, text, compat, now)
			p.query.Set("encrypt_type", "raw")
			return p
		}, http.StatusForbidden},
		{"compatible mode", func(t *testing.T) *push { return newPush(t, text, compat, now) }, http.StatusOK},
		{"safe mode", func(t *testing.T) *push { return newPush(t, text, safe, now) }, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil) // the test account has an EncodingAESKey
			p := tt.push(t)
			status, body := e.do(t, p)
			if status != tt.status {
				t.Fatalf("status = %d, want %d (%s)", status, tt.status, body)
			}
			in := e.inbound(t)
			if status != http.StatusOK {
				if !strings.Contains(string(body), "encryption_required") {
					t.Errorf("body = %s, want code encryption_required", body)
				}
				if len(in) != 0 || e.citizen(t) != nil {
					t.Errorf("refused push stored %d messages, citizen %+v", len(in), e.citizen(t))
				}
				return
			}
			if reply := p.reply(t, status, body); !strings.Contains(reply, "联系电话") {
				t.Errorf("reply = %q", reply)
			}
			if len(in) != 1 || !strings.Contains(in[0].Text, "烧烤") {
				t.Errorf("stored %+v, want the complaint", in)
			}
		})
	}
}

// greetingXML is a text message saying 你好, which the engine answers with
// its welcome.
const greetingXML = `<xml><ToUserName><![CDATA[gh_6f1b2c3d4e5f]]></ToUserName>` +
	`<FromUserName><![CDATA[oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E]]></FromUserName><CreateTime>1795752100</CreateTime>` +
	`<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>24811370000000077</MsgId></xml>`

// TestWelcome: the engine's welcome (on subscribe, and in answer to a
// greeting) reaches the citizen as channels.wechat.welcome when that is
// set, whether it goes out as the passive reply or, when the engine missed
// the reply budget, through the outbox as a customer-service message.
func TestWelcome(t *testing.T) {
	for _, account := range []bool{true, false} {
		for _, passive := range []bool{true, false} {
			for _, body := range []string{"subscribe", "greeting"} {
				name := fmt.Sprintf("account welcome %v/passive %v/%s", account, passive, body)
				t.Run(name, func(t *testing.T) {
					e := newEnv(t, func(c *config.Config) {
						if !account {
							c.Channels.WeChat.Welcome = ""
						}
						if !passive {
							// Any engine misses a budget of one nanosecond.
							c.Channels.WeChat.ReplyBudget = config.Duration(time.Nanosecond)
						}
					})
					want := e.cfg.Replies.Welcome
					if account {
						want = e.cfg.Channels.WeChat.Welcome
						if want == "" || want == e.cfg.Replies.Welcome {
							t.Fatalf("default config: wechat welcome %q, engine welcome %q", want, e.cfg.Replies.Welcome)
						}
					}
					e.runOutbox(t)
					xmlBody := readFile(t, "subscribe.xml")
					if body == "greeting" {
						xmlBody = []byte(greetingXML)
					}
					reply := e.send(t, newPush(t, xmlBody, safe, time.Now()))
					if passive {
						if reply != want {
							t.Errorf("passive reply = %q, want %q", reply, want)
						}
						if c := e.api.customCalls(); len(c) != 0 {
							t.Errorf("customer-service messages %+v, want none", c)
						}
						return
					}
					if reply != "" {
						t.Errorf("reply = %q, want success (the engine missed the budget)", reply)
					}
					e.waitFor(t, "the customer-service message", func() bool { return len(e.api.customCalls()) > 0 })
					if c := e.api.customCalls(); len(c) != 1 || c[0].ToUser != openID || c[0].Text.Content != want {
						t.Errorf("customer-service messages = %+v, want one with %q", c, want)
					}
				})
			}
		}
	}
}
