package sms

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestOversizedSMSRefused: an SMS over MaxBody (16 KB) is a 413 whether it
// comes as a Kannel post-url body, a Kannel get-url text= or a Twilio
// form, and nothing reaches the engine; one of exactly MaxBody bytes is
// taken.
func TestOversizedSMSRefused(t *testing.T) {
	if MaxBody != 16<<10 {
		t.Fatalf("MaxBody = %d, want 16 KB", MaxBody)
	}
	const kannelMO = "/channels/sms/kannel?secret=" + testSecret + "&from=8613953706688&to=12345&charset=UTF-8"
	// 你 is 3 bytes in UTF-8: 5461 of them and one byte make MaxBody.
	atLimit := strings.Repeat("你", MaxBody/3) + strings.Repeat("a", MaxBody%3)
	over := atLimit + "a"
	post := func(id, text string) *http.Request {
		req := httptest.NewRequest(http.MethodPost, kannelMO+"&id="+id, strings.NewReader(text))
		req.Header.Set("Content-Type", "text/plain; charset=UTF-8")
		return req
	}
	get := func(id, text string) *http.Request {
		return httptest.NewRequest(http.MethodGet, kannelMO+"&id="+id+"&text="+url.QueryEscape(text), nil)
	}
	cases := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"kannel post at the limit", post("p1", atLimit), http.StatusAccepted},
		{"kannel post over the limit", post("p2", over), http.StatusRequestEntityTooLarge},
		{"kannel get at the limit", get("g1", atLimit), http.StatusAccepted},
		{"kannel get over the limit", get("g2", over), http.StatusRequestEntityTooLarge},
		{"kannel post with text in the query over the limit", httptest.NewRequest(http.MethodPost,
			kannelMO+"&id=p3&text="+url.QueryEscape(over), strings.NewReader("")), http.StatusRequestEntityTooLarge},
		// Refused before the query is parsed, whatever it carries.
		{"kannel query over maxQuery", httptest.NewRequest(http.MethodGet,
			kannelMO+"&id=g3&text=hi&pad="+strings.Repeat("x", maxQuery), nil), http.StatusRequestEntityTooLarge},
		{"kannel dlr query over maxQuery", httptest.NewRequest(http.MethodGet,
			"/channels/sms/kannel/dlr?secret="+testSecret+"&key="+encodeKey("k")+"&status=1&pad="+strings.Repeat("x", maxQuery), nil), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine("您好")
			sendsms := newFakeSendsms(t)
			_, h := newTestKannel(t, eng, sendsms.srv.URL, nil)
			c.req.RemoteAddr = "127.0.0.1:1"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, c.req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
			msgs := eng.messages()
			if c.want != http.StatusAccepted {
				if !strings.Contains(rec.Body.String(), `"too_large"`) {
					t.Errorf("body %s, want the too_large error", rec.Body)
				}
				if len(msgs) != 0 || len(eng.deliveries()) != 0 || len(sendsms.got()) != 0 {
					t.Errorf("a refused request reached the engine: %d messages, %d deliveries", len(msgs), len(eng.deliveries()))
				}
				return
			}
			if len(msgs) != 1 || msgs[0].Text != atLimit {
				t.Errorf("engine got %d messages (text of %d bytes)", len(msgs), len(msgs[0].Text))
			}
		})
	}
}

// TestOversizedTwilioRefused: a Twilio webhook body over MaxBody is a 413
// (before its signature is checked) and nothing reaches the engine.
func TestOversizedTwilioRefused(t *testing.T) {
	cases := []struct {
		name string
		body string
		want int
	}{
		// Twilio's longest Body, 1600 characters, all Chinese: 14.4 KB
		// percent-encoded, and the other fields fit in what is left.
		{"1600 Chinese characters", strings.Repeat("路", 1600), http.StatusOK},
		{"body over 16 KB", strings.Repeat("路", 1900), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine("您好")
			h := newTestTwilio(t, eng, "http://127.0.0.1:9")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SMbig", c.body)))
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d", rec.Code, c.want)
			}
			n := len(eng.messages())
			if c.want == http.StatusOK && n != 1 {
				t.Errorf("engine got %d messages, want 1", n)
			}
			if c.want != http.StatusOK && (n != 0 || !strings.Contains(rec.Body.String(), `"too_large"`)) {
				t.Errorf("a refused webhook reached the engine (%d messages)", n)
			}
		})
	}
}
