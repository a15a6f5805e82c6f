package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// mustDefault returns the embedded default or stops the test.
func mustDefault(t *testing.T) *Config {
	t.Helper()
	cfg, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return cfg
}

func TestDefaultLoadsAndValidates(t *testing.T) {
	cfg := mustDefault(t)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"server.addr", cfg.Server.Addr, ":8080"},
		{"server.data_dir", cfg.Server.DataDir, "./data"},
		{"server.log_format", cfg.Server.LogFormat, "text"},
		{"city.name", cfg.City.Name, "济宁市"},
		{"city.hotline", cfg.City.Hotline, "12345"},
		{"city.office", cfg.City.Office, "市长公开电话办公室"},
		{"time_limits.finish_days", cfg.TimeLimits.FinishDays, 5},
		{"time_limits.urgent_hours", cfg.TimeLimits.UrgentHours.D(), 24 * time.Hour},
		{"time_limits.emergency_hours", cfg.TimeLimits.EmergencyHours.D(), 2 * time.Hour},
		{"time_limits.max_extension_days", cfg.TimeLimits.MaxExtensionDays, 10},
		{"time_limits.workday_end_hour", cfg.TimeLimits.WorkdayEndHour, 18},
		{"bot.draft_timeout", cfg.Bot.DraftTimeout.D(), 30 * time.Minute},
		{"bot.dedupe_ttl", cfg.Bot.DedupeTTL.D(), 48 * time.Hour},
		{"bot.min_confidence", cfg.Bot.MinConfidence, 0.35},
		{"outbox.max_backoff", cfg.Outbox.MaxBackoff.D(), 10 * time.Minute},
		{"nlp.kb.threshold", cfg.NLP.KB.Threshold, 0.55},
		{"nlp.llm.timeout", cfg.NLP.LLM.Timeout.D(), 3 * time.Second},
		{"channels.wechat.reply_budget", cfg.Channels.WeChat.ReplyBudget.D(), 4 * time.Second},
		{"channels.wechat.menu_keys.REPORT", cfg.Channels.WeChat.MenuKeys["REPORT"], "我要反映"},
		{"channels.sms.rate_per_hour", cfg.Channels.SMS.RatePerHour, 10},
		{"channels.telegram.api_base_url", cfg.Channels.Telegram.APIBaseURL, "https://api.telegram.org"},
		{"channels.wechat.token", cfg.Channels.WeChat.Token, ""},
		{"desk.token", cfg.Desk.Token, ""},
		{"districts", len(cfg.Districts), 14},
		{"categories", len(cfg.Categories), 31},
		{"desk.canned_replies", len(cfg.Desk.CannedReplies), 5},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a, b := mustDefault(t), mustDefault(t)
	a.Categories[0].Keywords[0] = "changed"
	a.Channels.WeChat.MenuKeys["REPORT"] = "changed"
	if b.Categories[0].Keywords[0] == "changed" || b.Channels.WeChat.MenuKeys["REPORT"] == "changed" {
		t.Fatal("two Default values share memory")
	}
}

func TestDefaultTaxonomy(t *testing.T) {
	cfg := mustDefault(t)
	want := []string{"SRHW", "SZSS", "YLLH", "WYGL", "JZSG", "ZFBZ", "FCJY", "GS", "GD", "GQ", "GR", "GJ",
		"CZYY", "JTZX", "ZA", "LDBZ", "SB", "YB", "GJJ", "MZ", "JY", "WSJK", "SCJG", "STHJ", "ZRZY", "NCNY",
		"WHLY", "AQSC", "ZWFW", "SW", "QT"}
	var codes []string
	for _, c := range cfg.Categories {
		codes = append(codes, c.Code)
	}
	if !slices.Equal(codes, want) {
		t.Fatalf("codes = %v\nwant    %v", codes, want)
	}
	for _, c := range cfg.Categories {
		t.Run(c.Code, func(t *testing.T) {
			if n := len(c.Keywords); n < 15 || n > 30 {
				t.Errorf("%d keywords, want 15 to 30", n)
			}
			dept := c.Department
			if dept == Territorial {
				dept = c.Fallback
			}
			if _, ok := cfg.Department(dept); !ok {
				t.Errorf("department %q does not exist", dept)
			}
			for dist, d := range c.DistrictOverrides {
				if _, ok := cfg.District(dist); !ok {
					t.Errorf("override district %q does not exist", dist)
				}
				if _, ok := cfg.Department(d); !ok {
					t.Errorf("override department %q does not exist", d)
				}
			}
			wantUtility := c.Code == "GS" || c.Code == "GD" || c.Code == "GQ" || c.Code == "GR"
			if c.Utility != wantUtility {
				t.Errorf("utility = %v, want %v", c.Utility, wantUtility)
			}
		})
	}
}

func TestDefaultDistricts(t *testing.T) {
	cfg := mustDefault(t)
	seen := map[string]string{}
	for _, d := range cfg.Districts {
		gov, ok := cfg.Department(d.Government)
		if !ok || gov.Kind != KindGovernment {
			t.Errorf("%s: government %q missing or not kind government", d.Name, d.Government)
		}
		suffix := "人民政府"
		if d.Kind == DistrictKindArea {
			suffix = "管委会"
		}
		if d.Government != d.Name+suffix {
			t.Errorf("%s: government %q, want %q", d.Name, d.Government, d.Name+suffix)
		}
		if len(d.Towns) == 0 {
			t.Errorf("%s has no towns", d.Name)
		}
		for _, town := range d.Towns {
			if prev, dup := seen[town]; dup {
				t.Errorf("town %s is in %s and %s", town, prev, d.Name)
			}
			seen[town] = d.Name
		}
	}
}

func TestDefaultDepartmentKinds(t *testing.T) {
	cfg := mustDefault(t)
	tests := []struct{ name, kind string }{
		{"市长公开电话办公室", KindOffice},
		{"兖州区人民政府", KindGovernment},
		{"济宁高新区管委会", KindGovernment},
		{"市城市管理局", KindMunicipal},
		{"市税务局", KindMunicipal},
		{"中山水务公司", KindUtility},
		{"四和热力公司", KindUtility},
		{"市社会保险事业中心", KindUtility},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := cfg.Department(tt.name)
			if !ok {
				t.Fatal("missing")
			}
			if d.Kind != tt.kind {
				t.Errorf("kind %q, want %q", d.Kind, tt.kind)
			}
		})
	}
}

func TestDefaultEmergency(t *testing.T) {
	cfg := mustDefault(t)
	want := map[string]string{"119": "燃气泄漏", "120": "昏迷", "110": "持刀", "122": "车祸"}
	for _, e := range cfg.Emergency {
		cue, ok := want[e.Number]
		if !ok {
			t.Errorf("unexpected emergency number %s", e.Number)
			continue
		}
		if !slices.Contains(e.Cues, cue) {
			t.Errorf("%s: cues %v lack %s", e.Number, e.Cues, cue)
		}
		if !strings.Contains(e.Reply, e.Number) {
			t.Errorf("%s: reply does not name the number: %s", e.Number, e.Reply)
		}
		delete(want, e.Number)
	}
	if len(want) > 0 {
		t.Errorf("missing emergency numbers: %v", want)
	}
}

func TestLookups(t *testing.T) {
	cfg := mustDefault(t)
	tests := []struct {
		name string
		got  func() (string, bool)
		want string
	}{
		{"town 小孟镇", func() (string, bool) { d, ok := cfg.TownDistrict("小孟镇"); return d.Name, ok }, "兖州区"},
		{"town 尼山镇", func() (string, bool) { d, ok := cfg.TownDistrict("尼山镇"); return d.Name, ok }, "曲阜市"},
		{"town 柳行街道", func() (string, bool) { d, ok := cfg.TownDistrict("柳行街道"); return d.Name, ok }, "济宁高新区"},
		{"unknown town", func() (string, bool) { d, ok := cfg.TownDistrict("不存在镇"); return d.Name, ok }, ""},
		{"district by name", func() (string, bool) { d, ok := cfg.District("兖州区"); return d.Name, ok }, "兖州区"},
		{"district by alias", func() (string, bool) { d, ok := cfg.District("高新区"); return d.Name, ok }, "济宁高新区"},
		{"empty district", func() (string, bool) { d, ok := cfg.District(""); return d.Name, ok }, ""},
		{"department by name", func() (string, bool) { d, ok := cfg.Department("市公交公司"); return d.Name, ok }, "市公交公司"},
		{"department by alias", func() (string, bool) { d, ok := cfg.Department("城管局"); return d.Name, ok }, "市城市管理局"},
		{"unknown department", func() (string, bool) { d, ok := cfg.Department("市外星人管理局"); return d.Name, ok }, ""},
		{"category", func() (string, bool) { c, ok := cfg.Category("GR"); return c.Name, ok }, "供热"},
		{"unknown category", func() (string, bool) { c, ok := cfg.Category("XX"); return c.Name, ok }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.got()
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("got %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestRoute(t *testing.T) {
	cfg := mustDefault(t)
	tests := []struct {
		code, district, want string
	}{
		{"GR", "兖州区", "四和热力公司"},
		{"GR", "兖州", "四和热力公司"},
		{"GR", "任城区", "山东聚源热力有限责任公司"},
		{"GR", "", "山东聚源热力有限责任公司"},
		{"SRHW", "兖州区", "兖州区人民政府"},
		{"SRHW", "高新区", "济宁高新区管委会"},
		{"SRHW", "", "市城市管理局"},
		{"NCNY", "", "市农业农村局"},
		{"NCNY", "梁山县", "梁山县人民政府"},
		{"GS", "曲阜市", "中山水务公司"},
		{"QT", "", "市长公开电话办公室"},
		{"NOPE", "兖州区", "市长公开电话办公室"},
	}
	for _, tt := range tests {
		t.Run(tt.code+"/"+tt.district, func(t *testing.T) {
			if got := cfg.Route(tt.code, tt.district); got != tt.want {
				t.Errorf("Route(%q, %q) = %q, want %q", tt.code, tt.district, got, tt.want)
			}
		})
	}
}

func TestLocation(t *testing.T) {
	tests := []struct {
		zone, want string
	}{
		{"Asia/Shanghai", "Asia/Shanghai"},
		{"", "Asia/Shanghai"},
		{"Mars/Olympus", "CST"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			cfg := &Config{City: City{Timezone: tt.zone}}
			loc := cfg.Location()
			if loc.String() != tt.want {
				t.Errorf("Location = %s, want %s", loc, tt.want)
			}
			_, off := time.Date(2026, 1, 1, 12, 0, 0, 0, loc).Zone()
			if off != 8*3600 {
				t.Errorf("offset %d, want +08:00", off)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		path   string
		msg    string
	}{
		{"log format", func(c *Config) { c.Server.LogFormat = "xml" }, "server.log_format", "text or json"},
		{"log level", func(c *Config) { c.Server.LogLevel = "loud" }, "server.log_level", "debug, info"},
		{"bad addr", func(c *Config) { c.Server.Addr = "8080" }, "server.addr", "HOST:PORT"},
		{"port out of range", func(c *Config) { c.Server.Addr = "127.0.0.1:99999" }, "server.addr", "0 to 65535"},
		{"min free below -1", func(c *Config) { c.Server.MinFreeMB = -5 }, "server.min_free_mb", "megabytes"},
		{"bad timezone", func(c *Config) { c.City.Timezone = "Asia/Jining" }, "city.timezone", "IANA"},
		{"unknown office", func(c *Config) { c.City.Office = "热线办" }, "city.office", `unknown department "热线办"`},
		{"duplicate department", func(c *Config) {
			c.Departments = append(c.Departments, Department{Name: "市教育局", Kind: KindMunicipal})
		},
			"departments[42].name", `department "市教育局" is already defined`},
		{"department kind", func(c *Config) { c.Departments[1].Kind = "county" }, "departments[1].kind", "not a department kind"},
		{"duplicate district", func(c *Config) { c.Districts[1].Name = "任城区" }, "districts[1].name", "already defined"},
		{"town in two districts", func(c *Config) { c.Districts[0].Towns = append(c.Districts[0].Towns, "小孟镇") },
			"districts[1].towns[9]", `town "小孟镇" is already listed under 任城区 (districts[0].towns[15])`},
		{"district government unknown", func(c *Config) { c.Districts[2].Government = "曲阜政府" },
			"districts[2].government", `unknown department "曲阜政府"`},
		{"category department alias", func(c *Config) { c.Categories[1].Department = "城管局" },
			"categories[1].department", `"城管局" is an alias; write the department's name "市城市管理局"`},
		{"unknown category department", func(c *Config) { c.Categories[1].Department = "市城市管里局" },
			"categories[1].department", `(did you mean "市城市管理局"?)`},
		{"duplicate code", func(c *Config) { c.Categories[2].Code = "SRHW" }, "categories[2].code", `"SRHW" is already used`},
		{"empty code", func(c *Config) { c.Categories[2].Code = "" }, "categories[2].code", "must not be empty"},
		{"no keywords", func(c *Config) { c.Categories[3].Keywords = nil }, "categories[3].keywords", "no keywords"},
		{"territorial without fallback", func(c *Config) { c.Categories[0].Fallback = "" }, "categories[0].fallback", "needs a fallback"},
		{"unknown fallback", func(c *Config) { c.Categories[0].Fallback = "城管" }, "categories[0].fallback", "alias"},
		{"override district unknown", func(c *Config) {
			c.Categories[10].DistrictOverrides = map[string]string{"兖州市": "四和热力公司"}
		},
			"categories[10].district_overrides.兖州市", `unknown district "兖州市"`},
		{"override department unknown", func(c *Config) { c.Categories[10].DistrictOverrides = map[string]string{"兖州区": "四和热力"} },
			"categories[10].district_overrides.兖州区", "alias"},
		{"finish days zero", func(c *Config) { c.TimeLimits.FinishDays = 0 }, "time_limits.finish_days", "out of range"},
		{"extension too long", func(c *Config) { c.TimeLimits.MaxExtensionDays = 31 }, "time_limits.max_extension_days", "0 to 30"},
		{"emergency slower than urgent", func(c *Config) { c.TimeLimits.EmergencyHours = Duration(48 * time.Hour) },
			"time_limits.emergency_hours", "longer than urgent_hours"},
		{"zero urgent", func(c *Config) { c.TimeLimits.UrgentHours = 0 }, "time_limits.urgent_hours", "positive duration"},
		{"bad holiday", func(c *Config) { c.Calendar.Holidays = []string{"2026/10/01"} }, "calendar.holidays[0]", "YYYY-MM-DD"},
		{"holiday and workday", func(c *Config) {
			c.Calendar.Holidays = []string{"2026-10-01"}
			c.Calendar.Workdays = []string{"2026-10-01"}
		},
			"calendar.workdays[0]", "both as a holiday and as a working day"},
		{"negative draft timeout", func(c *Config) { c.Bot.DraftTimeout = Duration(-time.Minute) }, "bot.draft_timeout", "positive"},
		{"confirm and deny overlap", func(c *Config) { c.Bot.DenyWords = append(c.Bot.DenyWords, "好的") }, "bot.deny_words[8]", "also a confirm word"},
		{"no human commands", func(c *Config) { c.Bot.HumanCommands = nil }, "bot.human_commands", "at least one"},
		{"reply placeholder typo", func(c *Config) { c.Replies.Registered = "工单号 {{.Nubmer}}" }, "replies.registered", "does not fill {{.Nubmer}}"},
		{"reply template syntax", func(c *Config) { c.Replies.Status = "{{.Number" }, "replies.status", "not a valid template"},
		{"empty reply", func(c *Config) { c.Replies.Thanks = "" }, "replies.thanks", "must not be empty"},
		{"emergency number", func(c *Config) { c.Emergency[0].Number = "火警" }, "emergency[0].number", "not a phone number"},
		{"emergency cue twice", func(c *Config) { c.Emergency[1].Cues = append(c.Emergency[1].Cues, "着火") }, "emergency[1].cues[11]", "already listed for 119"},
		{"backoff order", func(c *Config) { c.Outbox.MaxBackoff = Duration(time.Millisecond) }, "outbox.max_backoff", "shorter than min_backoff"},
		{"workers", func(c *Config) { c.Outbox.Workers = 0 }, "outbox.workers", "1 to 64"},
		{"kb threshold", func(c *Config) { c.NLP.KB.Threshold = 1.5 }, "nlp.kb.threshold", "0 to 1"},
		{"llm without model", func(c *Config) { c.NLP.LLM.BaseURL = "https://llm.example/v1" }, "nlp.llm.base_url", "nlp.llm.model must be set too"},
		{"llm key without url", func(c *Config) { c.NLP.LLM.APIKey = "sk" }, "nlp.llm.api_key", "nlp.llm.base_url must be set too"},
		{"out-of-scope word twice", func(c *Config) { c.NLP.OutOfScope[1].Words = append(c.NLP.OutOfScope[1].Words, "起诉") }, "nlp.out_of_scope[1].words[4]", "already listed for 诉讼"},
		{"out-of-scope without channel", func(c *Config) { c.NLP.OutOfScope[0].Channel = "" }, "nlp.out_of_scope[0].channel", "must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustDefault(t)
			tt.change(cfg)
			probs := validateProblems(t, cfg)
			for _, p := range probs {
				if p.Path == tt.path && strings.Contains(p.Msg, tt.msg) {
					if p.Line != 0 {
						t.Errorf("line %d for a value not from a file", p.Line)
					}
					return
				}
			}
			t.Errorf("no problem %s: …%s…; got:\n%v", tt.path, tt.msg, probs)
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	cfg := mustDefault(t)
	cfg.Server.LogFormat = "xml"
	cfg.Categories[0].Fallback = ""
	cfg.Categories[5].Department = "无此部门"
	cfg.TimeLimits.FinishDays = 0
	probs := validateProblems(t, cfg)
	want := []string{"server.log_format", "categories[0].fallback", "categories[5].department",
		"time_limits.finish_days"}
	var got []string
	for _, p := range probs {
		got = append(got, p.Path)
	}
	if !slices.Equal(got, want) {
		t.Errorf("paths = %v\nwant    %v", got, want)
	}
	if n := strings.Count(probs.Error(), "\n"); n != len(want)-1 {
		t.Errorf("Error() has %d lines, want one a problem:\n%s", n+1, probs.Error())
	}
}

// validateProblems runs Validate and returns its Problems, failing the
// test when it returns nil or another error type.
func validateProblems(t *testing.T, cfg *Config) Problems {
	t.Helper()
	err := cfg.Validate()
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Validate = %v, want Problems", err)
	}
	return probs
}

func TestProblemFormat(t *testing.T) {
	tests := []struct {
		p         Problem
		str, file string
	}{
		{Problem{"server.addr", 3, "bad"}, "server.addr (line 3): bad", "c.yaml:3: server.addr: bad"},
		{Problem{"server.addr", 0, "bad"}, "server.addr: bad", "c.yaml: server.addr: bad"},
		{Problem{"", 7, "invalid YAML"}, "(line 7): invalid YAML", "c.yaml:7: invalid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			if got := tt.p.String(); got != tt.str {
				t.Errorf("String = %q, want %q", got, tt.str)
			}
			if got := tt.p.FileString("c.yaml"); got != tt.file {
				t.Errorf("FileString = %q, want %q", got, tt.file)
			}
		})
	}
}
