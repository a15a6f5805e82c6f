package calls

import (
	"errors"
	"strings"

	"hotline/domain"
)

// errBadNumber is a caller number that is not a phone number.
var errBadNumber = errors.New("calls: not a phone number")

// parseNumber reads a caller number as switches send it (domain.Parse's
// forms, and a mobile dialled with a leading 0 from another area) and
// returns it in E.164 ("+8613953706688") and in the form citizens are
// linked by (domain.Number.Link: "13953706688", "0537-7212345").
func parseNumber(raw string) (e164, link string, err error) {
	raw = strings.TrimSpace(raw)
	n, err := domain.Parse(raw)
	if err != nil {
		if d := strings.TrimPrefix(raw, "0"); d != raw && len(d) == 11 && d[0] == '1' {
			n, err = domain.Parse(d)
		}
	}
	if err != nil || !strings.HasPrefix(string(n), "+") {
		return "", "", errBadNumber
	}
	return string(n), n.Link(), nil
}
