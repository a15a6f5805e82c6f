package desk

import (
	"net/http"
	"slices"
	"strings"

	"hotline/config"
	"hotline/httpx"
	"hotline/ticket"
	"hotline/workflow"
)

// QueueInfo names one of the office's work queues (待派单, 重办, 待审核,
// 待回访, 延期申请, 退单申请, 即将超期/已超期, 督办/批示).
type QueueInfo = workflow.QueueInfo

// QueueItem is an order in a work queue with its current deadline, the
// seconds left until it (negative once passed) and its mark (yellow, red).
type QueueItem = workflow.QueueItem

// queueCounts answers GET /desk/api/queues: every work queue the user's
// role sees (queuesOf: a leader's are 即将超期/已超期 and 督办/批示) with
// its count, in the order of the navigation. The page asks again when the
// event stream says an order changed.
func (c *Console) queueCounts(w http.ResponseWriter, r *http.Request) error {
	qs, err := c.o.Workflow.Queues()
	if err != nil {
		return c.wfError(err)
	}
	type entry struct {
		QueueInfo
		Count int `json:"count"`
	}
	out := []entry{}
	for _, q := range c.queuesOf(actorOf(r).Role) {
		out = append(out, entry{QueueInfo: q, Count: len(qs[q.Name])})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"queues": out})
	return nil
}

// queueFilter reads a work queue's filters from the query (district,
// category, channel, urgency), each one of the values the console's meta
// offers (districts, categories' codes, channels, urgencies); an unknown
// one is refused with its value named.
func (c *Console) queueFilter(r *http.Request) (workflow.QueueFilter, error) {
	v := r.URL.Query()
	f := workflow.QueueFilter{District: strings.TrimSpace(v.Get("district")), Category: strings.TrimSpace(v.Get("category")),
		Channel: strings.TrimSpace(v.Get("channel")), Urgency: strings.TrimSpace(v.Get("urgency"))}
	cfg := c.o.Config
	if err := checkPlace(cfg, f.Category, f.District); err != nil {
		return f, err
	}
	if _, ok := c.o.ChannelLabels[f.Channel]; f.Channel != "" && !ok {
		return f, httpx.ErrBadQuery.WithText(txtUnknownChannel, config.HTTPErrorData{Value: f.Channel})
	}
	if levels := ticket.UrgencyLevels(); f.Urgency != "" && !slices.Contains(levels, f.Urgency) {
		return f, httpx.ErrBadQuery.WithText(txtBadUrgency, config.HTTPErrorData{Choices: strings.Join(levels, "、")})
	}
	return f, nil
}

// checkPlace refuses a category or a district the config does not know
// (either may be empty, the district workflow.NoDistrict too: 未识别区县):
// the filters of 工单查询 and of the work queues.
func checkPlace(cfg *config.Config, category, district string) error {
	if category != "" {
		if _, ok := cfg.Category(category); !ok {
			return httpx.ErrBadCategory.With(category)
		}
	}
	if district != "" && district != workflow.NoDistrict && !slices.ContainsFunc(cfg.Districts, func(d config.District) bool { return d.Name == district }) {
		return httpx.ErrBadQuery.WithText(txtUnknownDistrict, config.HTTPErrorData{Value: district})
	}
	return nil
}

// workQueue answers GET /desk/api/queues/{name}: the queue's orders,
// soonest deadline first (or, where waiting is true, the longest waiting
// first), phone numbers masked, narrowed by the query's filters
// (queueFilter); total counts the whole queue. A queue the user's role
// does not see (queuesOf) is refused, naming the role and the queue.
func (c *Console) workQueue(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	i := slices.IndexFunc(c.o.Workflow.QueueList(), func(q QueueInfo) bool { return q.Name == name })
	if i < 0 {
		return httpx.New(http.StatusNotFound, "not_found", txtQueueNotFound, noData)
	}
	role := actorOf(r).Role
	mine := c.queuesOf(role)
	j := slices.IndexFunc(mine, func(q QueueInfo) bool { return q.Name == name })
	if j < 0 {
		q := c.o.Workflow.QueueList()[i]
		return httpx.ErrForbidden.WithText(txtQueueForbidden, config.HTTPErrorData{Role: c.RoleLabel(role), Value: q.Label})
	}
	info := &mine[j]
	f, err := c.queueFilter(r)
	if err != nil {
		return err
	}
	qs, err := c.o.Workflow.Queues()
	if err != nil {
		return c.wfError(err)
	}
	items := make([]QueueItem, 0, len(qs[name]))
	for _, it := range qs[name] {
		if !f.Match(it.Ticket) {
			continue
		}
		it.Ticket = c.maskTicket(it.Ticket)
		items = append(items, it)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"name": info.Name, "label": info.Label, "waiting": info.Waiting, "items": items, "total": len(qs[name]), "now": c.now()})
	return nil
}
