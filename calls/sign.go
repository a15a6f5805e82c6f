package calls

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Header names of a signed request.
const (
	HeaderTimestamp = "X-Hotline-Timestamp"
	HeaderSignature = "X-Hotline-Signature"
)

// Sign returns the X-Hotline-Signature value of body sent at unix time ts:
// "sha256=" and the hex HMAC-SHA256 of ts + "." + body under secret.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a request's timestamp header and signature header against
// body: the timestamp must be within maxSkew of now and the signature the
// one Sign gives. It never says which part was wrong to the caller.
func Verify(secret, tsHeader, sigHeader string, body []byte, now time.Time, maxSkew time.Duration) bool {
	if secret == "" {
		return false
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(tsHeader), 10, 64)
	if err != nil {
		return false
	}
	skew := now.Sub(time.Unix(ts, 0))
	if skew > maxSkew || skew < -maxSkew {
		return false
	}
	want := Sign(secret, ts, body)
	got := strings.TrimSpace(sigHeader)
	return hmac.Equal([]byte(strings.ToLower(got)), []byte(want))
}
