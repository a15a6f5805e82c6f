package bot

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"hotline/inbound"
)

// BenchmarkDialog runs full dialogs (problem → phone → confirm) through
// Handle, each message a committed transaction.
func BenchmarkDialog(b *testing.B) {
	env := newEnv(&testing.T{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	var seq atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			user := fmt.Sprintf("u%d", n)
			phone := fmt.Sprintf("139%08d", n)
			for _, text := range []string{"任城区古槐路有烧烤摊占道经营，油烟很大", phone, "确认"} {
				if _, err := env.eng.Handle(ctx, inbound.Message{Channel: "webchat", UserID: user, Text: text}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
