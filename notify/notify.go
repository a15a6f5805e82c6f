// Package notify tells departments what the console shows them, outside
// the console: a new order (派单), sign reminders (催办), the yellow and red
// marks (即将超期, 已超期), 督办 and 批示, and decisions on their extensions
// and returns. Each entry of a department's inbox (the workflow writes it)
// becomes a short zh-CN text to the department's liaison officers by SMS
// (through the configured SMS channel) and by WeCom application message,
// to its WeCom group robot, and as signed JSON to a webhook for other
// systems. A leader's own console inbox (workflow.LeaderInbox: the
// results of their 批示件) goes the same way to the leader's own contact,
// notify.leaders.contacts, by SMS and WeCom application message.
//
// # Basics
//
// Step reads the inboxes of the departments that have someone to tell and
// queues one outbox entry per recipient and channel, keyed by the inbox
// entry, so a notice is queued once however often Step runs; the outbox
// delivers it with retries, and the order's history records who was told.
// Notices of non-urgent orders that fall in the quiet hours wait until
// they end; urgent and emergency orders are sent at once.
//
// # Caveats
//
// The WeCom SDK (silenceper/wechat/v2) has fixed hosts and one global HTTP
// client and URI modifier (InstallURIModifier). Its errors can carry URLs
// with the access token or a robot's key: they are redacted before they
// reach a log or the outbox.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"hotline/channels/sms"
	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Outbox channels of the notices.
const (
	ChannelSMS     = "sms"
	ChannelWeCom   = "wecom"
	ChannelRobot   = "wecom_robot"
	ChannelWebhook = "webhook"
)

// KindPrefix starts the outbox Kind of a notice: "notify.dispatch".
const KindPrefix = "notify."

// Options configure a Service. Config and Store are required.
type Options struct {
	Config *config.Config
	Store  *store.Store
	Logger *slog.Logger
	Now    func() time.Time
	// Wake tells the outbox that entries were queued.
	Wake func()
	// SMS reports whether an SMS channel is configured.
	SMS bool
}

// Service queues the departments' notices.
type Service struct {
	o       Options
	cfg     config.Notify
	log     *slog.Logger
	now     func() time.Time
	tmpl    *template.Template
	kinds   map[string]bool
	quiet   bool
	qFrom   int
	qTo     int
	loc     *time.Location
	started time.Time
}

// New checks the options and returns the service.
func New(o Options) (*Service, error) {
	if o.Config == nil || o.Store == nil {
		return nil, errors.New("notify: config and store are required")
	}
	s := &Service{o: o, cfg: o.Config.Notify, log: o.Logger, now: o.Now, loc: o.Config.Location(), kinds: map[string]bool{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.o.Wake == nil {
		s.o.Wake = func() {}
	}
	var err error
	if s.tmpl, err = template.New("notify").Option("missingkey=error").Parse(s.cfg.Text); err != nil {
		return nil, fmt.Errorf("notify: notify.text: %w", err)
	}
	if s.qFrom, s.qTo, s.quiet, err = config.ParseQuietHours(s.cfg.QuietHours); err != nil {
		return nil, fmt.Errorf("notify: notify.quiet_hours: %w", err)
	}
	for _, k := range s.cfg.Kinds {
		s.kinds[k] = true
	}
	s.started = s.now()
	return s, nil
}

// recipients are who a department's notices go to.
type recipient struct {
	channel string
	to      string
	label   string // for the order's history
}

func (s *Service) recipients(d config.Department) []recipient {
	var out []recipient
	var wecomUsers, wecomNames []string
	for _, l := range d.Liaisons {
		if l.Mobile != "" && s.cfg.SMS && s.o.SMS {
			if n, err := domain.Parse(l.Mobile); err == nil {
				out = append(out, recipient{ChannelSMS, string(n), config.Render(s.cfg.Recipients.SMS, config.RecipientData{Names: l.Name})})
			}
		}
		if l.WeCom != "" && s.cfg.WeCom.CorpID != "" {
			wecomUsers = append(wecomUsers, l.WeCom)
			wecomNames = append(wecomNames, l.Name)
		}
	}
	if len(wecomUsers) > 0 {
		out = append(out, recipient{ChannelWeCom, strings.Join(wecomUsers, "|"),
			config.Render(s.cfg.Recipients.WeCom, config.RecipientData{Names: strings.Join(wecomNames, "、")})})
	}
	if d.Key() != "" {
		out = append(out, recipient{ChannelRobot, d.Name, config.Render(s.cfg.Recipients.Robot, config.RecipientData{})})
	}
	if s.cfg.Webhook.URL != "" {
		out = append(out, recipient{ChannelWebhook, d.Name, config.Render(s.cfg.Recipients.Webhook, config.RecipientData{})})
	}
	return out
}

// Lookback is how far before the newest inbox entry already handled Step
// looks again.
const Lookback = 2 * time.Minute

// cursorKey keeps, per department, the time of the newest inbox entry
// already handled.
func cursorKey(dept string) string { return "notify.seen:" + dept }

// Step queues the notices of the inbox entries that arrived since the last
// Step (or since the service started) and returns how many notices it
// queued.
func (s *Service) Step(ctx context.Context) (int, error) {
	total := 0
	for _, d := range s.o.Config.Departments {
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
		rs := s.recipients(d)
		if len(rs) == 0 {
			continue
		}
		n, err := s.inbox(inbox{key: d.Name, dept: d}, rs)
		total += n
		if err != nil {
			return total, fmt.Errorf("notify: %s: %w", d.Name, err)
		}
	}
	for _, c := range s.o.Config.Notify.Leaders.Contacts {
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
		rs := s.leaderRecipients(c)
		if len(rs) == 0 {
			continue
		}
		n, err := s.inbox(inbox{key: workflow.LeaderInbox(c.Account), dept: config.Department{Name: c.Name}, leader: true}, rs)
		total += n
		if err != nil {
			return total, fmt.Errorf("notify: leader %s: %w", c.Account, err)
		}
	}
	if total > 0 {
		s.o.Wake()
	}
	return total, nil
}

// inbox is an inbox notify reads: a department's (key its name), or a
// leader's own (workflow.LeaderInbox, dept named after the leader's
// contact, whom the history names as told).
type inbox struct {
	key    string
	dept   config.Department
	leader bool // a leader reads every order: the notice always links it
}

// leaderRecipients are a leader's own contact (notify.leaders.contacts):
// their mobile by SMS, their WeCom user by application message.
func (s *Service) leaderRecipients(c config.LeaderContact) []recipient {
	var out []recipient
	if c.Mobile != "" && s.cfg.SMS && s.o.SMS {
		if n, err := domain.Parse(c.Mobile); err == nil {
			out = append(out, recipient{ChannelSMS, string(n), config.Render(s.cfg.Recipients.LeaderSMS, config.RecipientData{Names: c.Name})})
		}
	}
	if c.WeCom != "" && s.cfg.WeCom.CorpID != "" {
		out = append(out, recipient{ChannelWeCom, c.WeCom, config.Render(s.cfg.Recipients.LeaderWeCom, config.RecipientData{Names: c.Name})})
	}
	return out
}

func (s *Service) inbox(in inbox, rs []recipient) (int, error) {
	queued := 0
	err := s.o.Store.UpdateNow(func(tx *store.Tx) error {
		queued = 0
		since := s.started.UnixNano()
		if v := tx.Get(cursorKey(in.key)); v != nil {
			if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
				since = n
			}
		}
		list, err := tx.Reminders(in.key, 200)
		if err != nil {
			return err
		}
		newest := since
		// Oldest first, so that the texts arrive in order.
		for i := len(list) - 1; i >= 0; i-- {
			r := list[i]
			at := r.At.UnixNano()
			// Entries stamped up to Lookback before the newest one seen
			// are read again: a transaction that stamped its entry
			// earlier may have committed later. The outbox keys keep
			// them from being queued twice.
			if at <= since-Lookback.Nanoseconds() {
				continue
			}
			newest = max(newest, at)
			if !s.kinds[r.Kind] {
				continue
			}
			n, err := s.queue(tx, in, rs, r)
			if err != nil {
				return err
			}
			queued += n
		}
		if newest != since || tx.Get(cursorKey(in.key)) == nil {
			return tx.Put(cursorKey(in.key), []byte(strconv.FormatInt(newest, 10)))
		}
		return nil
	})
	return queued, err
}

// text renders the notice of inbox entry r.
func (s *Service) text(d config.Department, tk *ticket.Ticket, r domain.Reminder) (string, error) {
	return s.render(s.data(inbox{key: d.Name, dept: d}, tk, r))
}

// data is what notify.text is filled with for inbox entry r.
func (s *Service) data(in inbox, tk *ticket.Ticket, r domain.Reminder) config.NotifyData {
	d := in.dept
	data := config.NotifyData{Text: r.Text, Number: r.Number, Department: d.Name, Kind: r.Kind, KindLabel: s.cfg.KindLabels.Label(r.Kind)}
	if tk != nil {
		data.Title = tk.Title
		if base := s.o.Config.Server.BaseURL; base != "" && (in.leader || workflow.DepartmentSees(d.Name, tk)) {
			data.URL = strings.TrimSuffix(base, "/") + "/desk/orders/" + url.PathEscape(tk.Number)
		}
	}
	return data
}

// render fills notify.text with data.
func (s *Service) render(data config.NotifyData) (string, error) {
	var b bytes.Buffer
	if err := s.tmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// smsText is the notice full (notify.text filled with data) as an SMS.
// The SMS channel sends at most channels.sms.max_parts parts and cuts the
// rest (sms.Split, which this counts with: UCS-2, 70 units alone, 67 a
// part with its "(1/3)" counter), so a long title would lose the order's
// link at the end, or a part's counter would land inside it. When the
// link is not whole in one part, the order's title is shortened where the
// text shows it, then the text's end, each with "…", until it is; the
// link itself never. A link no part can hold leaves the text as it was.
func (s *Service) smsText(data config.NotifyData, full string) (string, error) {
	maxParts := s.o.Config.Channels.SMS.MaxParts
	if maxParts <= 0 {
		maxParts = sms.DefaultMaxParts
	}
	whole := func(text string) bool {
		return slices.ContainsFunc(sms.Split(text, maxParts), func(p string) bool { return strings.Contains(p, data.URL) })
	}
	if data.URL == "" || whole(full) {
		return full, nil
	}
	short := data
	if title := []rune(data.Title); len(title) > 0 {
		for k := len(title) - 1; k >= 0; k-- {
			t := string(title[:k]) + sms.Ellipsis
			short.Title, short.Text = t, strings.Replace(data.Text, data.Title, t, 1)
			out, err := s.render(short)
			if err != nil || whole(out) {
				return out, err
			}
		}
	}
	body := []rune(short.Text)
	for k := len(body) - 1; k >= 0; k-- {
		short.Text = strings.TrimRightFunc(string(body[:k]), unicode.IsSpace) + sms.Ellipsis
		out, err := s.render(short)
		if err != nil || whole(out) {
			return out, err
		}
	}
	return full, nil
}

// queue puts the notices of inbox entry r in the outbox and records them
// in the order's history.
func (s *Service) queue(tx *store.Tx, in inbox, rs []recipient, r domain.Reminder) (int, error) {
	d := in.dept
	tk, err := tx.Ticket(r.Number)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	if errors.Is(err, store.ErrNotFound) {
		tk = nil
	}
	data := s.data(in, tk, r)
	text, err := s.render(data)
	if err != nil {
		return 0, err
	}
	smsText, err := s.smsText(data, text)
	if err != nil {
		return 0, err
	}
	now := s.now()
	due := now
	if tk == nil || !urgent(tk) {
		due = s.afterQuiet(now)
	}
	n := 0
	var told []string
	for _, rc := range rs {
		e := &store.OutboxEntry{
			Key:     "notify:" + in.key + ":" + strconv.FormatInt(r.At.UnixNano(), 10) + ":" + r.Number + ":" + r.Kind + ":" + rc.channel + ":" + rc.to,
			Channel: rc.channel, To: rc.to, Text: text, Kind: KindPrefix + r.Kind, Ticket: r.Number, CreatedAt: now, NextAt: due,
		}
		if rc.channel == ChannelSMS {
			e.Text = smsText
		}
		err := tx.Enqueue(e)
		if errors.Is(err, store.ErrDuplicate) {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
		told = append(told, rc.label)
	}
	if tk != nil && len(told) > 0 {
		h := config.HistoryData{Department: d.Name, Recipients: strings.Join(told, "、"), Kind: s.cfg.KindLabels.Label(r.Kind)}
		if due.After(now) {
			h.Delayed = due.In(s.loc).Format(s.o.Config.City.TimeFormat)
		}
		note := config.Render(s.o.Config.HistoryTexts.Notified, h)
		tk.Record(ticket.Event{At: now, Actor: "system", Action: "notify", Note: note})
		if err := tx.PutTicket(tk); err != nil {
			return n, err
		}
	}
	return n, nil
}

func urgent(tk *ticket.Ticket) bool {
	return tk.Flags.Emergency || tk.Urgency == ticket.UrgencyUrgent || tk.Urgency == ticket.UrgencyEmergency
}

// afterQuiet returns t, or the end of the quiet hours when t falls in them.
func (s *Service) afterQuiet(t time.Time) time.Time {
	if !s.quiet {
		return t
	}
	lt := t.In(s.loc)
	m := lt.Hour()*60 + lt.Minute()
	in := false
	if s.qFrom < s.qTo {
		in = m >= s.qFrom && m < s.qTo
	} else {
		in = m >= s.qFrom || m < s.qTo
	}
	if !in {
		return t
	}
	y, mo, d := lt.Date()
	end := time.Date(y, mo, d, s.qTo/60, s.qTo%60, 0, 0, s.loc)
	if !end.After(lt) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// Run calls Step every notify.poll until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	every := s.cfg.Poll.D()
	if every <= 0 {
		every = 10 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Step(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("notify step failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// KindReport is the notice kind of a new report (notify.kinds "report").
const KindReport = "report"

// ReportOut tells the leaders (notify.leaders) that a report is out,
// through every channel they have, once per report however often it is
// called (the outbox keys name the report); it returns how many notices
// it queued. Nothing is sent without kind report in notify.kinds or
// without anyone to tell.
func (s *Service) ReportOut(r config.ReportNoticeData) (int, error) {
	if !s.kinds[KindReport] {
		return 0, nil
	}
	d := s.o.Config.Notify.LeadersDepartment()
	rs := s.recipients(d)
	if len(rs) == 0 {
		return 0, nil
	}
	if r.KindLabel == "" {
		r.KindLabel = s.o.Config.ReportTexts.Names.Label(r.Kind)
	}
	if r.URL == "" && s.o.Config.Server.BaseURL != "" {
		r.URL = strings.TrimSuffix(s.o.Config.Server.BaseURL, "/") + "/desk/reports"
	}
	var body bytes.Buffer
	tmpl, err := template.New("report_text").Option("missingkey=error").Parse(s.cfg.ReportText)
	if err != nil {
		return 0, fmt.Errorf("notify: notify.report_text: %w", err)
	}
	if err := tmpl.Execute(&body, r); err != nil {
		return 0, fmt.Errorf("notify: notify.report_text: %w", err)
	}
	var b bytes.Buffer
	data := config.NotifyData{Text: strings.TrimSpace(body.String()), Department: d.Name, Kind: KindReport,
		KindLabel: s.cfg.KindLabels.Label(KindReport), Title: r.Label}
	if err := s.tmpl.Execute(&b, data); err != nil {
		return 0, err
	}
	text := strings.TrimSpace(b.String())
	now := s.now()
	due := s.afterQuiet(now)
	n := 0
	err = s.o.Store.UpdateNow(func(tx *store.Tx) error {
		n = 0
		for _, rc := range rs {
			e := &store.OutboxEntry{
				Key:     "notify:report:" + r.Kind + ":" + r.Period + ":" + rc.channel + ":" + rc.to,
				Channel: rc.channel, To: rc.to, Text: text, Kind: KindPrefix + KindReport, CreatedAt: now, NextAt: due,
			}
			err := tx.Enqueue(e)
			if errors.Is(err, store.ErrDuplicate) {
				continue
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("notify: report %s %s: %w", r.Kind, r.Period, err)
	}
	if n > 0 {
		s.log.Info("leaders told of a new report", "kind", r.Kind, "period", r.Period, "notices", n)
		s.o.Wake()
	}
	return n, nil
}
