package sms

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hotline/config"
	"hotline/outbound"
)

// The request-validation example that every Twilio SDK tests against.
var (
	vectorURL    = "https://mycompany.com/myapp.php?foo=1&bar=2"
	vectorParams = url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {"+14158675309"},
		"Digits":  {"1234"},
		"From":    {"+14158675309"},
		"To":      {"+18005551212"},
	}
)

func TestTwilioSignatureVector(t *testing.T) {
	if got := TwilioSignature("12345", vectorURL, vectorParams); got != "RSOYDt4T1cUTdK1PDd93/VVr8B8=" {
		t.Errorf("signature = %s, want RSOYDt4T1cUTdK1PDd93/VVr8B8=", got)
	}
	repeated := url.Values{"Sid": {"CA123"}, "SidAccount": {"AC123"}, "Digits": {"5678", "1234", "1234"}}
	if got := TwilioSignature("12345", vectorURL, repeated); got != "IK+Dwps556ElfBT0I3Rgjkr1wJU=" {
		t.Errorf("repeated-parameter signature = %s, want IK+Dwps556ElfBT0I3Rgjkr1wJU=", got)
	}
	cases := []struct {
		name  string
		token string
		url   string
		sig   string
		form  url.Values
		want  bool
	}{
		{"vector", "12345", vectorURL, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", vectorParams, true},
		{"other token", "54321", vectorURL, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", vectorParams, false},
		{"other url", "12345", vectorURL + "&x=1", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", vectorParams, false},
		{"tampered", "12345", vectorURL, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url.Values{"Digits": {"9999"}}, false},
		{"empty", "12345", vectorURL, "", vectorParams, false},
		{"no token", "", vectorURL, TwilioSignature("", vectorURL, vectorParams), vectorParams, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ValidTwilioSignature(c.token, c.sig, c.form, c.url); got != c.want {
				t.Errorf("ValidTwilioSignature = %v, want %v", got, c.want)
			}
		})
	}
}

func TestPortVariants(t *testing.T) {
	cases := map[string][]string{
		"https://h.example/x?a=1":      {"https://h.example/x?a=1", "https://h.example:443/x?a=1"},
		"https://h.example:443/x":      {"https://h.example:443/x", "https://h.example/x"},
		"http://h.example:8080/x":      {"http://h.example:8080/x"},
		"http://[::1]:80/channels/sms": {"http://[::1]:80/channels/sms", "http://[::1]/channels/sms"},
	}
	for in, want := range cases {
		got := portVariants(in)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("portVariants(%s) = %v, want %v", in, got, want)
		}
	}
}

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testToken = "twilio-auth-token"
	hookURL   = "https://12345.example.gov.cn/channels/sms/twilio"
)

func newTestTwilio(t testing.TB, eng *fakeEngine, apiBase string) http.Handler {
	t.Helper()
	ch, err := NewTwilio(config.Twilio{AccountSID: testSID, AuthToken: testToken, From: "+15005550006",
		APIBaseURL: apiBase, WebhookURL: hookURL}, Options{Engine: eng, SMS: testSMSConfig(), Replies: testReplies(), City: "济宁市", Hotline: "12345"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ch.Routes(mux)
	return mux
}

// twilioPost is a webhook call as Twilio makes it, signed for signURL.
func twilioPost(target, signURL, token string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("X-Twilio-Signature", TwilioSignature(token, signURL, form))
	}
	return req
}

func inboundForm(sid, body string) url.Values {
	return url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {testSID}, "From": {"+8613953706688"},
		"To": {"+15005550006"}, "Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"}, "FromCountry": {"CN"},
	}
}

// twimlMessages parses a TwiML answer.
func twimlMessages(t *testing.T, body string) []string {
	t.Helper()
	var resp struct {
		XMLName  xml.Name `xml:"Response"`
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("not TwiML: %v\n%s", err, body)
	}
	return resp.Messages
}

func TestTwilioWebhook(t *testing.T) {
	eng := newFakeEngine("您好，已受理 <工单> & 编号 20261127-0042。")
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SM1", "路灯坏了")))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
		t.Fatalf("answer %d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	msgs := twimlMessages(t, rec.Body.String())
	if len(msgs) != 1 || msgs[0] != "您好，已受理 <工单> & 编号 20261127-0042。" {
		t.Errorf("TwiML messages = %q", msgs)
	}
	if !strings.Contains(rec.Body.String(), "&lt;工单&gt; &amp; 编号") {
		t.Errorf("reply not XML-escaped: %s", rec.Body)
	}
	got := eng.messages()
	if len(got) != 1 || got[0].UserID != "+8613953706688" || got[0].Phone != "13953706688" || got[0].ExternalID != "SM1" || got[0].Text != "路灯坏了" ||
		!got[0].ExternalTime.IsZero() {
		t.Errorf("engine got %+v", got)
	}

	// A retried webhook is a duplicate: empty response.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SM1", "路灯坏了")))
	if msgs := twimlMessages(t, rec.Body.String()); len(msgs) != 0 || len(eng.messages()) != 1 {
		t.Errorf("duplicate answered %q", msgs)
	}
}

func TestTwilioWebhookLateRepliesGoThroughOutbox(t *testing.T) {
	eng := newFakeEngine("稍后回复")
	eng.claimAll = false // the engine finished after the reply budget
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SM2", "你好")))
	if rec.Code != http.StatusOK || !strings.HasSuffix(rec.Body.String(), "<Response/>") {
		t.Errorf("answer %d %s, want an empty <Response/>", rec.Code, rec.Body)
	}
}

func TestTwilioWebhookRefusesBadSignatures(t *testing.T) {
	form := inboundForm("SM3", "路灯坏了")
	cases := []struct {
		name string
		req  *http.Request
	}{
		{"missing", twilioPost("/channels/sms/twilio", hookURL, "", form)},
		{"wrong token", twilioPost("/channels/sms/twilio", hookURL, "other-token", form)},
		{"wrong url", twilioPost("/channels/sms/twilio", "https://evil.example/channels/sms/twilio", testToken, form)},
		{"tampered body", func() *http.Request {
			r := twilioPost("/channels/sms/twilio", hookURL, testToken, form)
			tampered := inboundForm("SM3", "给我转账")
			r.Body = io.NopCloser(strings.NewReader(tampered.Encode()))
			r.ContentLength = int64(len(tampered.Encode()))
			return r
		}()},
		{"garbage", func() *http.Request {
			r := twilioPost("/channels/sms/twilio", hookURL, "", form)
			r.Header.Set("X-Twilio-Signature", base64.StdEncoding.EncodeToString([]byte("garbage")))
			return r
		}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine("好")
			h := newTestTwilio(t, eng, "http://127.0.0.1:9")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, c.req)
			if rec.Code != http.StatusForbidden {
				t.Errorf("status %d, want 403", rec.Code)
			}
			if len(eng.messages()) != 0 {
				t.Error("a forged message reached the engine")
			}
		})
	}
}

func TestTwilioWebhookSignedWithDefaultPort(t *testing.T) {
	eng := newFakeEngine("好")
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", "https://12345.example.gov.cn:443/channels/sms/twilio", testToken, inboundForm("SM4", "你好")))
	if rec.Code != http.StatusOK || len(eng.messages()) != 1 {
		t.Errorf("status %d, %d messages", rec.Code, len(eng.messages()))
	}
}

func TestTwilioMedia(t *testing.T) {
	form := inboundForm("MM1", "")
	form.Set("NumMedia", "2")
	form.Set("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1")
	form.Set("MediaContentType0", "image/jpeg")
	form.Set("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME2")
	form.Set("MediaContentType1", "audio/amr")
	mo, err := ParseTwilioMO(form)
	if err != nil {
		t.Fatal(err)
	}
	if len(mo.Media) != 2 || mo.Media[0].Kind != "image" || mo.Media[1].Kind != "voice" || mo.Media[0].URL != form.Get("MediaUrl0") {
		t.Errorf("media = %+v", mo.Media)
	}
	eng := newFakeEngine()
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, form))
	if got := eng.messages(); rec.Code != http.StatusOK || len(got) != 1 || len(got[0].Media) != 2 {
		t.Errorf("status %d, engine got %+v", rec.Code, got)
	}
}

func TestTwilioOptOut(t *testing.T) {
	eng := newFakeEngine("您好，已收到您反映的问题。")
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	send := func(sid, text string) []string {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm(sid, text)))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", sid, rec.Code)
		}
		return twimlMessages(t, rec.Body.String())
	}
	answers := []int{}
	for _, sid := range []string{"SM10", "SM11"} {
		msgs := send(sid, "退订")
		answers = append(answers, len(msgs))
		if len(msgs) == 1 && !strings.Contains(msgs[0], "您已退订济宁市12345") {
			t.Errorf("confirmation = %q", msgs[0])
		}
	}
	if answers[0] != 1 || answers[1] != 0 {
		t.Errorf("confirmations per opt-out = %v, want [1 0]", answers)
	}
	if !eng.OptedOut(Name, "+8613953706688") {
		t.Fatal("the engine did not record the opt-out")
	}
	// Writing again re-subscribes: the engine clears the opt-out and the
	// reply goes back in the TwiML answer.
	if msgs := send("SM12", "路灯坏了"); len(msgs) != 1 || msgs[0] != "您好，已收到您反映的问题。" {
		t.Errorf("answer after writing again = %q, want the reply", msgs)
	}
	got := eng.messages()
	if last := got[len(got)-1]; last.Event != "" || last.PassiveBy.IsZero() {
		t.Errorf("the later SMS went to the engine as %+v, want an ordinary message answerable in TwiML", last)
	}
	if eng.OptedOut(Name, "+8613953706688") {
		t.Error("still opted out after writing again")
	}
	// A new opt-out is confirmed again, once.
	if msgs := send("SM13", "TD"); len(msgs) != 1 || !strings.Contains(msgs[0], "退订") {
		t.Errorf("second opt-out answered %q, want a confirmation", msgs)
	}
}

// TestTwilioOptOutKeptByEngine: should the engine keep an opt-out when the
// citizen writes again, the channel follows it and answers nothing.
func TestTwilioOptOutKeptByEngine(t *testing.T) {
	eng := newFakeEngine("不应发送")
	eng.keepOptOut = true
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	for i, text := range []string{"退订", "路灯坏了"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SM2"+strconv.Itoa(i), text)))
		msgs := twimlMessages(t, rec.Body.String())
		if i == 1 && len(msgs) != 0 {
			t.Errorf("answered a number the engine holds opted out: %q", msgs)
		}
	}
}

func TestTwilioStatusCallback(t *testing.T) {
	eng := newFakeEngine()
	h := newTestTwilio(t, eng, "http://127.0.0.1:9")
	key := "sms:+8613953706688:5:0"
	cases := []struct {
		part, status string
		recorded     string
	}{
		{"1/1", "queued", ""},
		{"1/1", "sent", outbound.DeliverySMSCAck},
		{"1/1", "delivered", outbound.DeliveryDelivered},
		{"1/2", "delivered", ""},
		{"1/2", "undelivered", outbound.DeliveryFailed},
	}
	for _, c := range cases {
		t.Run(c.part+" "+c.status, func(t *testing.T) {
			before := len(eng.deliveries())
			target := "/channels/sms/twilio/status?key=" + encodeKey(key) + "&part=" + c.part
			form := url.Values{"MessageSid": {"SM9"}, "MessageStatus": {c.status}, "AccountSid": {testSID}}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, twilioPost(target, "https://12345.example.gov.cn"+target, testToken, form))
			if rec.Code != http.StatusNoContent {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			got := eng.deliveries()[before:]
			if c.recorded == "" && len(got) != 0 || c.recorded != "" && (len(got) != 1 || got[0].status != c.recorded || got[0].key != key) {
				t.Errorf("recorded %+v, want %q", got, c.recorded)
			}
		})
	}
	rec := httptest.NewRecorder()
	target := "/channels/sms/twilio/status?key=" + encodeKey(key)
	h.ServeHTTP(rec, twilioPost(target, "https://12345.example.gov.cn"+target, "wrong", url.Values{"MessageStatus": {"delivered"}}))
	if rec.Code != http.StatusForbidden {
		t.Errorf("unsigned callback: status %d", rec.Code)
	}
}

// fakeTwilioAPI is the Messages resource.
type fakeTwilioAPI struct {
	mu    sync.Mutex
	forms []url.Values
	auth  []string
	paths []string
	code  int
	body  string
}

func (f *fakeTwilioAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.mu.Lock()
	f.forms = append(f.forms, r.PostForm)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.paths = append(f.paths, r.URL.Path)
	code, body := f.code, f.body
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	io.WriteString(w, body)
}

func TestTwilioSend(t *testing.T) {
	api := &fakeTwilioAPI{code: http.StatusCreated, body: `{"sid":"SM123","status":"queued"}`}
	srv := httptest.NewServer(api)
	defer srv.Close()
	ch, err := NewTwilio(config.Twilio{AccountSID: testSID, AuthToken: testToken, From: "+1 500 555 0006", APIBaseURL: srv.URL, WebhookURL: hookURL},
		Options{Engine: newFakeEngine(), SMS: testSMSConfig(), Replies: testReplies()})
	if err != nil {
		t.Fatal(err)
	}
	key := "sms:+8613953706688:7:0"
	if err := ch.Send(context.Background(), outbound.Message{ID: key, To: "13953706688", Text: "您的工单已办结。\n\n请回复1-5评价"}); err != nil {
		t.Fatal(err)
	}
	if len(api.forms) != 1 {
		t.Fatalf("%d requests", len(api.forms))
	}
	wantForm := url.Values{
		"To": {"+8613953706688"}, "From": {"+15005550006"}, "Body": {"您的工单已办结。\n请回复1-5评价"},
		"StatusCallback": {"https://12345.example.gov.cn/channels/sms/twilio/status?key=" + encodeKey(key) + "&part=1/1"},
	}
	if api.forms[0].Encode() != wantForm.Encode() {
		t.Errorf("form = %v\nwant %v", api.forms[0], wantForm)
	}
	if want := "/2010-04-01/Accounts/" + testSID + "/Messages.json"; api.paths[0] != want {
		t.Errorf("path = %s, want %s", api.paths[0], want)
	}
	if want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testSID+":"+testToken)); api.auth[0] != want {
		t.Errorf("Authorization = %s, want %s", api.auth[0], want)
	}
}

func TestTwilioSendOutcomes(t *testing.T) {
	cases := []struct {
		name      string
		code      int
		body      string
		permanent bool
	}{
		{"invalid number", 400, `{"code":21211,"message":"The 'To' number 1 is not a valid phone number.","status":400}`, true},
		{"unsubscribed", 400, `{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}`, true},
		{"not mobile", 400, `{"code":21614,"message":"'To' number is not a valid mobile number","status":400}`, true},
		{"other 400", 400, `{"code":21602,"message":"Message body is required.","status":400}`, true},
		{"bad credentials", 401, `{"code":20003,"message":"Authenticate","status":401}`, true},
		{"too many requests", 429, `{"code":20429,"message":"Too Many Requests","status":429}`, false},
		{"server error", 500, `{"code":20500,"message":"Internal Server Error","status":500}`, false},
		{"bad gateway", 502, `<html>bad gateway</html>`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(&fakeTwilioAPI{code: c.code, body: c.body})
			defer srv.Close()
			ch, err := NewTwilio(config.Twilio{AccountSID: testSID, AuthToken: testToken, From: "+15005550006", APIBaseURL: srv.URL},
				Options{Engine: newFakeEngine(), SMS: testSMSConfig(), Replies: testReplies()})
			if err != nil {
				t.Fatal(err)
			}
			err = ch.Send(context.Background(), outbound.Message{ID: "k", To: "+8613953706688", Text: "您好"})
			var perm *outbound.PermanentError
			if err == nil || errors.As(err, &perm) != c.permanent {
				t.Errorf("Send = %v, want permanent %v", err, c.permanent)
			}
		})
	}
}

func TestTwiML(t *testing.T) {
	if got := TwiML(); got != xml.Header+"<Response/>" {
		t.Errorf("TwiML() = %q", got)
	}
	got := TwiML("a<b", "c&d")
	if want := xml.Header + "<Response><Message>a&lt;b</Message><Message>c&amp;d</Message></Response>"; got != want {
		t.Errorf("TwiML = %q, want %q", got, want)
	}
}
