package workflow

import (
	"slices"

	"hotline/ticket"
)

// Offers lists the operations a may do on tk: what a's role may do
// (Allowed), on an order a sees, as its main department for a
// department's operations, in tk's state (opStates). returnOpen says
// whether the return window (ticket.ReturnAllowed) is still open.
func Offers(a Actor, tk *ticket.Ticket, returnOpen bool) []Op {
	if !a.sees(tk) {
		return nil
	}
	var out []Op
	for _, op := range Ops() {
		if !Allowed(a.Role, op) || !opStates[op](tk.Status) {
			continue
		}
		if slices.Contains(departmentOps, op) && tk.Department != a.Department {
			continue
		}
		if op == OpReturn && !returnOpen {
			continue
		}
		if op == OpCoReply && !slices.Contains(tk.CoDepartments, a.Department) {
			continue
		}
		out = append(out, op)
	}
	return out
}

// Offered is Offers with the return window as of now.
func (s *Service) Offered(a Actor, tk *ticket.Ticket) []Op {
	return Offers(a, tk, ticket.ReturnAllowed(s.cal, s.cfg.TimeLimits, tk.DispatchedAt, s.now()))
}
