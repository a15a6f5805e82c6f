package server

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
)

// TestBytesPerOrder measures how much the database grows per work order
// registered through the web chat's usual dialog (welcome, problem, phone
// number, 确认: 7 messages). Growth is the file's high-water mark, free
// pages inside it included. go test -run TestBytesPerOrder -v ./server
// prints it.
//
// The citizens write one after another, so each run commits the same
// transactions in the same order and the file grows by the same bytes.
// With 8 citizens writing at once, as hotline bench does, bbolt's batches
// took a different number of writes each run, and with them which pages
// were still pending free when the next commit allocated: the same 400
// orders grew the file by 1,470,464 and by 1,515,520 bytes in two runs
// (3,676 and 3,789 bytes an order), and by 4,035 an order on a busy
// machine, near the limit for no change of the records.
func TestBytesPerOrder(t *testing.T) {
	t.Parallel()
	const orders = 400
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	// A clock that moves 20 ms a call, so that times and time-ordered keys
	// spread as in real traffic.
	var ticks atomic.Int64
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clock := func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * 20 * time.Millisecond) }
	srv, err := New(cfg, Options{Now: clock, StoreOptions: &store.Options{MaxBatchDelay: time.Nanosecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler)
	defer srv.Close()
	defer hs.Close()
	ts := &testServer{Server: srv, url: hs.URL}
	size := func() int64 {
		n, err := srv.Store.Backup(io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	empty := size()
	problems := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大",
		"兖州区建设路的路灯坏了好几天了，晚上很黑",
		"曲阜市静轩路小区楼下垃圾好几天没人清运，臭味很大",
		"邹城市千泉街道的工地晚上十二点还在施工，吵得睡不着",
	}
	registered, messages := 0, 0
	for n := range orders {
		conv := ts.open(t)
		messages++
		steps := []string{problems[n%len(problems)], fmt.Sprintf("我的电话 139%08d", n), "确认"}
		for i, text := range steps {
			r := ts.say(t, conv, text, fmt.Sprint(i))
			messages += 1 + len(r.Replies)
			if i == len(steps)-1 && strings.Contains(lastText(r), "工单号") {
				registered++
			}
		}
	}
	if registered != orders {
		t.Fatalf("%d of %d orders registered", registered, orders)
	}
	grown := size() - empty
	per := float64(grown) / orders
	t.Logf("%d orders, %.1f messages each: the database grew %d bytes, %.0f bytes per order (goal 4096)", orders,
		float64(messages)/orders, grown, per)
	// Schema version 4 took 12.6 KB an order here, version 5 about 6.1 KB,
	// version 6 (orders, reminders, audit and messages deflated) about
	// 3.6 KB.
	if per > 4096 {
		t.Errorf("%.0f bytes per order: over the 4 KB goal (version 6 took about 3.6 KB)", per)
	}
}
