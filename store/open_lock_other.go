//go:build !unix

package store

import "time"

// lockFile is a no-op where flock is not available; bbolt's own lock then
// is the only guard.
func lockFile(path string, exclusive bool, timeout time.Duration) (unlock func(), err error) {
	return func() {}, nil
}
