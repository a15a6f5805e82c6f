package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/report"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

// startupRuns is how many times bench --startup starts the server; it
// prints each run and the medians.
const startupRuns = 3

// benchStartup measures how long `serve` takes from exec to its first
// /healthz 200 and how much memory is resident then, on a database of
// about sizeMB megabytes (built first in dir when it is smaller, through
// the store's own operations: writing it through the bot's pipeline would
// take hours). exe is the binary started, by default this one (give an
// older build to compare).
func benchStartup(ctx context.Context, out io.Writer, t config.ToolTexts, sizeMB int, dir, exe string) error {
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "hotline-startup-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, server.DBFile)
	if err := growDatabase(ctx, out, t, path, int64(sizeMB)<<20, 300); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, config.Render(t.StartupStart, config.ToolData{Path: exe, Database: path, MB: fmt.Sprintf("%.0f", float64(st.Size())/(1<<20)), Runs: startupRuns}))
	var times []time.Duration
	var rss []int64
	for i := range startupRuns {
		d, kb, err := startOnce(ctx, exe, dir, i+1)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, config.Render(t.StartupRun, config.ToolData{Run: i + 1, Millis: fmt.Sprintf("%.0f", ms(d)), MB: fmt.Sprintf("%.0f", float64(kb)/1024)}))
		times, rss = append(times, d), append(rss, kb)
	}
	slices.Sort(times)
	slices.Sort(rss)
	fmt.Fprintln(out, config.Render(t.StartupMedian, config.ToolData{Millis: fmt.Sprintf("%.0f", ms(times[len(times)/2])),
		MB: fmt.Sprintf("%.0f", float64(rss[len(rss)/2])/1024)}))
	return nil
}

// startupWait is how long a start may take to answer /healthz with 200.
const startupWait = 2 * time.Minute

// startOnce starts exe serve on dir, waits for /healthz 200, reads the
// process's resident size, and stops it with SIGTERM.
func startOnce(ctx context.Context, exe, dir string, run int) (time.Duration, int64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, exe, "serve", "--data", dir, "--addr", addr)
	cmd.Env = append(os.Environ(), "HOTLINE_ADMIN_PASSWORD=")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-exited:
			// serve says why in its last line (report_texts.command_line.failures).
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			return 0, 0, &toolError{kind: toolStartupFailed, run: run, code: cmd.ProcessState.ExitCode(), said: strings.TrimSpace(lines[len(lines)-1])}
		case <-ctx.Done():
			stop()
			return 0, 0, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Since(start) > startupWait {
			stop()
			return 0, 0, &toolError{kind: toolStartupSlow, run: run, seconds: int(startupWait.Seconds())}
		}
		resp, err := client.Get("http://" + addr + "/healthz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			continue
		}
		d := time.Since(start)
		kb, err := residentKB(cmd.Process.Pid)
		stop()
		return d, kb, err
	}
}

// residentKB reads VmRSS of a process from /proc (Linux); its failure
// is a toolError (toolNoMemory).
func residentKB(pid int) (int64, error) {
	name := fmt.Sprintf("/proc/%d/status", pid)
	noMemory := func(err error) error { return &toolError{kind: toolNoMemory, path: name, err: err} }
	f, err := os.Open(name)
	if err != nil {
		return 0, noMemory(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, noMemory(err)
			}
			return kb, nil
		}
	}
	return 0, noMemory(nil)
}

// growDatabase adds orders to the database at path until it holds at
// least size bytes: each a citizen, a web-chat conversation of seven
// messages, the order through its life (accepted, dispatched, signed,
// replied, closed with a rating for all but the last three days), the
// department's reminder, audit entries and the rollups, as the gateway
// writes them. Orders go back from today, perDay a day.
func growDatabase(ctx context.Context, out io.Writer, t config.ToolTexts, path string, size int64, perDay int) error {
	if st, err := os.Stat(path); err == nil && st.Size() >= size {
		return nil
	}
	cfg, err := config.Default()
	if err != nil {
		return err
	}
	loc := cfg.Location()
	s, err := store.Open(path, &store.Options{Rollup: report.Rollup(loc), NoSync: true})
	if err != nil {
		return err
	}
	defer s.Close()
	depts := []string{"市城市管理局", "任城区人民政府", "市住房和城乡建设局", "市公安局", "市生态环境局", "兖州区人民政府", "曲阜市人民政府", "邹城市人民政府"}
	problems := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大", "兖州区建设路的路灯坏了好几天了，晚上很黑",
		"曲阜市静轩路小区楼下垃圾好几天没人清运，臭味很大", "邹城市千泉街道的工地晚上十二点还在施工，吵得睡不着",
		"太白湖新区的公交站牌被撞坏了，一直没人修", "小区供暖温度不达标，家里只有十四度，老人孩子受不了",
	}
	rng := rand.New(rand.NewPCG(7, 12))
	day := time.Now().In(loc).AddDate(0, 0, -1)
	started, orders := time.Now(), 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		if st.Size() >= size {
			break
		}
		if orders%(10*perDay) == 0 {
			fmt.Fprintln(out, config.Render(t.StartupBuilding, config.ToolData{Database: path, Done: int(st.Size() >> 20), Of: int(size >> 20),
				Orders: int64(orders)}))
		}
		err = s.UpdateContext(ctx, func(tx *store.Tx) error {
			for i := range perDay {
				at := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, loc).Add(time.Duration(i) * 37 * time.Second)
				if err := addOrder(tx, rng, at, depts, problems, time.Since(at) > 3*24*time.Hour); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		orders += perDay
		day = day.AddDate(0, 0, -1)
	}
	fmt.Fprintln(out, config.Render(t.StartupBuilt, config.ToolData{Database: path, Orders: int64(orders), Took: fmt.Sprintf("%.0f", time.Since(started).Seconds())}))
	return nil
}

// addOrder writes one order's records as the gateway would.
func addOrder(tx *store.Tx, rng *rand.Rand, at time.Time, depts, problems []string, closed bool) error {
	cid, err := tx.NewCitizenID()
	if err != nil {
		return err
	}
	token := fmt.Sprintf("%016x%016x%016x", rng.Uint64(), rng.Uint64(), rng.Uint64())
	convID := "webchat:" + token
	phone := fmt.Sprintf("139%08d", rng.IntN(1e8))
	problem := problems[rng.IntN(len(problems))]
	dept := depts[rng.IntN(len(depts))]
	c := &domain.Citizen{ID: cid, Contact: phone, Identities: []domain.Identity{{Channel: "webchat", UserID: token}},
		CreatedAt: at, LastInbound: map[string]time.Time{"webchat": at.Add(time.Minute)}}
	if err := tx.PutCitizen(c); err != nil {
		return err
	}
	num, err := tx.NextTicketNumber(at)
	if err != nil {
		return err
	}
	texts := []struct{ dir, sender, text string }{
		{domain.Out, "bot", "您好，这里是12345市长公开电话。请直接告诉我们您遇到的问题和具体地点，我们会为您登记并转交相关部门办理。"},
		{domain.In, "citizen", problem},
		{domain.Out, "bot", "请留下您的联系电话，方便承办单位与您联系并反馈办理结果。您的号码我们会严格保密。"},
		{domain.In, "citizen", "我的电话 " + phone},
		{domain.Out, "bot", "请核对：" + problem + "；联系电话 " + phone[:3] + "****" + phone[7:] + "。无误请回复“确认”。"},
		{domain.In, "citizen", "确认"},
		{domain.Out, "bot", "已受理，工单号 " + num + "，承办单位：" + dept + "。回复“查询”可查看进度。"},
	}
	for i, m := range texts {
		msg := &domain.Message{ConversationID: convID, Direction: m.dir, Sender: m.sender, Channel: "webchat", Text: m.text,
			At: at.Add(time.Duration(i) * 10 * time.Second)}
		if m.dir == domain.Out {
			msg.Status = "sent"
		} else {
			msg.ExternalID = fmt.Sprintf("%s:%d", token, i)
			// The web chat's key carries its conversation's start.
			if err := tx.MarkSeen(store.DedupeKey{ID: "webchat:" + msg.ExternalID, At: at}, at.Add(48*time.Hour)); err != nil {
				return err
			}
		}
		if err := tx.AddMessage(msg); err != nil {
			return err
		}
	}
	conv := &domain.Conversation{ID: convID, Channel: "webchat", UserID: token, CitizenID: cid, State: domain.ConvIdle,
		FirstText: problem, CreatedAt: at, UpdatedAt: at.Add(time.Minute), LastInbound: at.Add(time.Minute), Orders: []string{num}}
	if err := tx.PutConversation(conv); err != nil {
		return err
	}
	acc := at.Add(time.Minute)
	tk := &ticket.Ticket{Number: num, Channel: "webchat", CitizenID: cid, ConversationID: convID, Phone: phone,
		Title: problem, Description: problem, Type: "投诉", Category: "SRHW", Department: dept, Urgency: "一般",
		Status: ticket.Dispatched, Confidence: map[string]float64{"category": 0.93, "department": 0.93, "district": 1},
		ReceivedAt: at, AcceptedAt: acc, DispatchedAt: acc, SignDue: acc.Add(72 * time.Hour), Due: acc.Add(7 * 24 * time.Hour),
		Events: []ticket.Event{
			{At: acc, Actor: "citizen", Action: "accept", From: ticket.Draft, To: ticket.Accepted, Note: "市民确认，机器人受理"},
			{At: acc, Actor: "system", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched, Note: "主办：" + dept + "；自动派单（直派）"},
		}}
	if closed {
		signed, replied := acc.Add(3*time.Hour), acc.Add(50*time.Hour)
		tk.SignedAt, tk.RepliedAt, tk.ClosedAt = signed, replied, replied.Add(26*time.Hour)
		tk.Status, tk.Reply, tk.Satisfaction = ticket.Closed, "经现场核查，已责令整改，问题已解决。", "满意"
		tk.Events = append(tk.Events,
			ticket.Event{At: signed, Actor: "dept:" + dept, Action: "sign", From: ticket.Dispatched, To: ticket.Signed},
			ticket.Event{At: replied, Actor: "dept:" + dept, Action: "reply", From: ticket.Signed, To: ticket.Replied, Note: tk.Reply},
			ticket.Event{At: replied.Add(2 * time.Hour), Actor: "supervisor", Action: "review", From: ticket.Replied, To: ticket.Reviewed},
			ticket.Event{At: tk.ClosedAt, Actor: "citizen", Action: "rate", From: ticket.Reviewed, To: ticket.Closed, Note: "满意"})
	}
	if err := tx.PutTicket(tk); err != nil {
		return err
	}
	if err := tx.AddReminder(dept, domain.Reminder{At: acc, Number: num, Kind: "dispatch",
		Text: "新派工单" + num + "（" + problem + "），请按时签收、办结"}); err != nil {
		return err
	}
	return tx.Audit(store.AuditEntry{At: acc, Actor: "system", Action: "ticket.dispatch", Object: num, Before: "accepted", After: "dispatched"})
}
