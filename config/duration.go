package config

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// String formats d the way it is written in the config: "30m", "4s",
// "24h", "1h30m", without the trailing zero units of time.Duration.String.
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalYAML writes d as a string with a unit, so that the output of
// `hotline config print` is read back unchanged.
func (d Duration) MarshalYAML() (any, error) {
	return d.String(), nil
}

// UnmarshalYAML reads "30m", "4s" or "24h". A bare number is refused:
// "30" could mean seconds, minutes or hours, and guessing wrong silently
// breaks deadlines.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return msgDurationKind.err(nodeKindName(n))
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDuration parses a config duration: a number with a unit ("90s",
// "30m", "24h", "1h30m"). A bare integer is an error that asks for a unit.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, msgDurationEmpty.err()
	}
	if isBareNumber(s) {
		return 0, msgDurationNoUnit.err(s, s, s, s)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, msgNotDuration.err(s)
	}
	return Duration(v), nil
}

// isBareNumber reports whether s is a number without a unit: "30", "-5",
// "1.5".
func isBareNumber(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}
