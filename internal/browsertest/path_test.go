package browsertest

import (
	"io/fs"
	"os"
	"testing"
)

func TestChoosePath(t *testing.T) {
	has := func(present ...string) func(string) (os.FileInfo, error) {
		return func(name string) (os.FileInfo, error) {
			for _, p := range present {
				if p == name {
					return nil, nil
				}
			}
			return nil, fs.ErrNotExist
		}
	}
	for _, c := range []struct {
		env     string
		present []string
		want    string
	}{
		{"", []string{Shell, Full}, Shell},
		{"", []string{Full}, Full},
		{"", nil, Full},
		{Full, []string{Shell, Full}, Full},
		{"/opt/chrome/chrome", []string{Shell}, "/opt/chrome/chrome"},
	} {
		if got := choosePath(c.env, has(c.present...)); got != c.want {
			t.Errorf("choosePath(%q, %v) = %q, want %q", c.env, c.present, got, c.want)
		}
	}
}
