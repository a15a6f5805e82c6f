package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"hotline/channels"
	"hotline/config"
	"hotline/domain"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/store"
	"hotline/ticket"
)

// refusing is a test-only channel whose platform refuses every message.
type refusing struct{}

func (refusing) Name() string              { return "refusing" }
func (refusing) Routes(mux *http.ServeMux) {}
func (refusing) Send(context.Context, outbound.Message) error {
	return outbound.Permanent(errors.New("user blocked the account"))
}

// TestDeliveryTextsReachStaff: the server hands the config's
// delivery_texts and the channels' labels to the outbox, so a message of
// an order that cannot be sent shows in the order's history and on the
// message in the city's words.
func TestDeliveryTextsReachStaff(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.DeliveryTexts.Failed = "未送达（{{.Reason}}）"
	cfg.DeliveryTexts.Refused = "对方拒收"
	cfg.DeliveryTexts.ToCitizen = "{{.Channel}}：{{.State}}"
	list := append(slices.Clone(Channels), channels.Descriptor{Name: "refusing", Label: "拒收渠道",
		On:  func(*config.Config) bool { return true },
		New: func(channels.Deps) (channels.Channel, error) { return refusing{}, nil }})
	srv, err := New(cfg, Options{Channels: list, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	const number = "20261127-0001"
	var msgID uint64
	now := time.Now()
	if err := srv.Store.Update(func(tx *store.Tx) error {
		if err := tx.PutTicket(&ticket.Ticket{Number: number, Channel: "refusing", ConversationID: "refusing:u1",
			Status: ticket.Dispatched, ReceivedAt: now}); err != nil {
			return err
		}
		m := &domain.Message{ConversationID: "refusing:u1", Direction: domain.Out, Sender: "bot", Channel: "refusing", Text: "已派单", At: now}
		if err := tx.AddMessage(m); err != nil {
			return err
		}
		msgID = m.ID
		return tx.Enqueue(&store.OutboxEntry{Key: "k1", Channel: "refusing", To: "u1", ConversationID: "refusing:u1",
			MessageID: m.ID, Text: "已派单", Kind: "dispatched", Ticket: number, CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Outbox.Step(t.Context()); err != nil {
		t.Fatal(err)
	}
	var tk *ticket.Ticket
	var m *domain.Message
	if err := srv.Store.View(func(tx *store.Tx) error {
		if tk, err = tx.Ticket(number); err != nil {
			return err
		}
		m, err = tx.Message("refusing:u1", msgID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if m.Status != "failed" || m.StatusReason != "未送达（对方拒收）" {
		t.Errorf("message %q %q", m.Status, m.StatusReason)
	}
	last := tk.Events[len(tk.Events)-1]
	if last.Action != outbox.ActionDeliveryFailed || last.Note != "拒收渠道：未送达（对方拒收）" {
		t.Errorf("order's last event %s %q", last.Action, last.Note)
	}
}
