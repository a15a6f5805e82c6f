package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"hotline/config"
	"hotline/demo"
	"hotline/server"
	"hotline/store"
)

// cmdDemo builds a realistic history in an empty data directory through
// the real pipeline (package demo).
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	var cf commonFlags
	cf.register(fs)
	orders := fs.Int("orders", 5000, "citizens' requests to simulate")
	days := fs.Int("days", 120, "over this many days")
	seed := fs.Uint64("seed", 1, "the same seed gives the same history")
	endFlag := fs.String("end", "", "last `DAY` of the history, YYYY-MM-DD (default: yesterday, city time)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	m := cfg.ReportTexts.CommandLine.Mistakes
	if *orders <= 0 || *orders > 2_000_000 {
		return usageError{config.Render(m.Range, config.MistakeData{Flag: "--orders", Value: strconv.Itoa(*orders), Min: 1, Max: 2_000_000})}
	}
	if *days <= 0 || *days > 3660 {
		return usageError{config.Render(m.Range, config.MistakeData{Flag: "--days", Value: strconv.Itoa(*days), Min: 1, Max: 3660})}
	}
	loc := cfg.Location()
	end := time.Now().In(loc).AddDate(0, 0, -1)
	if *endFlag != "" {
		if end, err = time.ParseInLocation("2006-01-02", *endFlag, loc); err != nil {
			return usageError{config.Render(m.Date, config.MistakeData{Flag: "--end", Value: *endFlag})}
		}
	}
	if err := emptyOfOrders(cfg, cf.dbPath(cfg)); err != nil {
		return err
	}
	start := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1-*days)
	clock := demo.NewClock(start)
	srv, err := server.New(cfg, server.Options{
		Logger: slog.New(slog.DiscardHandler), Now: clock.Now,
		// The citizens' WeChat and SMS are simulated: what they are sent
		// arrives, on the simulated clock.
		Channels: demo.Channels(server.Channels),
		// One writer, no fsync per commit: Close syncs once.
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true},
	})
	if err != nil {
		return err
	}
	began := time.Now()
	texts := cfg.ReportTexts.CommandLine
	progress := func(done int, day time.Time) {
		fmt.Fprintln(stderr, config.Render(texts.DemoProgress, config.DemoData{Done: strconv.Itoa(done),
			Requests: strconv.Itoa(*orders), Day: day.In(loc).Format("2006-01-02")}))
	}
	sum, err := demo.Run(ctx, srv, clock, demo.Options{Orders: *orders, Days: *days, End: end, Seed: *seed, Progress: progress})
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	n := strconv.Itoa
	fmt.Fprintln(stdout, config.Render(texts.DemoSummary, config.DemoData{Requests: n(sum.Requests), Orders: n(sum.Orders),
		Dispatched: n(sum.Dispatched), Returned: n(sum.Returned), Extended: n(sum.Extended), Reopened: n(sum.Reopened),
		Rated: n(sum.Rated), LeaderItems: n(sum.LeaderItems), Instructions: n(sum.Instructions),
		From: start.Format("2006-01-02"), To: end.Format("2006-01-02"), Took: time.Since(began).Round(time.Second).String(),
		Path: cf.dbPath(cfg)}))
	return nil
}

// emptyOfOrders refuses a database that already holds work orders: the
// demo's history would mix with real ones.
func emptyOfOrders(cfg *config.Config, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	st, err := store.Open(path, &store.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		return err
	}
	defer st.Close()
	n := 0
	if err := st.View(func(tx *store.Tx) error {
		for _, c := range tx.CountByStatus() {
			n += c
		}
		return nil
	}); err != nil {
		return err
	}
	if n > 0 {
		return errors.New(config.Render(cfg.ReportTexts.CommandLine.DemoNotEmpty, config.DemoData{Path: path, Orders: strconv.Itoa(n)}))
	}
	return nil
}
