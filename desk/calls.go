package desk

import "net/http"

// CallDesk is the telephone side of the agents' desk (package calls):
// screen pops, call registration (来电登记) and the callback list. The
// console mounts its endpoints for agents behind the session and CSRF
// checks; each handler gets the signed-in user's name.
type CallDesk interface {
	DeskHandlers() map[string]func(w http.ResponseWriter, r *http.Request, agent string) error
}

func (c *Console) callRoutes(in *http.ServeMux) {
	if c.o.Calls == nil {
		return
	}
	for pattern, h := range c.o.Calls.DeskHandlers() {
		in.Handle(pattern, c.auth(rolePhoneDesk, func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, actorOf(r).Name)
		}))
	}
}
