package config

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// EnvPrefix starts the name of every environment variable that overrides
// a setting.
const EnvPrefix = "HOTLINE_"

// envVar is one overridable setting.
type envVar struct {
	name string       // HOTLINE_WECHAT_TOKEN
	path string       // channels.wechat.token
	idx  []int        // field index path from Config
	typ  reflect.Type // the field's type
	kind reflect.Kind // its kind
}

// envVars lists every single setting (text, number, true/false, duration)
// of the nested sections, named after its YAML path: server.addr is
// HOTLINE_SERVER_ADDR, nlp.llm.api_key is HOTLINE_NLP_LLM_API_KEY. The
// channels.* sections drop the CHANNELS_ part: HOTLINE_WECHAT_TOKEN.
// Lists and mappings have no variable.
func envVars() []envVar {
	var out []envVar
	var walk func(t reflect.Type, idx []int, path, name string)
	walk = func(t reflect.Type, idx []int, path, name string) {
		for i := range t.NumField() {
			f := t.Field(i)
			key := yamlName(f)
			if !f.IsExported() || key == "" {
				continue
			}
			fi := append(slices.Clone(idx), i)
			fp := joinPath(path, key)
			fn := name + strings.ToUpper(key)
			if path == "channels" {
				fn = EnvPrefix + strings.ToUpper(key)
			}
			if f.Type == durationType {
				out = append(out, envVar{fn, fp, fi, f.Type, f.Type.Kind()})
				continue
			}
			switch f.Type.Kind() {
			case reflect.Struct:
				walk(f.Type, fi, fp, fn+"_")
			case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64,
				reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				out = append(out, envVar{fn, fp, fi, f.Type, f.Type.Kind()})
			}
		}
	}
	walk(reflect.TypeFor[Config](), nil, "", EnvPrefix)
	return out
}

// EnvVars returns the names of the environment variables that override a
// setting, in the order of the config file.
func EnvVars() []string {
	vars := envVars()
	names := make([]string, len(vars))
	for i, ev := range vars {
		names[i] = ev.name
	}
	return names
}

// EnvPath returns the YAML path of the setting that environment variable
// name overrides ("HOTLINE_WECHAT_TOKEN" → "channels.wechat.token").
func EnvPath(name string) (string, bool) {
	for _, ev := range envVars() {
		if ev.name == name {
			return ev.path, true
		}
	}
	return "", false
}

// ApplyEnv overrides settings of cfg with the HOTLINE_* variables that
// getenv returns non-empty (an empty variable leaves the setting alone).
// It applies every valid variable and returns Problems naming each
// variable whose value does not fit its setting.
func ApplyEnv(cfg *Config, getenv func(string) string) error {
	var probs Problems
	root := reflect.ValueOf(cfg).Elem()
	for _, ev := range envVars() {
		raw := getenv(ev.name)
		if raw == "" {
			continue
		}
		field := root.FieldByIndex(ev.idx)
		if err := setFromString(field, ev, raw); err != nil {
			probs = append(probs, Problem{Path: ev.name, Msg: err.Error()})
			continue
		}
		delete(cfg.lines, ev.path)
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

// setFromString parses raw for the setting ev and stores it in field.
func setFromString(field reflect.Value, ev envVar, raw string) error {
	s := strings.TrimSpace(raw)
	if ev.typ == durationType {
		d, err := ParseDuration(s)
		if err != nil {
			return msgEnvDuration.err(err.Error(), ev.path)
		}
		field.SetInt(int64(d))
		return nil
	}
	switch ev.kind {
	case reflect.String:
		field.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return msgEnvBool.err(raw, ev.path)
		}
		field.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, ev.typ.Bits())
		if err != nil {
			return msgEnvInt.err(raw, ev.path)
		}
		field.SetInt(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, ev.typ.Bits())
		if err != nil {
			return msgEnvFloat.err(raw, ev.path)
		}
		field.SetFloat(f)
	default:
		return msgEnvNotSet.err()
	}
	return nil
}

// otherEnv are HOTLINE_* variables that are not settings but are read by
// the program itself.
var otherEnv = map[string]bool{
	"HOTLINE_ADMIN_USER": true, "HOTLINE_ADMIN_PASSWORD": true, // first console administrator
	"HOTLINE_ARTIFACTS": true, // where browser tests save screenshots
	"HOTLINE_TEST_MAIN": true, // tests running the binary as a child
}

// UnknownEnv returns the HOTLINE_* variables in environ ("NAME=value"
// entries, as os.Environ gives them) that name no setting: most likely a
// typo such as HOTLINE_DESK_TOKN, which would otherwise be ignored in
// silence.
func UnknownEnv(environ []string) []string {
	known := map[string]bool{}
	for _, n := range EnvVars() {
		known[n] = true
	}
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix) && !known[name] && !otherEnv[name] {
			out = append(out, name)
		}
	}
	return out
}
