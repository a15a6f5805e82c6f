package archtest

import (
	"slices"
	"testing"
)

const raceexitPkg = module + "/internal/raceexit"

type testPkg struct {
	ImportPath                string
	TestGoFiles, XTestGoFiles []string
	TestImports, XTestImports []string
}

// withoutNoSleep names the packages with tests whose test binary does not
// import raceexit (its TestMain calls raceexit.NoSleep, or the import would
// not compile), raceexit itself aside.
func withoutNoSleep(pkgs []testPkg) []string {
	var bad []string
	for _, p := range pkgs {
		if p.ImportPath == raceexitPkg || len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
			continue
		}
		if !slices.Contains(p.TestImports, raceexitPkg) && !slices.Contains(p.XTestImports, raceexitPkg) {
			bad = append(bad, p.ImportPath)
		}
	}
	return bad
}

// TestEveryTestMainSkipsTheRaceExitSleep keeps the suite from paying a
// second of a slot a package again (README, "Test time"): every package
// with tests has a TestMain that starts with raceexit.NoSleep().
func TestEveryTestMainSkipsTheRaceExitSleep(t *testing.T) {
	pkgs := goList[testPkg](t, "-json=ImportPath,TestGoFiles,XTestGoFiles,TestImports,XTestImports")
	for _, p := range withoutNoSleep(pkgs) {
		t.Errorf("%s: its TestMain does not call raceexit.NoSleep() (see main_test.go in any package)", p)
	}
	// The check itself: a package with tests and without the import is
	// named, one without tests or with it in either test package is not.
	if got := withoutNoSleep([]testPkg{
		{ImportPath: "hotline/a", TestGoFiles: []string{"a_test.go"}, TestImports: []string{"testing"}},
		{ImportPath: "hotline/b", XTestGoFiles: []string{"b_test.go"}, XTestImports: []string{raceexitPkg}},
		{ImportPath: "hotline/c", TestGoFiles: []string{"c_test.go"}, TestImports: []string{raceexitPkg}},
		{ImportPath: "hotline/d"},
	}); !slices.Equal(got, []string{"hotline/a"}) {
		t.Errorf("the check named %q, want [hotline/a]", got)
	}
}
