package sms

import (
	"sync"
	"time"
)

// limiter allows at most per messages to one recipient in any window.
// It lives in memory: after a restart a recipient may get up to per more.
type limiter struct {
	mu     sync.Mutex
	per    int
	window time.Duration
	sent   map[string][]time.Time
	calls  int
}

func newLimiter(per int, window time.Duration) *limiter {
	return &limiter{per: per, window: window, sent: map[string][]time.Time{}}
}

// reserve records a message to key at now unless the limit is reached; it
// then returns false and how long until a slot frees up. release undoes a
// reservation whose message was not sent.
func (l *limiter) reserve(key string, now time.Time) (ok bool, wait time.Duration, release func()) {
	if l == nil || l.per <= 0 {
		return true, 0, func() {}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gc(now)
	times := l.prune(key, now)
	if len(times) >= l.per {
		return false, times[0].Add(l.window).Sub(now), func() {}
	}
	l.sent[key] = append(times, now)
	return true, 0, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		ts := l.sent[key]
		for i := len(ts) - 1; i >= 0; i-- {
			if ts[i].Equal(now) {
				l.sent[key] = append(ts[:i:i], ts[i+1:]...)
				break
			}
		}
	}
}

// note records a message sent outside Send (a TwiML answer) without
// checking the limit: it was an answer to the citizen's own message.
func (l *limiter) note(key string, now time.Time) {
	if l == nil || l.per <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent[key] = append(l.prune(key, now), now)
}

// prune drops key's times that left the window.
func (l *limiter) prune(key string, now time.Time) []time.Time {
	ts := l.sent[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	if i == len(ts) {
		delete(l.sent, key)
		return nil
	}
	return ts[i:]
}

// gc forgets idle recipients now and then so the map does not grow.
func (l *limiter) gc(now time.Time) {
	l.calls++
	if l.calls%1024 != 0 {
		return
	}
	for k := range l.sent {
		l.prune(k, now)
	}
}
