//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockFile takes the advisory lock bbolt uses on path (exclusive for a
// writer, shared for a reader), waiting up to timeout, so that the file can
// be read or replaced while no hotline writes it. unlock releases it.
func lockFile(path string, exclusive bool, timeout time.Duration) (unlock func(), err error) {
	flag := os.O_RDONLY
	if exclusive {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, &OpenError{Problem: OpenFailed, Path: path, Err: err}
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &OpenError{Problem: OpenInUse, Path: path}
			}
			return nil, &OpenError{Problem: OpenFailed, Path: path, Err: fmt.Errorf("lock: %w", err)}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
