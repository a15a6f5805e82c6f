package calls

import (
	"context"
	"testing"
)

// TestCountyPropertyRoutesToTheCounty: a complaint about property
// management in a county goes to that county's government (its own 12345
// platform and 住建局), not the city's 住建局, in the default config; one
// whose place is not known goes to the city's bureau.
func TestCountyPropertyRoutesToTheCounty(t *testing.T) {
	f := newFixture(t)
	for note, want := range map[string]string{
		"汶上县中都街道阳光小区物业公司不作为，电梯坏了一个月没人修，物业费照收": "汶上县人民政府",
		"梁山县水泊街道幸福家园小区物业不给修楼道灯，业主找物业公司没人管":    "梁山县人民政府",
		"我们小区物业公司不作为，电梯坏了一个月没人修，物业费照收":        "市住房和城乡建设局",
	} {
		c, err := f.svc.Classify(context.Background(), note)
		if err != nil {
			t.Fatal(err)
		}
		if c.Category != "WYGL" || c.Department != want {
			t.Errorf("%s: %s → %s; want WYGL → %s", note, c.Category, c.Department, want)
		}
	}
}
