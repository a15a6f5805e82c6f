package telegram_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/events/eventstest"
)

// testToken is the bot token the fake Bot API accepts.
const testToken = "123456:TEST-token_abc"

// apiCall is one request the fake Bot API received.
type apiCall struct {
	Method string
	Params map[string]string
}

// apiErr is an error answer the fake gives, shaped as the Bot API's.
type apiErr struct {
	Code       int
	Desc       string
	RetryAfter int
}

// fakeAPI speaks the Bot API on a loopback server: it checks that every
// request is a multipart/form-data POST to /bot<token>/<method>, records
// the form fields, and answers with objects shaped as the API documents
// them.
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server

	mu         sync.Mutex
	calls      []apiCall
	nextMsg    int
	nextThread int
	// errs answers sendMessage to a chat_id with an error.
	errs map[string]apiErr
	// updates are the answers to getUpdates, in order; when they run out
	// getUpdates waits briefly and answers with an empty list.
	updates [][]string
	changed chan struct{}
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, nextMsg: 100, nextThread: 700, errs: map[string]apiErr{}, changed: make(chan struct{}, 1)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) URL() string { return f.srv.URL }

func (f *fakeAPI) fail(chatID string, e apiErr) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs[chatID] = e
}

func (f *fakeAPI) queueUpdates(updates ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, updates)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+testToken+"/")
	if r.Method != http.MethodPost || !ok {
		writeAPI(w, nil, &apiErr{Code: 404, Desc: "Not Found"})
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f.t.Errorf("%s: Content-Type %q, want multipart/form-data", method, r.Header.Get("Content-Type"))
	}
	params := map[string]string{}
	if r.ContentLength != 0 {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			f.t.Errorf("%s: multipart form: %v", method, err)
		}
		if r.MultipartForm != nil {
			for k, v := range r.MultipartForm.Value {
				if len(v) != 1 {
					f.t.Errorf("%s: field %s sent %d times", method, k, len(v))
				}
				params[k] = v[0]
			}
		}
	}
	if method == "getUpdates" {
		f.getUpdates(w, r, params)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Method: method, Params: params})
	var result any
	var fail *apiErr
	switch method {
	case "sendMessage":
		if params["chat_id"] == "" || params["text"] == "" {
			fail = &apiErr{Code: 400, Desc: "Bad Request: message text is empty"}
			break
		}
		if e, ok := f.errs[params["chat_id"]]; ok {
			fail = &e
			break
		}
		f.nextMsg++
		chatID, _ := strconv.ParseInt(params["chat_id"], 10, 64)
		chat := map[string]any{"id": chatID, "type": "private", "first_name": "市民"}
		if chatID < 0 {
			chat = map[string]any{"id": chatID, "type": "supergroup", "title": "12345坐席", "is_forum": true}
		}
		msg := map[string]any{"message_id": f.nextMsg, "date": time.Now().Unix(), "chat": chat, "text": params["text"],
			"from": map[string]any{"id": 123456, "is_bot": true, "first_name": "12345", "username": "hotline_bot"}}
		if th := params["message_thread_id"]; th != "" {
			n, _ := strconv.Atoi(th)
			msg["message_thread_id"] = n
			msg["is_topic_message"] = true
		}
		result = msg
	case "createForumTopic":
		f.nextThread++
		color, _ := strconv.Atoi(params["icon_color"])
		result = map[string]any{"message_thread_id": f.nextThread, "name": params["name"], "icon_color": color}
	case "closeForumTopic", "reopenForumTopic", "deleteWebhook":
		result = true
	default:
		fail = &apiErr{Code: 404, Desc: "Not Found: method not found"}
	}
	f.mu.Unlock()
	select {
	case f.changed <- struct{}{}:
	default:
	}
	writeAPI(w, result, fail)
}

func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request, params map[string]string) {
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Method: "getUpdates", Params: params})
	var next []string
	if len(f.updates) > 0 {
		next, f.updates = f.updates[0], f.updates[1:]
	}
	f.mu.Unlock()
	select {
	case f.changed <- struct{}{}:
	default:
	}
	if next == nil {
		// Telegram holds an empty long poll up to its timeout; the fake
		// holds it briefly so that the client's loop does not spin.
		select {
		case <-time.After(100 * time.Millisecond):
		case <-r.Context().Done():
		}
		next = []string{}
	}
	raw := make([]json.RawMessage, len(next))
	for i, u := range next {
		raw[i] = json.RawMessage(u)
	}
	writeAPI(w, raw, nil)
}

func writeAPI(w http.ResponseWriter, result any, e *apiErr) {
	w.Header().Set("Content-Type", "application/json")
	if e != nil {
		body := map[string]any{"ok": false, "error_code": e.Code, "description": e.Desc}
		if e.RetryAfter > 0 {
			body["parameters"] = map[string]any{"retry_after": e.RetryAfter}
		}
		w.WriteHeader(e.Code)
		_ = json.NewEncoder(w).Encode(body)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// callsOf returns the recorded calls of method.
func (f *fakeAPI) callsOf(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeAPI) allCalls() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.calls...)
}

// waitFor waits until cond holds on the recorded calls, checking it again
// after each call the fake records (changed holds one wake-up, so none is
// lost between a check and the wait).
func (f *fakeAPI) waitFor(what string, cond func(calls []apiCall) bool) []apiCall {
	f.t.Helper()
	hang := time.NewTimer(eventstest.Hang)
	defer hang.Stop()
	for {
		calls := f.allCalls()
		if cond(calls) {
			return calls
		}
		select {
		case <-f.changed:
		case <-hang.C:
			f.t.Fatalf("hung waiting for %s; calls: %s", what, describe(calls))
		}
	}
}

// waitSent waits for a sendMessage to chat (and thread, when not "")
// whose text contains want, and returns its parameters.
func (f *fakeAPI) waitSent(chat, thread, want string) map[string]string {
	f.t.Helper()
	var found map[string]string
	f.waitFor(fmt.Sprintf("sendMessage to %s/%s containing %q", chat, thread, want), func(calls []apiCall) bool {
		for _, c := range calls {
			if c.Method == "sendMessage" && c.Params["chat_id"] == chat &&
				(thread == "" || c.Params["message_thread_id"] == thread) && strings.Contains(c.Params["text"], want) {
				found = c.Params
				return true
			}
		}
		return false
	})
	return found
}

func describe(calls []apiCall) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "\n  %s %v", c.Method, c.Params)
	}
	return b.String()
}
