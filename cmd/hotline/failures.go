package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"

	"hotline/config"
	"hotline/nlp/textclf"
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

// failureText is the line run prints for err, a command's failure, in
// the words of t, rendered from the typed errors in err's tree, never by
// rewording their English: the database that did not open
// (store.OpenError, store.DamageError), the part of the gateway serve
// could not build (server.StartError), the address it could not listen
// on, the running server that was asked instead, a model train could not
// write, what bench could not do (failures_bench.go), and the operating
// system's errors about a file (t.Usage.OSErrors). The wrappers of the
// commands say how these go together (adviceError, alsoError,
// configError). An error of another package that wraps one of them is
// said as the one inside; any other error keeps its text, with the
// operating system's errors about a file in it worded.
func failureText(t config.CommandLineTexts, err error) string {
	for e := range errorChain(err) {
		if text, ok := sayFailure(t, e); ok {
			return text
		}
	}
	return osErrorText(t.Usage.OSErrors, err)
}

// errorChain is err, then what it wraps, depth first.
func errorChain(err error) func(yield func(error) bool) {
	return func(yield func(error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			if e == nil {
				return true
			}
			if !yield(e) {
				return false
			}
			switch u := e.(type) {
			case interface{ Unwrap() []error }:
				for _, x := range u.Unwrap() {
					if !walk(x) {
						return false
					}
				}
			case interface{ Unwrap() error }:
				return walk(u.Unwrap())
			}
			return true
		}
		walk(err)
	}
}

// sayFailure words err when it is of a type the catalogue words.
func sayFailure(t config.CommandLineTexts, err error) (string, bool) {
	f := t.Failures
	switch e := err.(type) {
	case *adviceError:
		return failureText(t, e.err) + "（" + e.advice + "）", true
	case *alsoError:
		return failureText(t, e.first) + "；" + failureText(t, e.then), true
	case *configError:
		return e.name + ": " + failureText(t, e.err), true
	case *remoteError:
		d := config.FailureData{Path: e.url}
		var se *statusError
		switch {
		case errors.Is(e.err, syscall.ECONNREFUSED):
			d.Detail = config.Render(f.NoServer, config.FailureData{Path: e.url})
		case errors.As(e.err, &se):
			d.Detail = se.said()
		default:
			d.Detail = failureText(t, e.err)
		}
		return config.Render(f.Through, d), true
	case *statusError:
		return e.said(), true
	case *store.DamageError:
		text := f.Damaged
		if e.Backup {
			text = f.BadBackup
		}
		return config.Render(text, config.FailureData{Path: e.Path, Detail: damageText(t.Damage, e)}), true
	case *store.OpenError:
		d := config.FailureData{Path: e.Path, Version: e.Version, Reads: store.SchemaVersion}
		if e.Err != nil {
			d.Detail = causeText(t, e.Err)
		}
		text := map[store.OpenProblem]string{store.OpenInUse: f.InUse, store.OpenCreate: f.Create, store.OpenFailed: f.Open,
			store.OpenNewerSchema: f.NewerSchema, store.OpenOtherSchema: f.OtherSchema}[e.Problem]
		return config.Render(text, d), text != ""
	case *server.StartError:
		d := config.FailureData{Path: e.Path}
		words, isFile := fileErrorWords(t.Usage.OSErrors, e.Err)
		var text string
		switch {
		case e.Part == server.PartModel && isFile:
			text, d.Detail = f.Model, words
		case e.Part == server.PartModel:
			text = f.BadModel
		case e.Part == server.PartKB && isFile:
			text, d.Detail = f.KB, words
		case e.Part == server.PartKB:
			// Its entries' problems, one a line, as hotline kb import
			// says them.
			text, d.Detail = f.KB, kbProblemsText(t.KB.Problems, e.Err)
		}
		return config.Render(text, d), text != ""
	case *listenError:
		if words, ok := netErrorWords(t.Usage.OSErrors, e.err); ok {
			return words, true
		}
		// Not a taken address nor a forbidden port: an address that is
		// not host:port, a host that is not this machine's.
		return config.Render(f.Listen, config.FailureData{Path: e.addr}), true
	case *modelWriteError:
		return config.Render(t.Tools.WriteFailed, config.ToolData{Path: e.path, Detail: causeText(t, e.err)}), true
	case *toolError:
		return e.say(t), true
	case *textclf.DataError:
		return examplesText(t, e), true
	case *fs.PathError, *os.LinkError:
		return fileErrorWords(t.Usage.OSErrors, e)
	case *net.OpError:
		return netErrorWords(t.Usage.OSErrors, e)
	}
	return "", false
}

// damageText words what e found wrong (its Kind), with its figures.
func damageText(t config.DamageTexts, e *store.DamageError) string {
	d := config.DamageData{Size: e.Size, Want: e.Want, Version: e.Version, Reads: store.SchemaVersion, Name: e.Name}
	text := map[store.DamageKind]string{store.DamageEmpty: t.Empty, store.DamageZeros: t.Zeros, store.DamageNotBolt: t.NotBolt,
		store.DamageForeign: t.Foreign, store.DamageMeta: t.Meta, store.DamageCutShort: t.CutShort, store.DamagePages: t.Pages,
		store.DamageSchema: t.Schema, store.DamageBucket: t.Bucket, store.DamageRecord: t.Record, store.DamageBackup: t.Backup,
		store.DamageMember: t.Member}[e.Kind]
	if text == "" {
		text = t.Other
	}
	return config.Render(text, d)
}

// examplesText words what is wrong with a file of examples (e.Problem).
func examplesText(t config.CommandLineTexts, e *textclf.DataError) string {
	x := t.Examples
	if e.Problem == textclf.DataFormat {
		return config.Render(t.Tools.BadData, config.ToolData{Path: e.Path})
	}
	text := map[textclf.DataProblem]string{textclf.DataNotJSON: x.NotJSON, textclf.DataNotCSV: x.NotCSV,
		textclf.DataUnreadable: x.Unreadable, textclf.DataEmpty: x.Empty, textclf.DataNoColumn: x.NoColumn,
		textclf.DataNoField: x.NoField, textclf.DataNotString: x.NotString, textclf.DataEmptyText: x.EmptyText,
		textclf.DataEmptyLabel: x.EmptyLabel}[e.Problem]
	if text == "" {
		return e.Error()
	}
	return config.Render(text, config.ExampleData{File: e.Path, Line: e.Line, Field: e.Field})
}

// adviceError is a failure with what to do instead after it (the words
// of server_holds or of a command's texts): 「err（advice）」.
type adviceError struct {
	err    error
	advice string
}

func (e *adviceError) Error() string { return e.err.Error() + "（" + e.advice + "）" }
func (e *adviceError) Unwrap() error { return e.err }

// withAdvice is err with advice after it, or err alone without advice.
func withAdvice(err error, advice string) error {
	if advice == "" {
		return err
	}
	return &adviceError{err: err, advice: advice}
}

// alsoError is a failure and the failure of what was tried instead (a
// running server asked to do the work): 「first；then」.
type alsoError struct{ first, then error }

func (e *alsoError) Error() string   { return e.first.Error() + "；" + e.then.Error() }
func (e *alsoError) Unwrap() []error { return []error{e.first, e.then} }

// configError is the failure to load the config file name (or the
// embedded default's name): 「name: err」.
type configError struct {
	name string
	err  error
}

func (e *configError) Error() string { return e.name + ": " + e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// modelWriteError is train's failure to write its model to path.
type modelWriteError struct {
	path string
	err  error
}

func (e *modelWriteError) Error() string { return "write " + e.path + ": " + e.err.Error() }
func (e *modelWriteError) Unwrap() error { return e.err }

// causeText is the cause of a failure in the words of t: an operating
// system's error about a file (its path kept) or any failure the
// catalogue words, else its own text.
func causeText(t config.CommandLineTexts, err error) string {
	if words, ok := fileErrorWords(t.Usage.OSErrors, err); ok {
		return words
	}
	return failureText(t, err)
}

// serverHolds adds advice to err when a running server holds the database
// (store.OpenInUse).
func serverHolds(err error, advice string) error {
	var oe *store.OpenError
	if errors.As(err, &oe) && oe.Problem == store.OpenInUse {
		return withAdvice(err, advice)
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
