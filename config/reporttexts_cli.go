package config

import (
	"reflect"
	"strings"
)

// CommandLineTexts are the words hotline's command line writes for staff
// (report_texts.command_line): the listings of tickets list and users
// list, and what users add and users passwd say. Columns are listed in
// their order.
type CommandLineTexts struct {
	Tickets      TicketListColumns `yaml:"tickets"`
	TicketsTotal string            `yaml:"tickets_total"` // the last line; text/template over ListData: 共 {{.Count}} 件
	// Archived is said (on standard error) before tickets show prints an
	// archived order; text/template over ListData ({{.Path}}: its file).
	Archived string `yaml:"archived"`
	// Show is how tickets show writes an order without --json: a line a
	// field, then its history, every code named as staff know it;
	// text/template over ShowData.
	Show       TicketShowTexts `yaml:"show"`
	Users      UserListColumns `yaml:"users"`
	UsersTotal string          `yaml:"users_total"` // text/template over ListData
	Enabled    string          `yaml:"enabled"`     // an account's state
	Disabled   string          `yaml:"disabled"`
	// UserAdded, PasswordSet, UserEnabled and UserDisabled confirm users
	// add, passwd, enable and disable; text/template over UserData.
	UserAdded    string `yaml:"user_added" need:"Name"`
	PasswordSet  string `yaml:"password_set" need:"Name"`
	UserEnabled  string `yaml:"user_enabled" need:"Name"`
	UserDisabled string `yaml:"user_disabled" need:"Name"`
	// PasswordPrompt and PasswordAgain ask for a password on the terminal
	// (text/template over UserData: {{.Min}} characters at least).
	PasswordPrompt    string `yaml:"password_prompt"`
	NewPasswordPrompt string `yaml:"new_password_prompt"` // users passwd
	PasswordAgain     string `yaml:"password_again"`
	// NoPassword, NoTerminal and PasswordsDiffer say why no password was
	// read: standard input is empty (--password-stdin), is no terminal,
	// or the two typed differ.
	NoPassword      string `yaml:"no_password"`
	NoTerminal      string `yaml:"no_terminal"`
	PasswordsDiffer string `yaml:"passwords_differ"`
	// DemoProgress and DemoSummary are what hotline demo says while it
	// builds a history (on standard error, every 1,000 requests) and when
	// it is done; text/template over DemoData.
	DemoProgress string `yaml:"demo_progress" need:"Done"`
	DemoSummary  string `yaml:"demo_summary" need:"Orders,Path"`
	// DemoNotEmpty refuses a database that already holds work orders
	// ({{.Path}} {{.Orders}}): the demo's would mix with them.
	DemoNotEmpty string `yaml:"demo_not_empty" need:"Path"`
	// Classify are hotline classify's words.
	Classify ClassifyTexts `yaml:"classify"`
	// KB are hotline kb's words; Archive hotline archive's and hotline
	// compact's.
	KB      KBTexts      `yaml:"kb"`
	Archive ArchiveTexts `yaml:"archive"`
	// Tools are the human lines of hotline bench, train and eval, the IT
	// clerk's tools.
	Tools ToolTexts `yaml:"tools"`
	// ReportWritten is said (on standard error) once hotline report has
	// written its file; text/template over ReportFileData.
	ReportWritten string `yaml:"report_written"`
	// Usage are the commands' usage texts and what a mistake in a command
	// line is told.
	Usage UsageTexts `yaml:"usage"`
	// Mistakes say what is wrong with an option's value or an argument
	// (exit code 2).
	Mistakes MistakeTexts `yaml:"mistakes"`
	// Backup are what hotline backup, restore and check write.
	Backup BackupTexts `yaml:"backup"`
	// ServerHolds say what to do when a running server holds the
	// database, after the database's own error.
	ServerHolds ServerHoldsTexts `yaml:"server_holds"`
	// Failures say why a command could not open the database or serve
	// could not start, in place of the error's English: what failed and
	// where (the file, the setting, the address); text/template over
	// FailureData.
	Failures FailureTexts `yaml:"failures"`
	// Damage word what a damaged database or backup file has wrong
	// (store.DamageError's Kind), failures.damaged's and bad_backup's
	// {{.Detail}}; text/template over DamageData.
	Damage DamageTexts `yaml:"damage"`
	// Examples word what is wrong with a file of examples train or eval
	// reads (textclf.DataError's Problem); text/template over
	// ExampleData.
	Examples ExampleTexts `yaml:"examples"`
	// DefaultConfig names the embedded default config in front of its
	// problems (a config file is named by its path).
	DefaultConfig string `yaml:"default_config"`
	// ServeBanner is what hotline serve says when it listens: where the
	// web chat, the console, the agents' API, health, metrics and the
	// database are; text/template over BannerData.
	ServeBanner string `yaml:"serve_banner"`
}

// BannerData is what serve_banner is filled with.
type BannerData struct {
	Version, Addr             string
	Chat, Console, API        string // URLs
	Token                     string // the desk token generated for this run; empty when desk.token is set
	Health, Metrics, Database string
}

// ServerHoldsTexts say, per command, what to do while a server holds the
// database.
type ServerHoldsTexts struct {
	Report  string `yaml:"report"`
	Compact string `yaml:"compact"`
	Users   string `yaml:"users"`
	Tickets string `yaml:"tickets"`
	Check   string `yaml:"check"`
	Restore string `yaml:"restore"`
}

// TicketShowTexts are the lines of tickets show.
type TicketShowTexts struct {
	Field   string `yaml:"field" need:"Name,Value"` // a field of the order: {{.Name}} {{.Value}}
	History string `yaml:"history"`                 // the heading of its history
	// Event is a line of its history: {{.Time}} {{.Actor}} {{.Action}},
	// {{.Change}} (the state before → after), {{.Note}}, {{.Fields}} (the
	// fields changed, before → after).
	Event string `yaml:"event" need:"Action"`
}

// ShowData is what the lines of tickets show are filled with.
type ShowData struct {
	Name, Value                               string // Field
	Time, Actor, Action, Change, Note, Fields string // Event
}

// FailureTexts word why the database did not open (store.OpenError,
// store.DamageError) and which part of the gateway serve could not build
// (server.StartError) or where it could not listen.
type FailureTexts struct {
	InUse       string `yaml:"in_use" need:"Path"`         // another process (a running serve) holds the database
	Create      string `yaml:"create" need:"Path,Detail"`  // the data directory or the file could not be created
	Open        string `yaml:"open" need:"Path,Detail"`    // the file could not be opened
	NewerSchema string `yaml:"newer_schema" need:"Path"`   // written by a newer hotline: {{.Version}} {{.Reads}}
	OtherSchema string `yaml:"other_schema" need:"Path"`   // a read-only command on a file serve has not upgraded yet
	Damaged     string `yaml:"damaged" need:"Path"`        // {{.Detail}}: what is damaged, in the check's own terms
	BadBackup   string `yaml:"bad_backup" need:"Path"`     // a backup given to restore is not usable
	Model       string `yaml:"model" need:"Detail"`        // the category model could not be read: {{.Path}} (nlp.model)
	BadModel    string `yaml:"bad_model" need:"Path"`      // the file is not a model hotline train wrote
	KB          string `yaml:"kb" need:"Detail"`           // the knowledge base could not be read, or its entries' problems
	Listen      string `yaml:"listen" need:"Path"`         // serve cannot listen on the address
	Through     string `yaml:"through" need:"Path,Detail"` // the running server at {{.Path}} did not do it either: {{.Detail}}
	NoServer    string `yaml:"no_server" need:"Path"`      // no server answers at {{.Path}}
}

// DamageTexts word each kind of store.DamageError.
type DamageTexts struct {
	Other    string `yaml:"other"`                 // none of the kinds below
	Empty    string `yaml:"empty"`                 // the file is empty
	Zeros    string `yaml:"zeros"`                 // its first page is all zeros
	NotBolt  string `yaml:"not_bolt"`              // not a database file at all
	Foreign  string `yaml:"foreign"`               // a database file of another program
	Meta     string `yaml:"meta"`                  // its header pages (meta pages) are damaged
	CutShort string `yaml:"cut_short" need:"Size"` // {{.Size}} bytes where its header says {{.Want}} at least
	Pages    string `yaml:"pages"`                 // a page of its tree or free list is damaged
	Schema   string `yaml:"schema" need:"Version"` // a schema version no hotline wrote: {{.Version}} {{.Reads}}
	Bucket   string `yaml:"bucket" need:"Name"`    // a part every database has is missing: {{.Name}}
	Record   string `yaml:"record" need:"Name"`    // a record of {{.Name}} does not decode
	Backup   string `yaml:"backup"`                // not a hotline backup, or cut short
	Member   string `yaml:"member" need:"Name"`    // a file of the backup ({{.Name}}) differs from its manifest or is missing
}

// ExampleTexts word each kind of textclf.DataError.
type ExampleTexts struct {
	NotJSON    string `yaml:"not_json" need:"File"`        // a line ({{.Line}}, 0 for the file) is not a JSON object
	NotCSV     string `yaml:"not_csv" need:"File"`         // not well-formed CSV, from line {{.Line}}
	Unreadable string `yaml:"unreadable" need:"File"`      // a workbook that does not open, or has no sheet
	Empty      string `yaml:"empty" need:"File"`           // no header row; {{.Field}}: the sheet, if one
	NoColumn   string `yaml:"no_column" need:"File,Field"` // the header row has no column {{.Field}}
	NoField    string `yaml:"no_field" need:"Line,Field"`  // an object has no field {{.Field}}
	NotString  string `yaml:"not_string" need:"Line,Field"`
	EmptyText  string `yaml:"empty_text" need:"Line"`
	EmptyLabel string `yaml:"empty_label" need:"Line,Field"` // {{.Field}}: the label field or column
}

// ExampleData is what the example texts are filled with.
type ExampleData struct {
	File  string // the file
	Line  int    // the line (for a workbook the row), 0 for the file as a whole
	Field string // the field, column or sheet
}

// DamageData is what the damage texts are filled with.
type DamageData struct {
	Size    int64  // the file's bytes
	Want    int64  // the bytes its header says it has at least
	Version int    // the file's schema version
	Reads   int    // the newest schema version this build reads
	Name    string // a part of the database, or a file of a backup
}

// FailureData is what the failures are filled with.
type FailureData struct {
	Path    string // the file, directory or address
	Detail  string // the cause, worded (an operating system's error, a knowledge base's problems)
	Version int    // the file's schema version
	Reads   int    // the schema version this build reads
}

// BackupTexts are what hotline backup, restore and check write;
// text/template over BackupData.
type BackupTexts struct {
	Written         string `yaml:"written" need:"Path"`        // backup: {{.Path}} {{.Bytes}}
	OnlineWritten   string `yaml:"online_written" need:"Path"` // through the server: {{.Through}} when it was found at the configured address
	ServerRunning   string `yaml:"server_running"`             // after the database's error: no token to ask the server
	Restored        string `yaml:"restored" need:"Path,From"`
	RestoredArchive string `yaml:"restored_archive" need:"Path"` // an archive file of the backup
	Kept            string `yaml:"kept" need:"Kept"`             // the previous database
	KeptArchive     string `yaml:"kept_archive" need:"Kept"`
	Bare            string `yaml:"bare" need:"From"`  // a backup of the database alone: the archive in {{.Path}} stays
	Sound           string `yaml:"sound" need:"Path"` // check: {{.Schema}} {{.Buckets}} {{.Records}} {{.Bytes}}
	SoundBackup     string `yaml:"sound_backup" need:"Path,Files"`
}

// BackupData is what the backup texts are filled with.
type BackupData struct {
	Path    string // the file written, restored or checked
	From    string // the backup restored
	Through string // the server's URL
	Kept    string // the previous file
	Files   string // the files a backup holds: hotline.db, archive/2025.db
	Bytes   int64
	Schema  int
	Buckets int
	Records int
}

// MistakeTexts say what is wrong with a command line's values;
// text/template over MistakeData.
type MistakeTexts struct {
	Range    string `yaml:"range" need:"Flag,Min,Max"`   // a number out of {{.Min}}..{{.Max}}: {{.Flag}} {{.Value}}
	Date     string `yaml:"date" need:"Flag,Value"`      // not a day written YYYY-MM-DD
	Together string `yaml:"together" need:"Flag,Other"`  // {{.Flag}} {{.Value}} needs {{.Other}}
	Format   string `yaml:"format" need:"Value,Choices"` // an output format there is not
	Number   string `yaml:"number" need:"Value"`         // not an order's number
	Status   string `yaml:"status" need:"Value,Choices"` // not an order's state: {{.Choices}} code/name, joined by 、
	AtLeast  string `yaml:"at_least" need:"Flag,Least"`  // a value below its least: {{.Flag}} {{.Value}} {{.Least}}
	NoOrder  string `yaml:"no_order" need:"Value"`       // tickets show: no order of that number (exit code 1)
}

// MistakeData is what the mistakes are filled with.
type MistakeData struct {
	Flag    string // the option: --days
	Value   string // what was given
	Other   string // the option it needs
	Choices string // what may be given
	Least   string // the least value allowed (at_least)
	Min     int
	Max     int
}

// UsageTexts are hotline help's list of commands, each command's usage
// (hotline COMMAND --help, and after a mistake in its arguments) and the
// one line a mistake in a command line gets (exit code 2);
// text/template over UsageData.
type UsageTexts struct {
	Help           string        `yaml:"help"`                           // the heading of hotline help
	Command        string        `yaml:"command" need:"Name,Summary"`    // a line of its list
	UnknownCommand string        `yaml:"unknown_command" need:"Command"` // hotline frobnicate
	BadFlag        string        `yaml:"bad_flag" need:"Flag"`           // an option the command does not have
	BadValue       string        `yaml:"bad_value" need:"Flag,Value"`    // --days abc
	NoValue        string        `yaml:"no_value" need:"Flag"`           // --data at the end
	BadSyntax      string        `yaml:"bad_syntax" need:"Flag"`         // ---data, -=x
	Mistake        string        `yaml:"mistake" need:"Command"`         // what follows a mistake: where the usage is
	Commands       CommandUsages `yaml:"commands"`
	// OSErrors word the operating system's common errors about a file
	// (in a command's error, in place of Go's English "open PATH: no such
	// file or directory").
	OSErrors OSErrorTexts `yaml:"os_errors"`
}

// OSErrorTexts word an error of the operating system about a file, by
// kind; text/template over OSErrorData.
type OSErrorTexts struct {
	NotExist   string `yaml:"not_exist" need:"Path"`
	Exist      string `yaml:"exist" need:"Path"`
	Permission string `yaml:"permission" need:"Path"`
	IsDir      string `yaml:"is_dir" need:"Path"`
	NotDir     string `yaml:"not_dir" need:"Path"`
	DiskFull   string `yaml:"disk_full" need:"Path"`
	ReadOnly   string `yaml:"read_only" need:"Path"`
	// AddrInUse: the address serve would listen on is taken ({{.Path}}:
	// the address).
	AddrInUse string `yaml:"addr_in_use" need:"Path"`
}

// OSErrorData is what an operating system's error is worded with.
type OSErrorData struct {
	Path string // the file, or OLD → NEW for a rename
	Op   string // what was done: open, read, write, mkdir, rename, …
}

// CommandUsages are each command's one-line summary (hotline help) and
// usage (its synopsis and options).
type CommandUsages struct {
	Serve    CommandUsage `yaml:"serve"`
	Classify CommandUsage `yaml:"classify"`
	Train    CommandUsage `yaml:"train"`
	Eval     CommandUsage `yaml:"eval"`
	KB       CommandUsage `yaml:"kb"`
	Tickets  CommandUsage `yaml:"tickets"`
	Users    CommandUsage `yaml:"users"`
	Report   CommandUsage `yaml:"report"`
	Demo     CommandUsage `yaml:"demo"`
	Backup   CommandUsage `yaml:"backup"`
	Restore  CommandUsage `yaml:"restore"`
	Check    CommandUsage `yaml:"check"`
	Archive  CommandUsage `yaml:"archive"`
	Compact  CommandUsage `yaml:"compact"`
	Config   CommandUsage `yaml:"config"`
	Bench    CommandUsage `yaml:"bench"`
	Version  CommandUsage `yaml:"version"`
}

// Of returns the usage of the command named name (its key), and whether
// there is one.
func (u CommandUsages) Of(name string) (CommandUsage, bool) {
	rv := reflect.ValueOf(u)
	for i := range rv.NumField() {
		if yamlName(rv.Type().Field(i)) == name {
			return rv.Field(i).Interface().(CommandUsage), true
		}
	}
	return CommandUsage{}, false
}

// CommandUsage is one command's words.
type CommandUsage struct {
	Summary string `yaml:"summary"`
	Usage   string `yaml:"usage"`
}

// UsageData is what the usage texts are filled with.
type UsageData struct {
	Command string // the command: archive, kb import
	Name    string // a command of the list
	Summary string // its summary
	Flag    string // the option as given: --compat
	Value   string // the value given to it
}

// KBTexts are what hotline kb import, search and list write; text/template
// over KBData.
type KBTexts struct {
	Imported     string `yaml:"imported" need:"Read,Added,Replaced"` // kb import: {{.File}} read, merged into {{.Base}}
	BaseExisting string `yaml:"base_existing" need:"Out"`            // {{.Base}}: the --out file that held entries
	BaseStarter  string `yaml:"base_starter"`                        // {{.Base}}: the embedded starter set
	Written      string `yaml:"written" need:"Out,Count"`
	SetFile      string `yaml:"set_file" need:"Out"` // --out is not what serve loads by itself
	Restart      string `yaml:"restart"`             // it is: serve loads it when it starts
	NoFile       string `yaml:"no_file" need:"File"` // the file to import or --kb does not exist
	NoEntries    string `yaml:"no_entries" need:"File"`
	Invalid      string `yaml:"invalid" need:"File"` // {{.Error}}: what is wrong with the file's entries
	NoHits       string `yaml:"no_hits"`             // kb search
	// Hit is one result of kb search: {{.Rank}} {{.Score}} {{.ID}}
	// {{.Question}} {{.Answer}} (shortened), {{.Answers}} when the first
	// reaches {{.Threshold}}.
	Hit   string `yaml:"hit" need:"ID,Question"`
	Below string `yaml:"below" need:"Threshold"`   // the best score is below the threshold
	Entry string `yaml:"entry" need:"ID,Question"` // a line of kb list: {{.Category}} {{.Department}}
	Total string `yaml:"total" need:"Count"`
	// Problems word what is wrong with an entry of a knowledge-base file
	// (nlp.KBProblem), one line each inside invalid's {{.Error}}.
	Problems KBProblemTexts `yaml:"problems"`
}

// ToolTexts are the human lines of hotline bench, train and eval;
// text/template over ToolData. The lines that scripts and README read stay
// in Go, unchanged, after them: bench's last line "ratio R (gateway G
// msg/s, bbolt ceiling C writes/s, p99 P ms)", the soak table and eval's
// tables and last line "macro-F1 0.xxx".
type ToolTexts struct {
	BenchStart   string `yaml:"bench_start" need:"Clients,Seconds,Path"`
	BenchPeak    string `yaml:"bench_peak" need:"Rate,P99"`
	BenchHalf    string `yaml:"bench_half" need:"Offered,Rate,P99"`
	BenchAgents  string `yaml:"bench_agents" need:"Agents,Rate,EventP99"`
	BenchCeiling string `yaml:"bench_ceiling" need:"Ceiling"`
	// BenchGood, BenchFair and BenchLow explain the ratio (the line before
	// the machine line): 0.5 or more, 0.2 or more, less.
	BenchGood   string `yaml:"bench_good" need:"Ratio"`
	BenchFair   string `yaml:"bench_fair" need:"Ratio"`
	BenchLow    string `yaml:"bench_low" need:"Ratio"`
	BenchFailed string `yaml:"bench_failed"` // every request of the peak phase failed
	SoakStart   string `yaml:"soak_start" need:"Rate,Total,Every"`
	// StartupStart, StartupRun and StartupMedian are bench --startup's.
	StartupStart  string `yaml:"startup_start" need:"Database,Runs"`
	StartupRun    string `yaml:"startup_run" need:"Run,Millis,MB"`
	StartupMedian string `yaml:"startup_median" need:"Millis,MB"`
	// StartupBuilding and StartupBuilt are --startup's progress while it
	// builds its database ({{.Done}} of {{.Of}} MB, {{.Orders}} orders)
	// and its end ({{.Took}} seconds).
	StartupBuilding string `yaml:"startup_building" need:"Done,Of"`
	StartupBuilt    string `yaml:"startup_built" need:"Orders"`
	// TrainStage is train's progress (on standard error, rewritten in
	// place), Trained its result.
	TrainStage string `yaml:"train_stage" need:"Done,Of"`
	// StageFeatures, StageTrain and StageCalibrate name train's stages
	// ({{.Stage}}).
	StageFeatures  string `yaml:"stage_features"`
	StageTrain     string `yaml:"stage_train"`
	StageCalibrate string `yaml:"stage_calibrate"`
	Trained        string `yaml:"trained" need:"Examples,Labels,Path"`
	// EvalSummary is eval's first line, before its tables.
	EvalSummary string `yaml:"eval_summary" need:"Examples,Accuracy"`
	// EvalColumns heads eval's table of the classes (precision, recall,
	// F1, support, label: five names, separated by |), EvalConfusion its
	// confusion matrix.
	EvalColumns   string `yaml:"eval_columns"`
	EvalConfusion string `yaml:"eval_confusion"`
	// WriteFailed says train could not write its model to {{.Path}}:
	// {{.Detail}}, the cause (an operating system's error, worded).
	WriteFailed string `yaml:"write_failed" need:"Path,Detail"`
	// BadModel says a file given as a model (eval --model) is not one
	// hotline train wrote; BadData that a file given as data (--data)
	// is not one train and eval read.
	BadModel string `yaml:"bad_model" need:"Path"`
	BadData  string `yaml:"bad_data" need:"Path"`
	// StartupFailed says why a start of bench --startup failed
	// ({{.Run}}): serve stopped, and said {{.Detail}}; StartupSlow that
	// it did not answer within {{.Seconds}} seconds; NoMemory that its
	// resident size could not be read ({{.Path}}: the process's status
	// file).
	StartupFailed string `yaml:"startup_failed" need:"Run,Detail"`
	StartupSlow   string `yaml:"startup_slow" need:"Run,Seconds"`
	StartupSilent string `yaml:"startup_silent" need:"Run"` // serve stopped without a word: {{.Code}}, its exit code
	NoMemory      string `yaml:"no_memory" need:"Path"`
	// AgentsFailed says the agents' phase of bench could not measure the
	// console's event streams: {{.Detail}}.
	AgentsFailed string `yaml:"agents_failed" need:"Detail"`
	// RequestFailed says a request of bench to {{.Path}} failed:
	// {{.Detail}} (what the server answered, or that none answers).
	RequestFailed string `yaml:"request_failed" need:"Path,Detail"`
	TimedOut      string `yaml:"timed_out"` // request_failed's {{.Detail}}: no answer in time
}

// ToolData is what the lines of hotline bench, train and eval are filled
// with; numbers are formatted already.
type ToolData struct {
	Clients  int
	Seconds  string // a phase's length
	Path     string // the database, the model file, or the serve binary
	Database string // startup: the database serve opens
	Rate     string // messages a second done
	Offered  string // messages a second offered (half load)
	Orders   int64
	P50      string // milliseconds
	P99      string
	Errors   int64
	Agents   int
	Streams  int
	Triggers int
	Received int
	EventP50 string // milliseconds from an order's change to its event on a console
	EventP99 string
	EventMax string
	Ceiling  string // durable writes a second of bare bbolt
	Delay    string // the batch delay, milliseconds
	Ratio    string
	Total    string // soak: how long
	Every    string // soak: a line every
	Runs     int    // startup: how many starts
	Run      int
	Millis   string
	MB       string
	Stage    string // train: what it does (a stage of textclf.Train)
	Done     int
	Of       int // train: of how many
	Examples int
	Labels   int
	Took     string // seconds
	Accuracy string
	Detail   string // a failure's cause, worded
	Code     int    // a process's exit code
}

// KBProblemTexts word each kind of nlp.KBProblem; text/template over
// KBProblemData. At and Entry say where, before the problem.
type KBProblemTexts struct {
	At           string `yaml:"at" need:"Line"`     // a line of a file: {{.File}} {{.Line}} {{.Problem}}
	AtFile       string `yaml:"at_file"`            // the file as a whole: {{.File}} {{.Problem}}
	Entry        string `yaml:"entry" need:"Entry"` // an entry of a merged list: {{.Entry}} {{.Problem}}
	NoID         string `yaml:"no_id"`
	NoQuestion   string `yaml:"no_question" need:"ID"`
	NoAnswer     string `yaml:"no_answer" need:"ID"`
	DuplicateID  string `yaml:"duplicate_id" need:"ID,Prev"`
	UnknownField string `yaml:"unknown_field" need:"Field"`
	WrongType    string `yaml:"wrong_type"` // {{.Field}}, when known
	BadJSON      string `yaml:"bad_json"`   // {{.Column}}: the byte where the JSON breaks, when known
	Unclosed     string `yaml:"unclosed"`
	TwoValues    string `yaml:"two_values"`
	NotList      string `yaml:"not_list"`
	NotMapping   string `yaml:"not_mapping"`
	BadYAML      string `yaml:"bad_yaml" need:"Detail"` // {{.Detail}}: the syntax error, worded as config check words it
}

// KBProblemData is what a knowledge-base problem's words are filled with.
type KBProblemData struct {
	File    string
	Line    int
	Entry   int
	ID      string
	Field   string
	Prev    int
	Column  int64
	Detail  string
	Problem string // At, AtFile, Entry: the problem's words
}

// Text returns the words of kind (an nlp.KBProblemKind) in t; "" for a
// kind it does not know.
func (t KBProblemTexts) Text(kind string) string {
	rv := reflect.ValueOf(t)
	for i := range rv.NumField() {
		if yamlName(rv.Type().Field(i)) == kind && kind != "at" && kind != "at_file" && kind != "entry" {
			return rv.Field(i).String()
		}
	}
	return ""
}

// YAMLMessage words a yaml.v3 syntax error (its Error text) as config check
// does: the line, then what is wrong in zh-CN.
func YAMLMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := syntaxErrRE.FindStringSubmatch(err.Error()); m != nil {
		return "第 " + m[1] + " 行：" + yamlMessage(m[2])
	}
	return yamlMessage(msg)
}

// KBData is what hotline kb's lines are filled with.
type KBData struct {
	File       string // the file imported
	Out        string // the file written
	Base       string // what the import merged into (base_existing or base_starter)
	Read       int    // entries in File
	Added      int
	Replaced   int // entries of the same id replaced
	Count      int // entries written or listed
	Rank       int // a search result's place, from 1
	Score      string
	Threshold  string // nlp.kb.threshold: the score at which the bot answers
	Answers    bool   // the first result reaches Threshold
	ID         string
	Question   string
	Answer     string
	Category   string
	Department string
	Error      string
}

// ArchiveTexts are what hotline archive and hotline compact write;
// text/template over ArchiveData.
type ArchiveTexts struct {
	// Done and DryRun sum a run up: {{.Orders}} {{.Conversations}}
	// {{.Messages}} moved to the archives of {{.Years}}, {{.Masked}}
	// records masked in them and {{.MaskedLive}} in the live file, with
	// {{.RemovedUploads}} uploads' content, {{.Settled}} records of an
	// interrupted run, {{.Through}} the server's URL.
	Done          string `yaml:"done" need:"Orders,Masked"`
	DryRun        string `yaml:"dry_run" need:"Orders,Masked"`
	FreePages     string `yaml:"free_pages"` // masked values stay in free pages until a compaction
	NothingToDo   string `yaml:"nothing_to_do"`
	NoDatabase    string `yaml:"no_database" need:"Path"`
	ServerRunning string `yaml:"server_running"`           // after the database's error, while a server holds it
	Failed        string `yaml:"failed" need:"Path,Error"` // the run stopped: running it again finishes it
	// Compacted and CompactedOnline: {{.Path}} {{.Before}} {{.After}}
	// bytes, {{.Through}} {{.Pause}}; then OldDeleted or OldKept: {{.Kept}}.
	Compacted       string `yaml:"compacted" need:"Before,After"`
	CompactedOnline string `yaml:"compacted_online" need:"Before,After"`
	OldDeleted      string `yaml:"old_deleted" need:"Kept"`
	OldKept         string `yaml:"old_kept" need:"Kept"`
	OldNotDeleted   string `yaml:"old_not_deleted" need:"Kept"` // the server compacted but could not delete it
}

// ArchiveData is what hotline archive's and compact's lines are filled
// with.
type ArchiveData struct {
	Orders, Conversations, Messages int
	Years                           string // the archives' years, 2024、2025
	Masked                          int    // records masked in the archives
	MaskedLive                      int    // and in the live file
	RemovedUploads                  int
	Settled                         int
	Through                         string // the server's URL, when it ran there
	Path                            string // the database
	Error                           string
	Before, After                   int64  // the file's bytes
	Pause                           string // how long the server's writes waited
	Kept                            string // the previous file
}

// ReportFileData is what report_written is filled with.
type ReportFileData struct {
	Kind   string // the report's name (names: 月报)
	Period string // its period's label (periods: 2026年11月)
	Path   string
	Bytes  int
}

// ClassifyTexts are what hotline classify writes: a text's fields, one a
// line, and why a line of --json was not classified; text/template over
// ClassifyData.
type ClassifyTexts struct {
	Emergency string         `yaml:"emergency" need:"Reason"` // first, for an emergency: {{.Reason}} and {{.Reply}}
	Field     string         `yaml:"field" need:"Name,Value"` // a field: {{.Name}}, {{.Value}}, {{.Confidence}} (empty when none)
	Fields    ClassifyFields `yaml:"fields"`                  // the fields' names, in their order
	None      string         `yaml:"none"`                    // the value of a field not found
	LineError string         `yaml:"line_error" need:"Line,Error"`
	BadJSON   string         `yaml:"bad_json"`   // the line is no JSON object
	NoText    string         `yaml:"no_text"`    // it has no "text"
	EmptyText string         `yaml:"empty_text"` // its text is empty (also a text argument)
	TooLong   string         `yaml:"too_long"`   // over {{.Max}} bytes
}

// ClassifyFields name the fields hotline classify writes.
type ClassifyFields struct {
	Title      string `yaml:"title"`
	Type       string `yaml:"type"`
	Category   string `yaml:"category"`
	Department string `yaml:"department"`
	District   string `yaml:"district"`
	Town       string `yaml:"town"`
	Address    string `yaml:"address"`
	Phones     string `yaml:"phones"`
	Name       string `yaml:"name"`
	Urgency    string `yaml:"urgency"`
}

// ClassifyData is what hotline classify's lines are filled with.
type ClassifyData struct {
	Name       string // a field's name (fields)
	Value      string // its value, or none
	Confidence string // the classifier's confidence in it, 0.87, or empty
	Reason     string // an emergency's reason (ticket.EmergencyReason.Text)
	Reply      string // what the citizen is told to do
	Line       string // the line of --json
	Error      string // why it was not classified
	Max        string // the longest line, in bytes
}

// DemoData is what hotline demo's lines are filled with.
type DemoData struct {
	Done         string // requests simulated so far
	Requests     string // citizens' requests: all, or asked for
	Orders       string // work orders registered
	Dispatched   string
	Returned     string
	Extended     string
	Reopened     string
	Rated        string
	LeaderItems  string // 领导接听件
	Instructions string // 批示件
	Day          string // the simulated day reached, 2026-11-30
	From, To     string // the history's first and last day
	Took         string // how long it took: 1m23s
	Path         string // the database
}

// TicketListColumns are the columns of tickets list.
type TicketListColumns struct {
	Number     string `yaml:"number"`
	Status     string `yaml:"status"`
	Category   string `yaml:"category"`
	Department string `yaml:"department"`
	District   string `yaml:"district"`
	Due        string `yaml:"due"`
	Title      string `yaml:"title"`
}

// UserListColumns are the columns of users list.
type UserListColumns struct {
	Name        string `yaml:"name"`
	DisplayName string `yaml:"display_name"`
	Role        string `yaml:"role"`
	Department  string `yaml:"department"`
	State       string `yaml:"state"`
	Created     string `yaml:"created"`
}

// ListData is what a listing's lines are filled with.
type ListData struct {
	Count int    // the rows listed
	Path  string // an archive's file
}

// UserData is what the users commands' lines are filled with.
type UserData struct {
	Name       string // the account
	Role       string // its role's label (console_labels.roles)
	Department string // its department, or empty
	Min        int    // the shortest password allowed
}

func (v *validator) commandLineTexts() {
	const p = "report_texts.command_line"
	t := v.c.ReportTexts.CommandLine
	list := ListData{Count: 3, Path: "data/archive-2025.db"}
	user := UserData{Name: "wang", Role: "话务员", Department: "市公安局", Min: 8}
	v.docTemplate(p+".tickets_total", t.TicketsTotal, "", list)
	v.docTemplate(p+".users_total", t.UsersTotal, "", list)
	v.docTemplate(p+".archived", t.Archived, "", list)
	v.docTemplate(p+".user_added", t.UserAdded, "Name", user)
	v.docTemplate(p+".password_set", t.PasswordSet, "Name", user)
	v.docTemplate(p+".user_enabled", t.UserEnabled, "Name", user)
	v.docTemplate(p+".user_disabled", t.UserDisabled, "Name", user)
	v.docTemplate(p+".password_prompt", t.PasswordPrompt, "", user)
	v.docTemplate(p+".new_password_prompt", t.NewPasswordPrompt, "", user)
	v.docTemplate(p+".password_again", t.PasswordAgain, "", user)
	demo := DemoData{Done: "1000", Requests: "5000", Orders: "4200", Dispatched: "3900", Returned: "120", Extended: "80",
		Reopened: "60", Rated: "3000", LeaderItems: "12", Instructions: "9", Day: "2026-08-01", From: "2026-08-01",
		To: "2026-11-30", Took: "1m23s", Path: "data/hotline.db"}
	v.docTemplate(p+".demo_progress", t.DemoProgress, "Done", demo)
	v.docTemplate(p+".demo_summary", t.DemoSummary, "Orders,Path", demo)
	v.docTemplate(p+".demo_not_empty", t.DemoNotEmpty, "Path", demo)
	v.filledTemplates(p+".kb", t.KB, KBData{File: "kb.yaml", Out: "data/kb.jsonl", Base: "内置知识库", Read: 3, Added: 2, Replaced: 1,
		Count: 35, Rank: 1, Score: "0.912", Threshold: "0.55", Answers: true, ID: "water-bill", Question: "怎么交水费？",
		Answer: "可通过…", Category: "供水", Department: "市水务集团", Error: "第 3 行：缺少 question"})
	v.filledTemplates(p+".tools", t.Tools, ToolData{Clients: 32, Seconds: "10", Path: "/tmp/hotline-bench/gateway", Database: "/tmp/startup/hotline.db", Rate: "850",
		Offered: "425", Orders: 2000, P50: "12.5", P99: "80.2", Errors: 0, Agents: 50, Streams: 50, Triggers: 400, Received: 20000,
		EventP50: "1.9", EventP99: "8.0", EventMax: "20.1", Ceiling: "1500", Delay: "10.0", Ratio: "0.57", Total: "1h0m0s",
		Every: "1m0s", Runs: 5, Run: 1, Millis: "420", MB: "95", Stage: "train", Done: 3, Of: 31, Examples: 5000, Labels: 31,
		Took: "12.3", Accuracy: "0.912", Detail: "data/hotline.db 不存在", Code: 1})
	if n := len(strings.Split(t.Tools.EvalColumns, "|")); strings.TrimSpace(t.Tools.EvalColumns) != "" && n != 5 {
		v.add(p+".tools.eval_columns", msgEvalColumns, n)
	}
	v.filledTemplates(p+".usage.os_errors", t.Usage.OSErrors, OSErrorData{Path: "data/hotline.db", Op: "open"})
	v.filledTemplates(p+".show", t.Show, ShowData{Name: "类别", Value: "市容环卫", Time: "2026-11-30 09:05", Actor: "智能助手",
		Action: "派单", Change: "已受理 → 已派单", Note: "主办：市城管局", Fields: "类别：市容环卫 → 市政设施"})
	v.filledTemplates(p+".failures", t.Failures, FailureData{Path: "data/hotline.db", Detail: "data/hotline.db 不存在", Version: 9, Reads: 8})
	v.filledTemplates(p+".examples", t.Examples, ExampleData{File: "train.jsonl", Line: 12, Field: "label"})
	v.filledTemplates(p+".damage", t.Damage, DamageData{Size: 20000, Want: 217088, Version: 12, Reads: 8, Name: "tickets"})
	v.filledTemplates(p+".kb.problems", t.KB.Problems, KBProblemData{File: "kb.yaml", Line: 3, Entry: 2, ID: "water-bill", Field: "anwser",
		Prev: 1, Column: 12, Detail: "第 2 行：找不到应有的键", Problem: "缺少 question"})
	v.filledTemplates(p+".archive", t.Archive, ArchiveData{Orders: 120, Conversations: 80, Messages: 900, Years: "2024、2025", Masked: 300,
		MaskedLive: 40, RemovedUploads: 2, Settled: 1, Through: "http://127.0.0.1:8080", Path: "data/hotline.db", Error: "timeout",
		Before: 1 << 30, After: 1 << 29, Pause: "1.2s", Kept: "data/hotline.db.old"})
	v.docTemplate(p+".report_written", t.ReportWritten, "Path", ReportFileData{Kind: "月报", Period: "2026年11月",
		Path: "report.xlsx", Bytes: 48213})
	v.filledTemplates(p+".usage", t.Usage, UsageData{Command: "archive", Name: "archive", Summary: "归档", Flag: "--compat", Value: "abc"})
	v.filledTemplates(p+".mistakes", t.Mistakes, MistakeData{Flag: "--days", Value: "0", Other: "--out", Choices: "json、xlsx、html", Least: "1",
		Min: 1, Max: 3660})
	v.filledTemplates(p+".backup", t.Backup, BackupData{Path: "backup.db", From: "backup.db", Through: "http://127.0.0.1:8080",
		Kept: "data/hotline.db.before-restore", Files: "hotline.db、archive/2025.db", Bytes: 1 << 20, Schema: 6, Buckets: 20, Records: 1000})
	v.docTemplate(p+".serve_banner", t.ServeBanner, "Console,Token,Database", BannerData{Version: "dev", Addr: "[::]:8080",
		Chat: "http://127.0.0.1:8080/chat/", Console: "http://127.0.0.1:8080/desk/", API: "http://127.0.0.1:8080/api/queue",
		Token: "3f9a", Health: "http://127.0.0.1:8080/healthz", Metrics: "http://127.0.0.1:8080/metrics", Database: "data/hotline.db"})
	cl := ClassifyData{Name: "类别", Value: "市容环卫", Confidence: "0.87", Reason: "应拨打 119", Reply: "请立即拨打 119",
		Line: "3", Error: "text为空", Max: "4194304"}
	for _, c := range []struct{ key, text, need string }{{"emergency", t.Classify.Emergency, "Reason"},
		{"field", t.Classify.Field, "Name,Value"}, {"line_error", t.Classify.LineError, "Line,Error"}, {"too_long", t.Classify.TooLong, ""}} {
		// texts reports an empty one.
		if strings.TrimSpace(c.text) != "" && v.template(p+".classify."+c.key, c.text, cl) {
			v.needs(p+".classify."+c.key, c.text, c.need, cl)
		}
	}
}

// filledTemplates is templates for a section v.texts has checked for
// empty texts already: it checks only the texts that are set.
func (v *validator) filledTemplates(section string, texts, sample any) {
	rv := reflect.ValueOf(texts)
	for i := range rv.NumField() {
		text := rv.Field(i)
		if text.Kind() != reflect.String || strings.TrimSpace(text.String()) == "" {
			continue
		}
		p := section + "." + yamlName(rv.Type().Field(i))
		if v.template(p, text.String(), sample) {
			v.needs(p, text.String(), rv.Type().Field(i).Tag.Get("need"), sample)
		}
	}
}
