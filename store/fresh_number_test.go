package store

import (
	"testing"

	"hotline/ticket"
)

// An order numbered by NextTicketNumber and written twice in the same
// transaction (registered, then dispatched to another department, as the
// automatic dispatch does) leaves the indexes of its last version alone,
// though PutTicket does not look for an earlier one the first time.
func TestFreshNumberIndexes(t *testing.T) {
	st := openTest(t)
	var num string
	err := st.Update(func(tx *Tx) error {
		var err error
		if num, err = tx.NextTicketNumber(day); err != nil {
			return err
		}
		tk := &ticket.Ticket{Number: num, Status: ticket.Accepted, Department: "水务", CitizenID: "c1", Due: day.Add(72 * 3600e9)}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		tk.Status, tk.Department, tk.SignDue = ticket.Dispatched, "城管", day.Add(3600e9)
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(func(tx *Tx) error {
		for _, c := range []struct {
			f    TicketFilter
			want int
		}{
			{TicketFilter{Status: ticket.Accepted}, 0},
			{TicketFilter{Status: ticket.Dispatched}, 1},
			{TicketFilter{Department: "水务"}, 0},
			{TicketFilter{Department: "城管"}, 1},
			{TicketFilter{CitizenID: "c1"}, 1},
		} {
			list, err := tx.Tickets(c.f)
			if err != nil {
				return err
			}
			if len(list) != c.want {
				t.Errorf("%+v: %d orders, want %d", c.f, len(list), c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
