package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"

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
	// What a running server was asked first: the errors inside are worded
	// within its line.
	for _, re := range remoteErrors(err) {
		d := config.FailureData{Path: re.url}
		var se *statusError
		switch {
		case errors.Is(re.err, syscall.ECONNREFUSED):
			d.Detail = config.Render(f.NoServer, config.FailureData{Path: re.url})
		case errors.As(re.err, &se):
			d.Detail = se.said()
		default:
			d.Detail = failureText(t, re.err)
		}
		replace(re.Error(), config.Render(f.Through, d))
	}
	var de *store.DamageError
	if errors.As(err, &de) {
		text := f.Damaged
		if de.Backup {
			text = f.BadBackup
		}
		replace(de.Error(), config.Render(text, config.FailureData{Path: de.Path, Detail: strings.Join(strings.Fields(de.Problem), " ")}))
	}
	var oe *store.OpenError
	switch {
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

// remoteError is a command's failure to have the running server at url
// do its work (report, archive, compact, backup through the server).
type remoteError struct {
	url string
	err error
}

func (e *remoteError) Error() string { return "through " + e.url + ": " + e.err.Error() }
func (e *remoteError) Unwrap() error { return e.err }

// remoteErrors are the remoteErrors in err's tree, in order.
func remoteErrors(err error) []*remoteError {
	var out []*remoteError
	var walk func(error)
	walk = func(e error) {
		if re, ok := e.(*remoteError); ok {
			out = append(out, re)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			if x := u.Unwrap(); x != nil {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

// statusError is a server's answer other than 200: its status and the
// start of its body.
type statusError struct {
	status string
	body   []byte
}

func (e *statusError) Error() string { return e.status + ": " + strings.TrimSpace(string(e.body)) }

// said is what the server said: the message of its JSON error (in the
// city's words, httpx's catalogue), else its status and body.
func (e *statusError) said() string {
	var answer struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(e.body, &answer) == nil && answer.Error.Message != "" {
		return answer.Error.Message
	}
	return e.Error()
}
