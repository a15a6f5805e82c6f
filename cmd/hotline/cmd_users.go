package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"hotline/config"
	"hotline/desk"
	"hotline/store"
)

// cmdUsers manages console accounts: users add NAME --role R
// [--department D], users passwd NAME, users enable NAME, users disable
// NAME, users list. Passwords come from
// --password-stdin or an interactive prompt that does not echo; there is
// no default password.
func cmdUsers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usersMain(args, os.Stdin, stdout, stderr)
}

func usersMain(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	// Accept the name before the flags (users add wang --role agent).
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	fs := newFlagSet("users "+sub, stderr)
	var cf commonFlags
	cf.register(fs)
	role := fs.String("role", "", "the account's `ROLE`: admin, agent, department, supervisor or leader")
	dept := fs.String("department", "", "the `DEPARTMENT` a department account belongs to (a name from the config)")
	display := fs.String("display-name", "", "the `NAME` citizens and colleagues see (王芳); never the login name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	switch sub {
	case "add", "passwd", "enable", "disable":
		if name == "" {
			return errUsage
		}
		if sub == "add" && *role == "" {
			return errUsage
		}
	case "list":
	default:
		return errUsage
	}
	readOnly := sub == "list"
	st, err := store.Open(cf.dbPath(cfg), &store.Options{ReadOnly: readOnly, Timeout: 500 * time.Millisecond})
	if err != nil {
		return serverHolds(err, cfg.ReportTexts.CommandLine.ServerHolds.Users)
	}
	defer st.Close()
	switch sub {
	case "list":
		users, err := desk.Users(st)
		if err != nil {
			return err
		}
		cl := cfg.ReportTexts.CommandLine
		rows := [][]string{config.Columns(cl.Users)}
		for _, u := range users {
			state := cl.Enabled
			if u.Disabled {
				state = cl.Disabled
			}
			rows = append(rows, []string{u.Name, u.DisplayName, cfg.ConsoleLabels.Roles.Label(u.Role) + " (" + u.Role + ")", u.Department, state,
				u.CreatedAt.In(cfg.Location()).Format("2006-01-02 15:04")})
		}
		rows = append(rows, []string{config.Render(cl.UsersTotal, config.ListData{Count: len(users)})})
		return writeColumns(stdout, rows, 2)
	case "add":
		// Check everything but the password before asking for it.
		if _, err := desk.NewUser(cfg, name, *role, *dept, strings.Repeat("x", desk.MinPasswordLen), time.Now()); err != nil {
			return usageError{userError(cfg, err).Error()}
		}
		*display = strings.TrimSpace(*display)
		if utf8.RuneCountInString(*display) > desk.MaxDisplayName || strings.ContainsAny(*display, "\r\n\t<>") {
			return usageError{config.Render(cfg.HTTPErrors.Desk.DisplayName, config.HTTPErrorData{Max: desk.MaxDisplayName})}
		}
		pw, err := readPassword(stdin, stderr, *fromStdin, cfg.ReportTexts.CommandLine, cfg.ReportTexts.CommandLine.PasswordPrompt, name)
		if err != nil {
			return err
		}
		u, err := desk.NewUser(cfg, name, *role, *dept, pw, time.Now())
		if err != nil {
			return userError(cfg, err)
		}
		u.DisplayName = *display
		if err := desk.AddUser(st, u, "cli"); err != nil {
			return userError(cfg, err)
		}
		fmt.Fprintln(stdout, config.Render(cfg.ReportTexts.CommandLine.UserAdded, config.UserData{Name: u.Name, Role: cfg.ConsoleLabels.Roles.Label(u.Role), Department: u.Department}))
		return nil
	case "enable", "disable":
		disable := sub == "disable"
		if _, err := desk.SetDisabled(st, name, disable, "cli", time.Now()); err != nil {
			return userError(cfg, err)
		}
		say := cfg.ReportTexts.CommandLine.UserEnabled
		if disable {
			say = cfg.ReportTexts.CommandLine.UserDisabled
		}
		fmt.Fprintln(stdout, config.Render(say, config.UserData{Name: name}))
		return nil
	default: // passwd
		pw, err := readPassword(stdin, stderr, *fromStdin, cfg.ReportTexts.CommandLine, cfg.ReportTexts.CommandLine.NewPasswordPrompt, name)
		if err != nil {
			return err
		}
		if err := desk.SetPassword(st, name, pw, "cli", time.Now()); err != nil {
			return userError(cfg, err)
		}
		fmt.Fprintln(stdout, config.Render(cfg.ReportTexts.CommandLine.PasswordSet, config.UserData{Name: name}))
		return nil
	}
}

// readPassword reads the password from the first line of stdin, or asks
// twice on the terminal without echo, with prompt (a template of t) for
// the account name.
func readPassword(stdin io.Reader, stderr io.Writer, fromStdin bool, t config.CommandLineTexts, prompt, name string) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", errors.New(t.NoPassword)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError{t.NoTerminal}
	}
	user := config.UserData{Name: name, Min: desk.MinPasswordLen}
	fmt.Fprint(stderr, config.Render(prompt, user))
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(stderr, config.Render(t.PasswordAgain, user))
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New(t.PasswordsDiffer)
	}
	return string(a), nil
}

// userError says why an account was refused in the console's words
// (http_errors.desk, http_errors.user_exists), as the console says it.
func userError(cfg *config.Config, err error) error {
	var ue *desk.UserError
	switch {
	case errors.As(err, &ue):
		return errors.New(config.Render(ue.Zh(&cfg.HTTPErrors), ue.Data))
	case errors.Is(err, desk.ErrUserExists):
		return errors.New(cfg.HTTPErrors.UserExists)
	}
	return err
}
