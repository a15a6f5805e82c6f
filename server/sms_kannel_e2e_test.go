//go:build linux

package server_test

import (
	"context"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/channels/sms"
	"hotline/channels/sms/kanneltest"
	"hotline/config"
	"hotline/domain"
	"hotline/events/eventstest"
	"hotline/server"
	"hotline/store"
)

// TestKannelEndToEnd runs the gateway against a real Kannel: an SMS from
// the fake SMSC becomes a conversation, the bot's reply comes out of the
// fake SMSC, its delivery report marks the message delivered, and 退订
// is confirmed once. Without the Kannel binaries the test is skipped,
// except under CI=true, where their absence is a failure.
func TestKannelEndToEnd(t *testing.T) {
	bins, err := kanneltest.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Kannel is not installed: %v", err)
		}
		t.Skipf("skipping the Kannel end-to-end test: %v", err)
	}
	start := time.Now()
	k := kanneltest.New(t, bins)

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg.Server.DataDir = t.TempDir()
	cfg.Server.BaseURL = base
	cfg.Channels.Kannel = config.Kannel{SendURL: k.SendsmsURL, Username: "gw", Password: "gwpass", Sender: "12345",
		Path: sms.DefaultKannelPath, Secret: smsSecret}
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		srv.Close()
	})
	gw := &smsGateway{srv: srv, url: base}

	k.Start(t, kanneltest.Config{
		PostURL:  base + sms.DefaultKannelPath + "?secret=" + smsSecret + "&from=%p&to=%P&id=%I&ts=%T&coding=%c&charset=%C",
		Username: "gw", Password: "gwpass", Sender: "12345",
	})
	t.Logf("Kannel up after %s", time.Since(start).Round(time.Millisecond))

	// A Chinese SMS arrives as UCS-2.
	complaint := "任城区古槐路有烧烤摊占道经营，油烟很大"
	if err := k.SendMO("8613953706688", "12345", complaint, true); err != nil {
		t.Fatal(err)
	}
	var msgs []*domain.Message
	gw.waitFor(t, "the SMS to reach the store", func() bool {
		_, msgs, err = gw.conversation("+8613953706688")
		return err == nil && len(msgs) > 0
	})
	if msgs[0].Direction != domain.In || msgs[0].Text != complaint || msgs[0].ExternalID == "" {
		t.Fatalf("first message = %+v", msgs[0])
	}

	// The bot's reply comes out of the fake SMSC.
	waitCtx, stop := context.WithTimeout(context.Background(), eventstest.Hang)
	defer stop()
	var mts []kanneltest.MT
	mt, err := k.WaitMT(waitCtx)
	if err != nil {
		t.Fatal(err)
	}
	mts = append(mts, mt)
	if mt.To != "+8613953706688" || mt.From != "12345" || mt.Coding != "ucs-2" {
		t.Errorf("MT = %+v", mt)
	}
	var replies []*domain.Message
	gw.waitFor(t, "the delivery reports", func() bool {
		_, msgs, err := gw.conversation("+8613953706688")
		if err != nil {
			return false
		}
		replies = outgoing(msgs)
		return len(replies) > 0 && !slices.ContainsFunc(replies, func(m *domain.Message) bool { return m.Status != "delivered" })
	})
	var want []string
	for _, r := range replies {
		want = append(want, sms.Split(r.Text, cfg.Channels.SMS.MaxParts)...)
	}
	for len(mts) < len(want) {
		mt, err := k.WaitMT(waitCtx)
		if err != nil {
			t.Fatalf("got %d of %d parts: %v", len(mts), len(want), err)
		}
		mts = append(mts, mt)
	}
	var got []string
	for _, m := range mts {
		got = append(got, m.Text)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("handset got\n%q\nwant\n%q", got, want)
	}

	// A plain-text opt-out is confirmed once and recorded.
	if err := k.SendMO("8613953706688", "12345", "TD", false); err != nil {
		t.Fatal(err)
	}
	mt, err = k.WaitMT(waitCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mt.Text, "退订") || mt.To != "+8613953706688" {
		t.Errorf("opt-out confirmation = %+v", mt)
	}
	gw.waitFor(t, "the opt-out", func() bool { return srv.Engine.OptedOut("sms", "+8613953706688") })
	t.Logf("end to end in %s", time.Since(start).Round(time.Millisecond))
}
