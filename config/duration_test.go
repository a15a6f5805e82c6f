package config

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestDurationUnmarshal(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"30m", 30 * time.Minute, ""},
		{"4s", 4 * time.Second, ""},
		{"24h", 24 * time.Hour, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"1.5s", 1500 * time.Millisecond, ""},
		{`"10m"`, 10 * time.Minute, ""},
		{"-5s", -5 * time.Second, ""},
		{"30", 0, "时长「30」没有单位，请加上，如 30s、30m 或 30h"},
		{"0", 0, "时长「0」没有单位"},
		{"2.5", 0, "时长「2.5」没有单位"},
		{"3d", 0, "「3d」不是时长，请写成 30s、30m 或 24h 这样"},
		{"soon", 0, "「soon」不是时长"},
		{`""`, 0, "时长为空"},
		{"[1, 2]", 0, "须为时长，如 30m，而不是列表"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				D Duration `yaml:"d"`
			}
			err := yaml.Unmarshal([]byte("d: "+tt.in), &v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want …%s…", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.D.D() != tt.want {
				t.Errorf("got %v, want %v", v.D.D(), tt.want)
			}
		})
	}
}

func TestDurationString(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{4 * time.Second, "4s"},
		{30 * time.Minute, "30m"},
		{24 * time.Hour, "24h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{1500 * time.Millisecond, "1.5s"},
		{10 * time.Minute, "10m"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			d := Duration(tt.d)
			if got := d.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			out, err := yaml.Marshal(struct {
				D Duration `yaml:"d"`
			}{d})
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseDuration(strings.TrimSpace(strings.TrimPrefix(string(out), "d:")))
			if err != nil || back != d {
				t.Errorf("marshalled %q parses back to %v, %v", out, back, err)
			}
		})
	}
}
