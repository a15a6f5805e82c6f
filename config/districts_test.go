package config

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// districtIndex returns the index of the district named name in cfg.
func districtIndex(t *testing.T, cfg *Config, name string) int {
	t.Helper()
	i := slices.IndexFunc(cfg.Districts, func(d District) bool { return d.Name == name })
	if i < 0 {
		t.Fatalf("no district %s in the default config", name)
	}
	return i
}

// TestValidateLandmarks: config check refuses a landmark the classifier
// could read as another district's, and says in Chinese which two names
// clash.
func TestValidateLandmarks(t *testing.T) {
	tests := []struct {
		name     string
		district string // the district the landmark is added to
		landmark string
		want     []string // in the message
	}{
		{"under two districts", "邹城市", "三孔", []string{"「三孔」", "曲阜市", "邹城市", "只能对应一个区县"}},
		{"twice in one district", "曲阜市", "三孔", []string{"「三孔」", "曲阜市", "两次"}},
		{"another district's name", "任城区", "兖州区", []string{"「兖州区」", "另一个区县的名称", "任城区"}},
		{"another district's alias", "任城区", "兖州", []string{"「兖州」", "兖州区的别名", "任城区"}},
		{"another district's town", "任城区", "小孟镇", []string{"「小孟镇」", "兖州区的镇街", "任城区"}},
		{"another district's town, short", "任城区", "小孟", []string{"「小孟」", "兖州区小孟镇的简称", "任城区"}},
		{"a common short name still clashes", "兖州区", "兴隆", []string{"「兴隆」", "金乡县兴隆镇的简称", "兖州区"}},
		{"one character", "任城区", "塔", []string{"「塔」", "太短"}},
		{"empty", "任城区", " ", nil}, // nonEmpty's own message
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustDefault(t)
			i := districtIndex(t, cfg, tt.district)
			d := &cfg.Districts[i]
			path := fmt.Sprintf("districts[%d].landmarks[%d]", i, len(d.Landmarks))
			d.Landmarks = append(d.Landmarks, tt.landmark)
			probs := validateProblems(t, cfg)
			if len(probs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(probs), probs)
			}
			p := probs[0]
			if p.Path != path {
				t.Errorf("path %s, want %s", p.Path, path)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Msg, w) {
					t.Errorf("message %q lacks %q", p.Msg, w)
				}
			}
		})
	}
}

// TestValidateAliasIsAnotherTown: an alias that is another district's
// town, in full or short, is refused with both names.
func TestValidateAliasIsAnotherTown(t *testing.T) {
	for _, tt := range []struct{ alias, want string }{
		{"小孟镇", "别名「小孟镇」是兖州区的镇街"},
		{"小孟", "别名「小孟」是兖州区小孟镇的简称"},
	} {
		cfg := mustDefault(t)
		i := districtIndex(t, cfg, "任城区")
		d := &cfg.Districts[i]
		path := fmt.Sprintf("districts[%d].aliases[%d]", i, len(d.Aliases))
		d.Aliases = append(d.Aliases, tt.alias)
		probs := validateProblems(t, cfg)
		if len(probs) != 1 || probs[0].Path != path || !strings.Contains(probs[0].Msg, tt.want) || !strings.Contains(probs[0].Msg, "任城区") {
			t.Errorf("alias %s: %v; want one problem at %s: %s…任城区", tt.alias, probs, path, tt.want)
		}
	}
}

// TestValidateOwnTownAsLandmark: a landmark that is one of its own
// district's towns, or their short form (峄山 for 峄山镇), clashes with
// nothing.
func TestValidateOwnTownAsLandmark(t *testing.T) {
	cfg := mustDefault(t)
	i := districtIndex(t, cfg, "兖州区")
	cfg.Districts[i].Landmarks = append(cfg.Districts[i].Landmarks, "小孟", "小孟镇")
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestTownShort(t *testing.T) {
	for town, want := range map[string]string{
		"小孟镇": "小孟", "古槐街道": "古槐", "黄垓乡": "黄垓", "阜桥街道办事处": "阜桥",
		"夏镇街道": "夏镇", "南站镇": "南站", "柳行": "", "": "", "石镇": "",
	} {
		if got := TownShort(town); got != want {
			t.Errorf("TownShort(%q) = %q, want %q", town, got, want)
		}
	}
}
