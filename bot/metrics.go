package bot

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the engine's and the outbox's Prometheus collectors.
type Metrics struct {
	MessagesIn      *prometheus.CounterVec
	Replies         *prometheus.CounterVec
	MessagesOut     *prometheus.CounterVec // by channel and result; see NewMetrics
	ClassifyLatency prometheus.Histogram
}

// NewMetrics registers the collectors with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		MessagesIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_messages_in_total", Help: "Inbound citizen messages handled, by channel."}, []string{"channel"}),
		Replies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_replies_total", Help: "Replies queued by the bot, by channel."}, []string{"channel"}),
		MessagesOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_messages_out_total", Help: "Outbound messages by channel and result: sent (delivered by the outbox, carried in the channel's answer, or read by the web chat), retry, failed."}, []string{"channel", "result"}),
		ClassifyLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "hotline_classify_seconds", Help: "Classification latency.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .005, .025, .1, .5, 1, 3, 5}}),
	}
	reg.MustRegister(m.MessagesIn, m.Replies, m.MessagesOut, m.ClassifyLatency)
	return m
}
