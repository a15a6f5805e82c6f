package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hotline/config"
	"hotline/outbound"
)

// Webhook headers: the same scheme as the switch's requests to
// POST /api/calls, plus the notice's idempotency key.
const (
	HeaderTimestamp = "X-Hotline-Timestamp"
	HeaderSignature = "X-Hotline-Signature"
	HeaderID        = "X-Hotline-Id"
)

// Sign returns the X-Hotline-Signature value of body sent at unix time ts:
// "sha256=" and the hex HMAC-SHA256 of ts + "." + body under secret.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10) + "."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// WebhookNotice is the JSON the webhook receives.
type WebhookNotice struct {
	ID         string    `json:"id"`   // idempotency key: the same on a retry
	Kind       string    `json:"kind"` // dispatch, remind_sign, …
	Department string    `json:"department"`
	Number     string    `json:"number"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// WebhookSender posts notices as signed JSON (outbox channel "webhook").
type WebhookSender struct {
	url, secret string
	client      *http.Client
	now         func() time.Time
}

// NewWebhookSender returns the sender for notify.webhook.
func NewWebhookSender(cfg config.NotifyWebhook) *WebhookSender {
	return &WebhookSender{url: cfg.URL, secret: cfg.Secret, client: &http.Client{Timeout: APITimeout}, now: time.Now}
}

// Send posts the notice; a 2xx answer delivers it, a 4xx other than 408
// and 429 fails it for good, anything else is retried.
func (w *WebhookSender) Send(ctx context.Context, o outbound.Message) error {
	n := WebhookNotice{ID: o.ID, Kind: strings.TrimPrefix(o.Kind, KindPrefix), Department: o.To, Number: o.Ticket, Text: o.Text, At: w.now()}
	body, err := json.Marshal(n)
	if err != nil {
		return outbound.Permanent(err)
	}
	ts := w.now().Unix()
	req, err := http.NewRequestWithContext(ctx, "POST", w.url, bytes.NewReader(body))
	if err != nil {
		return outbound.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(w.secret, ts, body))
	req.Header.Set(HeaderID, o.ID)
	resp, err := w.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode/100 == 2:
		return nil
	case resp.StatusCode/100 == 4 && resp.StatusCode != 408 && resp.StatusCode != 429:
		return outbound.Permanent(fmt.Errorf("webhook: HTTP %d", resp.StatusCode))
	}
	return fmt.Errorf("webhook: HTTP %d", resp.StatusCode)
}
