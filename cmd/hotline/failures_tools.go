package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"hotline/config"
)

// toolFailure is what a toolError says went wrong.
type toolFailure int

const (
	toolBadModel      toolFailure = iota + 1 // path is not a model hotline train wrote
	toolBadData                              // path is not a file of examples train and eval read
	toolStartupFailed                        // start run of bench --startup: serve stopped, said what
	toolStartupSlow                          // start run: no /healthz 200 within seconds
	toolNoMemory                             // the resident size could not be read from path
	toolAgentsFailed                         // bench's agents' phase could not measure: err
	toolRequestFailed                        // a request of bench to path failed: err
)

// toolError is a failure of bench, train or eval, said in the words of
// report_texts.command_line.tools (failureText). Its Error is English,
// for tests and logs.
type toolError struct {
	kind    toolFailure
	path    string // the file, the URL
	run     int    // the start (bench --startup)
	seconds int    // how long a start was waited for
	code    int    // serve's exit code, when it said nothing
	said    string // serve's last line on standard error
	err     error  // the cause
}

func (e *toolError) Error() string {
	switch e.kind {
	case toolBadModel:
		return e.path + ": not a model file"
	case toolBadData:
		return e.path + ": not a file of examples (.jsonl, .json, .csv, .xlsx)"
	case toolStartupFailed:
		return fmt.Sprintf("run %d: serve exited with code %d: %s", e.run, e.code, e.said)
	case toolStartupSlow:
		return fmt.Sprintf("run %d: no /healthz 200 within %d s", e.run, e.seconds)
	case toolNoMemory:
		return "no VmRSS in " + e.path
	case toolAgentsFailed:
		return "agents' event streams: " + e.err.Error()
	case toolRequestFailed:
		return e.path + ": " + e.err.Error()
	}
	return "tool failure"
}

func (e *toolError) Unwrap() error { return e.err }

// say words e in t's words.
func (e *toolError) say(t config.CommandLineTexts) string {
	w := t.Tools
	d := config.ToolData{Path: e.path, Run: e.run, Seconds: strconv.Itoa(e.seconds), Code: e.code}
	var text string
	switch e.kind {
	case toolBadModel:
		text = w.BadModel
	case toolBadData:
		text = w.BadData
	case toolStartupFailed:
		text, d.Detail = w.StartupFailed, e.said
		if e.said == "" {
			text = w.StartupSilent
		}
	case toolStartupSlow:
		text = w.StartupSlow
	case toolNoMemory:
		text = w.NoMemory
	case toolAgentsFailed:
		text, d.Detail = w.AgentsFailed, failureText(t, e.err)
	case toolRequestFailed:
		text, d.Detail = w.RequestFailed, requestCause(t, e.path, e.err)
	}
	return config.Render(text, d)
}

// requestCause words why a request to url failed: what the server
// answered, that none answers, that it did not answer in time, or the
// failure in the catalogue's words.
func requestCause(t config.CommandLineTexts, url string, err error) string {
	var se *statusError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		return se.said()
	case errors.Is(err, syscall.ECONNREFUSED):
		return config.Render(t.Failures.NoServer, config.FailureData{Path: url})
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return t.Tools.TimedOut
	}
	return failureText(t, err)
}

// isPathError tells whether err holds an operating system's error about
// a file.
func isPathError(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe)
}

// examplesFile checks that path, given as train's or eval's --data, is a
// file of a kind textclf reads, before it is read: a directory or an
// unknown extension is said in t's words, not textclf's.
func examplesFile(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	switch filepath.Ext(path) {
	case ".jsonl", ".json", ".csv", ".xlsx":
		return nil
	}
	return &toolError{kind: toolBadData, path: path}
}

// outputFile checks, before a command's work, that its output can go to
// path (backup's file, report --out): not a directory, in a directory
// that exists. Its failure is the operating system's error about path or
// its directory, never about the temporary file written first and its
// made-up name.
func outputFile(path string) error {
	if path == "" {
		return nil // the write says it
	}
	if fi, err := os.Stat(path); (err == nil && fi.IsDir()) || os.IsPathSeparator(path[len(path)-1]) {
		return &fs.PathError{Op: "write", Path: path, Err: syscall.EISDIR}
	}
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOTDIR}
	}
	return nil
}

// modelFileWritable checks, before training, that a model can be written
// at path (train's --out): not a directory, in a directory where a file
// can be created. Its failure is a modelWriteError.
func modelFileWritable(path string) error {
	if err := outputFile(path); err != nil {
		return &modelWriteError{path: path, err: err}
	}
	f, err := createModelTemp(path)
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// createModelTemp creates the file a model is written to before it is
// renamed to path; its failure names path's directory, not the
// temporary file's made-up name.
func createModelTemp(path string) (*os.File, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = &fs.PathError{Op: "create", Path: dir, Err: pe.Err}
		}
		return nil, &modelWriteError{path: path, err: err}
	}
	return f, nil
}
