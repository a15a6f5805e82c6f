package main

import (
	"errors"
	"fmt"
	"strings"

	"hotline/config"
	"hotline/server"
	"hotline/store"
)

// listenError is serve's failure to listen on addr (--addr or
// server.addr).
type listenError struct {
	addr string
	err  error
}

func (e *listenError) Error() string { return e.err.Error() }
func (e *listenError) Unwrap() error { return e.err }

// failureText is the line run prints for err, a command's failure: the
// database that did not open (store.OpenError, store.DamageError), the
// part of the gateway serve could not build (server.StartError) or the
// address it could not listen on, in the words of t.Failures, each
// replacing its English in err's text (what a command added around it,
// such as server_holds' advice, stays); then the operating system's
// errors about a file left in it, in the words of t.Usage.OSErrors.
func failureText(t config.CommandLineTexts, err error) string {
	msg := err.Error()
	f := t.Failures
	replace := func(english, words string) { msg = strings.Replace(msg, english, words, 1) }
	var de *store.DamageError
	var oe *store.OpenError
	switch {
	case errors.As(err, &de):
		text := f.Damaged
		if de.Backup {
			text = f.BadBackup
		}
		replace(de.Error(), config.Render(text, config.FailureData{Path: de.Path, Detail: strings.Join(strings.Fields(de.Problem), " ")}))
	case errors.As(err, &oe):
		d := config.FailureData{Path: oe.Path, Version: oe.Version, Reads: store.SchemaVersion}
		if oe.Err != nil {
			d.Detail = causeText(t.Usage.OSErrors, oe.Err)
		}
		text := map[store.OpenProblem]string{store.OpenInUse: f.InUse, store.OpenCreate: f.Create, store.OpenFailed: f.Open,
			store.OpenNewerSchema: f.NewerSchema, store.OpenOtherSchema: f.OtherSchema}[oe.Problem]
		if text != "" {
			replace(oe.Error(), config.Render(text, d))
		}
	}
	var se *server.StartError
	if errors.As(err, &se) {
		d := config.FailureData{Path: se.Path}
		words, isFile := fileErrorWords(t.Usage.OSErrors, se.Err)
		var text string
		switch {
		case se.Part == server.PartModel && isFile:
			text, d.Detail = f.Model, words
		case se.Part == server.PartModel:
			text = f.BadModel
		case se.Part == server.PartKB && isFile:
			text, d.Detail = f.KB, words
		case se.Part == server.PartKB:
			// Its entries' problems, one a line, as hotline kb import
			// says them.
			text, d.Detail = f.KB, kbProblemsText(t.KB.Problems, se.Err)
		}
		if text != "" {
			replace(se.Error(), config.Render(text, d))
		}
	}
	var le *listenError
	if errors.As(err, &le) && osErrorText(t.Usage.OSErrors, le.err) == le.err.Error() {
		// Not a taken address nor a forbidden port (os_errors words
		// those): an address that is not host:port, a host that is not
		// this machine's.
		replace(le.Error(), config.Render(f.Listen, config.FailureData{Path: le.addr}))
	}
	return osErrorTextIn(t.Usage.OSErrors, msg, err)
}

// causeText is the cause of a failure in the words of t when it is an
// operating system's error about a file (its path kept), else its own
// text.
func causeText(t config.OSErrorTexts, err error) string {
	if words, ok := fileErrorWords(t, err); ok {
		return words
	}
	return err.Error()
}

// serverHolds adds advice to err when a running server holds the database
// (store.OpenInUse).
func serverHolds(err error, advice string) error {
	var oe *store.OpenError
	if errors.As(err, &oe) && oe.Problem == store.OpenInUse && advice != "" {
		return fmt.Errorf("%w（%s）", err, advice)
	}
	return err
}
