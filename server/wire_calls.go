package server

import (
	"context"
	"errors"
	"net/http"

	"hotline/calls"
	"hotline/events"
	"hotline/nlp"
	"hotline/outbound"
	"hotline/ticket"
	"hotline/workflow"
)

// wireCalls builds the telephone side: the switch's signed endpoint
// POST /api/calls (on when calls.secret is set), and the service the
// console's phone desk uses (wireDesk passes it on and gives it the
// workflow).
func (s *Server) wireCalls(mux *http.ServeMux, clf nlp.Classifier, kb *nlp.KB, cal *ticket.Calendar) error {
	o := calls.Options{
		Config: s.Config, Store: s.Store, Classifier: clf, Calendar: cal, Logger: s.log.With("component", "calls"), Now: s.now,
		Publish: func(kind, agent, number string) {
			s.Hub.Publish(events.Event{Kind: kind, Agent: agent, Ticket: number})
		},
	}
	if kb != nil {
		o.KB = kb
	}
	svc, err := calls.New(o)
	if err != nil {
		return err
	}
	s.Calls = svc
	svc.Routes(mux)
	return nil
}

// callWorkflow gives the call service the workflow: automatic dispatch at
// registration (when the workflow offers it) and direct answers.
func (s *Server) callWorkflow(wf *workflow.Service) {
	s.Calls.SetWorkflow(wf, callAnswerer{wf})
}

type callAnswerer struct{ wf *workflow.Service }

func (a callAnswerer) Answer(agent, number, text string) (*ticket.Ticket, error) {
	return a.wf.Answer(workflow.Actor{Name: agent, Role: workflow.RoleAgent}, number, text)
}

// phoneSender delivers what the hotline tells a caller (the return visit,
// status notices) by SMS to the number they called from: it hands every
// message of the phone channel on to the SMS channel.
type phoneSender struct{ sms bool }

func (p phoneSender) Send(ctx context.Context, o outbound.Message) error {
	if !p.sms {
		return outbound.Permanent(errors.New("phone: no SMS channel is configured to reach the caller"))
	}
	to := o.Phone
	if to == "" {
		to = o.To
	}
	return &outbound.RerouteError{Channel: "sms", To: to, Reason: "phone: by SMS to the caller", Routine: true}
}
