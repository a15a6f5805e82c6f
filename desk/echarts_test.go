package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"regexp"
	"testing"
)

// TestEChartsChecksum checks the embedded Apache ECharts against the
// version and checksum recorded in static/vendor/echarts/update.sh.
func TestEChartsChecksum(t *testing.T) {
	script, err := os.ReadFile("static/vendor/echarts/update.sh")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`ECHARTS_SHA256=([0-9a-f]{64})`).FindSubmatch(script)
	if m == nil {
		t.Fatal("update.sh records no ECHARTS_SHA256")
	}
	js, err := fs.ReadFile(static, "static/vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Fatalf("embedded echarts.min.js has sha256 %s, update.sh records %s", got, m[1])
	}
	for _, f := range []string{"LICENSE", "NOTICE"} {
		if _, err := fs.ReadFile(static, "static/vendor/echarts/"+f); err != nil {
			t.Errorf("%s of ECharts is not embedded: %v", f, err)
		}
	}
}
