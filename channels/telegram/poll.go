package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Long polling. The library's Bot.Start confirms an update to Telegram
// (the next getUpdates offset) as soon as it has queued it in memory,
// before any handler ran, so a crash or a failed commit would lose a
// message the citizen saw as sent. The loop here asks for the next
// updates only after the engine has committed the previous ones: Telegram
// keeps an update until a getUpdates call with a higher offset, so at
// worst an update is handled twice, and the engine drops the duplicate.

// maxUpdateTries bounds the retries of one update that keeps failing, so
// that one bad update does not stop the channel for good.
const maxUpdateTries = 10

// Run runs the channel's background work until ctx ends: long polling
// when Config.Polling is set, and the agents' group watcher when
// Config.AgentGroupID is set. With neither it just waits.
func (c *Channel) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	if c.cfg.AgentGroupID != 0 {
		events, cancel := c.hub.Subscribe(watchFilter)
		defer cancel()
		wg.Add(1)
		go func() { defer wg.Done(); c.watch(ctx, events) }()
	}
	var err error
	if c.cfg.Polling {
		err = c.poll(ctx)
	} else {
		<-ctx.Done()
	}
	wg.Wait()
	return err
}

// poll deletes the webhook (Telegram refuses getUpdates while one is
// set) and handles updates until ctx ends.
func (c *Channel) poll(ctx context.Context) error {
	for try := 1; ; try++ {
		cctx, cancel := context.WithTimeout(ctx, c.CallTimeout)
		_, err := c.api.DeleteWebhook(cctx, &tgbot.DeleteWebhookParams{})
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		c.log.Warn("telegram deleteWebhook failed", "err", err)
		if !sleep(ctx, backoff(try)) {
			return nil
		}
	}
	c.log.Info("telegram long polling started")
	var offset int64
	fails := 0
	for ctx.Err() == nil {
		updates, next, err := c.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			fails++
			c.log.Warn("telegram getUpdates failed", "err", err, "failures", fails)
			var ae *apiError
			if errors.As(err, &ae) && ae.Code == http.StatusConflict {
				cctx, cancel := context.WithTimeout(ctx, c.CallTimeout)
				_, _ = c.api.DeleteWebhook(cctx, &tgbot.DeleteWebhookParams{})
				cancel()
			}
			if !sleep(ctx, backoff(fails)) {
				return nil
			}
			continue
		}
		fails = 0
		for _, upd := range updates {
			if !c.handlePolled(ctx, upd) {
				return nil
			}
			offset = max(offset, upd.ID+1)
		}
		offset = max(offset, next)
	}
	return nil
}

// handlePolled processes one update, retrying a failed commit; it reports
// false when ctx ended first (the update is then fetched again later).
func (c *Channel) handlePolled(ctx context.Context, upd *models.Update) bool {
	for try := 1; ; try++ {
		err := c.process(ctx, upd)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if try >= maxUpdateTries {
			c.log.Error("telegram update dropped after repeated failures", "update", upd.ID, "tries", try, "err", err)
			return true
		}
		c.log.Warn("telegram update failed, retrying", "update", upd.ID, "try", try, "err", err)
		if !sleep(ctx, backoff(try)) {
			return false
		}
	}
}

// apiError is an error answer of the Bot API.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string {
	s := fmt.Sprintf("telegram: %d %s", e.Code, e.Description)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %d s)", e.RetryAfter)
	}
	return s
}

// getUpdates asks for the updates from offset on, waiting up to
// PollTimeout for one. next is the offset past updates that could not be
// decoded and were skipped.
func (c *Channel) getUpdates(ctx context.Context, offset int64) (updates []*models.Update, next int64, err error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	wait := int(c.PollTimeout / time.Second)
	fields := [][2]string{
		{"offset", strconv.FormatInt(offset, 10)},
		{"timeout", strconv.Itoa(wait)},
		{"allowed_updates", `["message"]`},
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, 0, err
		}
	}
	if err := form.Close(); err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.PollTimeout+15*time.Second)
	defer cancel()
	u := c.baseURL + "/bot" + c.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &body)
	if err != nil {
		return nil, 0, c.redact(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("telegram: unable to get updates: %w", c.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("telegram: unable to read updates: %w", err)
	}
	var ans struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return nil, 0, fmt.Errorf("telegram: unable to decode getUpdates answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !ans.OK {
		return nil, 0, &apiError{Code: ans.ErrorCode, Description: ans.Description, RetryAfter: ans.Parameters.RetryAfter}
	}
	for _, r := range ans.Result {
		upd, err := ParseUpdate(r)
		if err != nil {
			var probe struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(r, &probe)
			c.log.Error("telegram update skipped: undecodable", "update", probe.ID, "err", err)
			next = max(next, probe.ID+1)
			continue
		}
		updates = append(updates, upd)
	}
	return updates, next, nil
}

// redact removes the bot token from an error's text.
func (c *Channel) redact(err error) error {
	if err == nil || !strings.Contains(err.Error(), c.cfg.Token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, c.cfg.Token, "***")
		if !strings.Contains(err.Error(), c.cfg.Token) {
			return err
		}
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.cfg.Token, "***"))
}

// backoff is the wait before retry n: 0.5 s doubling up to 30 s.
func backoff(n int) time.Duration {
	d := 500 * time.Millisecond
	for i := 1; i < n && d < 30*time.Second; i++ {
		d *= 2
	}
	return min(d, 30*time.Second)
}

// sleep waits d; it reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
