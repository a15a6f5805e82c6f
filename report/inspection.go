package report

import (
	"encoding/json"
	"time"

	"hotline/store"
)

// Inspection is the quality inspection (质检) of one closed order: drawn
// by a supervisor's sampling, then scored on the config's items
// (inspection.items) with a note. It is kept in the store's key-value
// area under inspectionPrefix and the order's number; the console writes
// it (desk), the reports read the scores of a period (InspectionScores).
type Inspection struct {
	Number     string    `json:"number"`
	Department string    `json:"department"` // the order's, when it was drawn
	Category   string    `json:"category"`
	Title      string    `json:"title"`
	ClosedAt   time.Time `json:"closed_at"`
	SampledAt  time.Time `json:"sampled_at"`
	SampledBy  string    `json:"sampled_by"` // the supervisor's user name
	// Scores are the points of each item by its code, set once scored
	// (InspectedAt); Total is their sum and Max the most the items gave
	// then, so a later change of the items leaves old scores readable.
	Scores      map[string]int `json:"scores,omitempty"`
	Total       int            `json:"total"`
	Max         int            `json:"max"`
	Note        string         `json:"note,omitempty"`
	Inspector   string         `json:"inspector,omitempty"`
	InspectedAt time.Time      `json:"inspected_at,omitzero"`
}

// Scored reports whether the order has been scored.
func (in *Inspection) Scored() bool { return !in.InspectedAt.IsZero() }

// Percent is the score on a scale of 100 (Total over Max).
func (in *Inspection) Percent() float64 {
	if in.Max <= 0 {
		return 0
	}
	return float64(in.Total) * 100 / float64(in.Max)
}

const inspectionPrefix = "inspection:"

// PutInspection stores in (replacing the order's earlier one).
func PutInspection(tx *store.Tx, in *Inspection) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return tx.Put(inspectionPrefix+in.Number, b)
}

// GetInspection returns the inspection of order number, nil when the
// order was not drawn.
func GetInspection(tx *store.Tx, number string) (*Inspection, error) {
	b := tx.Get(inspectionPrefix + number)
	if b == nil {
		return nil, nil
	}
	in := &Inspection{}
	return in, json.Unmarshal(b, in)
}

// ScanInspections calls fn for every inspection, by order number.
func ScanInspections(tx *store.Tx, fn func(*Inspection) error) error {
	return tx.ScanKV(inspectionPrefix, func(_ string, v []byte) error {
		in := &Inspection{}
		if err := json.Unmarshal(v, in); err != nil {
			return err
		}
		return fn(in)
	})
}
