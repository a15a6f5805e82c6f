package sms

import "hotline/domain"

// e164 is the form the SMS channel keeps a number in (domain.Parse):
// E.164, or the digits of a short service code.
func e164(raw string) (string, error) {
	n, err := domain.Parse(raw)
	return string(n), err
}
