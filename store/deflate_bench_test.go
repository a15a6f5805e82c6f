package store

import (
	"testing"
)

// BenchmarkDeflateOrder deflates the dictionary's own typical work order,
// the record written most often, as a write transaction does.
func BenchmarkDeflateOrder(b *testing.B) {
	var order []byte
	for _, p := range dictParts {
		if len(p) > 1000 {
			order = compact([]byte(p))
		}
	}
	loopCPU(b, func() {
		if _, ok := deflated(deflatedJSON, order); !ok {
			b.Fatal("not deflated")
		}
	})
}
