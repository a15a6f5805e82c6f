package store

import "fmt"

// OpenProblem is what kept a database file from opening (OpenError.Problem).
type OpenProblem int

const (
	// OpenInUse: another process holds the file (a running hotline serve).
	OpenInUse OpenProblem = iota + 1
	// OpenCreate: the file or its directory could not be created (Err says why).
	OpenCreate
	// OpenFailed: the file could not be opened or locked (Err says why).
	OpenFailed
	// OpenNewerSchema: the file was written by a newer build (Version).
	OpenNewerSchema
	// OpenOtherSchema: a read-only open found a schema this build does not
	// read without upgrading it (Version); a writable open upgrades it.
	OpenOtherSchema
)

// OpenError says why the database file at Path did not open. Its Error is
// English, for logs; the command line words it by Problem in the staff's
// language (report_texts.command_line.usage.failures).
type OpenError struct {
	Problem OpenProblem
	Path    string
	Version int   // the file's schema version (OpenNewerSchema, OpenOtherSchema)
	Err     error // the cause (OpenCreate, OpenFailed)
}

func (e *OpenError) Error() string {
	switch e.Problem {
	case OpenInUse:
		return fmt.Sprintf("store: %s is in use by another process", e.Path)
	case OpenCreate:
		return fmt.Sprintf("store: unable to create %s: %v", e.Path, e.Err)
	case OpenNewerSchema:
		return fmt.Sprintf("store: %s has schema version %d, newer than this build (%d)", e.Path, e.Version, SchemaVersion)
	case OpenOtherSchema:
		return fmt.Sprintf("store: %s has schema version %d, this build reads %d", e.Path, e.Version, SchemaVersion)
	}
	return fmt.Sprintf("store: unable to open %s: %v", e.Path, e.Err)
}

func (e *OpenError) Unwrap() error { return e.Err }
