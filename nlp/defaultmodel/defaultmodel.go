// Package defaultmodel embeds the category model that the hotline binary
// ships: trained on the training split of the project's own example set
// (nlp/examples) for the default taxonomy of config.Default. A city with
// its own taxonomy trains its own model with `hotline train`.
//
// Rebuild the example set and the model with `go generate ./nlp/defaultmodel`.
package defaultmodel

//go:generate go run ../examples/gen -out ../examples/examples.jsonl
//go:generate go run ./train -examples ../examples/examples.jsonl -out category.model
//go:generate go run ./train -examples ../examples/examples.jsonl -emergency ../examples/emergency.jsonl -out emergency.model
//go:generate go run ../examples/vetogen -dir .. -out ../examples/emergency_veto.jsonl
//go:generate go run ./train -examples ../examples/examples.jsonl -emergency ../examples/emergency.jsonl,../examples/emergency_written_*.jsonl,../examples/emergency_traps.jsonl,../examples/emergency_veto.jsonl -out emergency_grown.model
//go:generate go run ./train -emergency ../examples/emergency.jsonl,../examples/emergency_written_*.jsonl -veto ../examples/emergency_traps.jsonl -veto-tests ../examples/emergency_veto.jsonl -out veto.model

import (
	"bytes"
	_ "embed"

	"hotline/nlp/textclf"
)

//go:embed category.model
var categoryModel []byte

//go:embed emergency.model
var emergencyModel []byte

//go:embed emergency_grown.model
var emergencyGrownModel []byte

//go:embed veto.model
var vetoModel []byte

// Category parses and returns the embedded category model. Each call
// parses anew (a few milliseconds); callers keep the result.
func Category() (*textclf.Model, error) {
	return textclf.ReadModel(bytes.NewReader(categoryModel))
}

// Emergency parses and returns the embedded emergency model: its labels are
// 110, 119, 120, 122 (a person in danger now, and the number to call) and
// "none". It does not depend on the city's taxonomy.
func Emergency() (*textclf.Model, error) {
	return textclf.ReadModel(bytes.NewReader(emergencyModel))
}

// EmergencyGrown parses and returns the embedded emergency model grown on
// the hand-written examples (emergency_written_*.jsonl), the trap set's
// tune part and the emergency tests' sentences besides the examples of
// Emergency: the same labels. nlp asks it only about what Emergency does
// not flag, at a stricter threshold.
func EmergencyGrown() (*textclf.Model, error) {
	return textclf.ReadModel(bytes.NewReader(emergencyGrownModel))
}

// Veto parses and returns the embedded veto model: its labels are "danger"
// and "trap", learnt from the project's own dangers and traps (the
// emergency examples and the tune part of the trap set). It does not depend
// on the city's taxonomy.
func Veto() (*textclf.Model, error) {
	return textclf.ReadModel(bytes.NewReader(vetoModel))
}
