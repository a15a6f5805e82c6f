package server

import (
	"net/http"
	"os"
	"slices"

	"hotline/calls"
	"hotline/desk"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Environment variables that create the first console administrator when
// the store has no enabled account yet (there is never a default password).
const (
	EnvAdminUser     = "HOTLINE_ADMIN_USER"
	EnvAdminPassword = "HOTLINE_ADMIN_PASSWORD"
)

// wireDesk builds the workflow service and the web console under /desk/,
// and creates the first administrator from HOTLINE_ADMIN_USER (default
// "admin") and HOTLINE_ADMIN_PASSWORD when no enabled account exists
// (desk.EnsureAdmin: the demo's accounts are disabled). The caller runs
// the returned service's scheduler (Run) with the other workers.
func (s *Server) wireDesk(mux *http.ServeMux) (*workflow.Service, error) {
	cfg := s.Config
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		return nil, err
	}
	cal = cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour)
	wf := workflow.New(cfg, s.Store, cal, s.Engine, s.log, s.now)
	// What the gateway cannot send, it does not queue: a caller is told by
	// SMS, a citizen on a channel it has not built by nothing.
	built := map[string]bool{}
	for _, ch := range s.Channels {
		built[ch.Name()] = true
	}
	wf.SetUnreachable(func(channel string) bool {
		if channel == calls.Channel {
			return !built["sms"]
		}
		return channel != "" && !built[channel]
	})
	s.callWorkflow(wf)
	if pw := os.Getenv(EnvAdminPassword); pw != "" {
		created, err := desk.EnsureAdmin(cfg, s.Store, os.Getenv(EnvAdminUser), pw, s.now())
		if err != nil {
			return nil, err
		}
		if created {
			s.log.Info("created the first console administrator", "user", adminName())
		} else {
			// Said, so that nobody waits for an account that is not made.
			s.log.Warn(EnvAdminPassword+" is set but the console already has an enabled account or an administrator (perhaps disabled): no administrator created (`hotline users enable NAME` and `hotline users passwd NAME` bring one back)", "user", adminName())
		}
	} else if users, err := desk.Users(s.Store); err == nil && !slices.ContainsFunc(users, func(u *store.User) bool { return !u.Disabled }) {
		s.log.Warn("the console has no enabled account: set " + EnvAdminPassword + " or run `hotline users add NAME --role admin`")
	}
	con, err := desk.NewConsole(desk.Options{
		Config: cfg, Store: s.Store, Engine: s.Engine, Workflow: wf, Hub: s.Hub, ChannelLabels: ChannelLabels(cfg, s.channelList),
		Calendar: cal, Logger: s.log.With("component", "desk"), DataDir: cfg.Server.DataDir,
		Calls: s.Calls, Now: s.now,
	})
	if err != nil {
		return nil, err
	}
	con.Routes(mux)
	return wf, nil
}

func adminName() string {
	if n := os.Getenv(EnvAdminUser); n != "" {
		return n
	}
	return "admin"
}
