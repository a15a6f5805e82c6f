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
		{"WYGL", "汶上县", "汶上县人民政府"},
		{"WYGL", "梁山县", "梁山县人民政府"},
		{"WYGL", "任城区", "任城区人民政府"},
		{"WYGL", "", "市住房和城乡建设局"},
		{"SZSS", "金乡县", "金乡县人民政府"},
		{"SZSS", "兖州区", "兖州区人民政府"},
		{"SZSS", "任城区", "市城市管理局"},
		{"SZSS", "高新区", "市城市管理局"},
		{"YLLH", "梁山县", "梁山县人民政府"},
		{"YLLH", "", "市城市管理局"},
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
		{"log format", func(c *Config) { c.Server.LogFormat = "xml" }, "server.log_format", "不是日志格式，请用 text 或 json"},
		{"log level", func(c *Config) { c.Server.LogLevel = "loud" }, "server.log_level", "请用 debug、info、warn 或 error"},
		{"bad addr", func(c *Config) { c.Server.Addr = "8080" }, "server.addr", "「8080」不是 主机:端口"},
		{"port out of range", func(c *Config) { c.Server.Addr = "127.0.0.1:99999" }, "server.addr", "端口「99999」不是 0 到 65535 的端口号"},
		{"min free below -1", func(c *Config) { c.Server.MinFreeMB = -5 }, "server.min_free_mb", "请写兆字节数"},
		{"bad timezone", func(c *Config) { c.City.Timezone = "Asia/Jining" }, "city.timezone", "「Asia/Jining」不是时区，请用 IANA 名称"},
		{"unknown office", func(c *Config) { c.City.Office = "热线办" }, "city.office", "未知部门「热线办」，须在 departments 中列出"},
		{"duplicate department", func(c *Config) {
			c.Departments = append(c.Departments, Department{Name: "市教育局", Kind: KindMunicipal})
		},
			"departments[42].name", "部门「市教育局」已在 departments[23] 定义"},
		{"department kind", func(c *Config) { c.Departments[1].Kind = "county" }, "departments[1].kind", "「county」不是部门类型"},
		{"duplicate district", func(c *Config) { c.Districts[1].Name = "任城区" }, "districts[1].name", "区县「任城区」已在 districts[0] 定义"},
		{"town in two districts", func(c *Config) { c.Districts[0].Towns = append(c.Districts[0].Towns, "小孟镇") },
			"districts[1].towns[9]", "镇街「小孟镇」已列在 任城区 下（districts[0].towns[15]），一个镇街只属于一个区县"},
		{"district government unknown", func(c *Config) { c.Districts[2].Government = "曲阜政府" },
			"districts[2].government", "未知部门「曲阜政府」"},
		{"category department alias", func(c *Config) { c.Categories[1].Department = "城管局" },
			"categories[1].department", "「城管局」是别名，请写部门名称「市城市管理局」"},
		{"unknown category department", func(c *Config) { c.Categories[1].Department = "市城市管里局" },
			"categories[1].department", "未知部门「市城市管里局」（是否想写「市城市管理局」？）"},
		{"duplicate code", func(c *Config) { c.Categories[2].Code = "SRHW" }, "categories[2].code", "分类代码「SRHW」已被 categories[0] 使用"},
		{"empty code", func(c *Config) { c.Categories[2].Code = "" }, "categories[2].code", "不能为空"},
		{"no keywords", func(c *Config) { c.Categories[3].Keywords = nil }, "categories[3].keywords", "分类 WYGL 没有关键词"},
		{"territorial without fallback", func(c *Config) { c.Categories[0].Fallback = "" }, "categories[0].fallback", "须有 fallback 部门"},
		{"unknown fallback", func(c *Config) { c.Categories[0].Fallback = "城管" }, "categories[0].fallback", "「城管」是别名"},
		{"override district unknown", func(c *Config) {
			c.Categories[10].DistrictOverrides = map[string]string{"兖州县": "四和热力公司"}
		},
			"categories[10].district_overrides.兖州县", "未知区县「兖州县」（是否想写「兖州区」？），须在 districts 中列出"},
		{"override department unknown", func(c *Config) { c.Categories[10].DistrictOverrides = map[string]string{"兖州区": "四和热力"} },
			"categories[10].district_overrides.兖州区", "「四和热力」是别名，请写部门名称「四和热力公司」"},
		{"finish days zero", func(c *Config) { c.TimeLimits.FinishDays = 0 }, "time_limits.finish_days", "0 超出范围，请用 1 到 60"},
		{"extension too long", func(c *Config) { c.TimeLimits.MaxExtensionDays = 31 }, "time_limits.max_extension_days", "31 超出范围，请用 0 到 30"},
		{"emergency slower than urgent", func(c *Config) { c.TimeLimits.EmergencyHours = Duration(48 * time.Hour) },
			"time_limits.emergency_hours", "48h 比 urgent_hours（24h）长"},
		{"zero urgent", func(c *Config) { c.TimeLimits.UrgentHours = 0 }, "time_limits.urgent_hours", "须为正的时长"},
		{"bad holiday", func(c *Config) { c.Calendar.Holidays = []string{"2026/10/01"} }, "calendar.holidays[0]", "「2026/10/01」不是日期，请写成 YYYY-MM-DD"},
		{"holiday and workday", func(c *Config) {
			c.Calendar.Holidays = []string{"2026-10-01"}
			c.Calendar.Workdays = []string{"2026-10-01"}
		},
			"calendar.workdays[0]", "2026-10-01 既列为节假日，又列为调休工作日"},
		{"negative draft timeout", func(c *Config) { c.Bot.DraftTimeout = Duration(-time.Minute) }, "bot.draft_timeout", "须为正的时长，如 30s、30m 或 24h，而不是 -1m"},
		{"confirm and deny overlap", func(c *Config) { c.Bot.DenyWords = append(c.Bot.DenyWords, "好的") }, "bot.deny_words[8]", "「好的」也是确认词"},
		{"no human commands", func(c *Config) { c.Bot.HumanCommands = nil }, "bot.human_commands", "至少须列出一项"},
		{"phone word with a digit", func(c *Config) { c.Bot.PhoneWords = []string{"座机", "幺号"} }, "bot.phone_words[1]", "「幺号」含有数字"},
		{"phone word twice", func(c *Config) { c.Bot.PhoneWords = []string{"座机", "座机"} }, "bot.phone_words[1]", "「座机」列了两次"},
		{"empty decline word", func(c *Config) { c.Bot.DeclineWords = []string{""} }, "bot.decline_words[0]", "不能为空"},
		{"reply placeholder typo", func(c *Config) { c.Replies.Registered = "工单号 {{.Nubmer}}" }, "replies.registered", "机器人不填写 {{.Nubmer}}，可用 {{.Summary}}、{{.Number}}"},
		{"reply template syntax", func(c *Config) { c.Replies.Status = "{{.Number" }, "replies.status", "模板写法有误：{{ 没有对应的 }}"},
		{"empty reply", func(c *Config) { c.Replies.Thanks = "" }, "replies.thanks", "不能为空"},
		{"emergency number", func(c *Config) { c.Emergency[0].Number = "火警" }, "emergency[0].number", "「火警」不是 110、119、120 或 122 这样的电话号码"},
		{"emergency cue twice", func(c *Config) { c.Emergency[1].Cues = append(c.Emergency[1].Cues, "着火") }, "emergency[1].cues[11]", "触发词「着火」已列在 119 下"},
		{"backoff order", func(c *Config) { c.Outbox.MaxBackoff = Duration(time.Millisecond) }, "outbox.max_backoff", "1ms 比 min_backoff（1s）短"},
		{"workers", func(c *Config) { c.Outbox.Workers = 0 }, "outbox.workers", "请用 1 到 64"},
		{"kb threshold", func(c *Config) { c.NLP.KB.Threshold = 1.5 }, "nlp.kb.threshold", "1.5 超出范围，请用 0 到 1"},
		{"llm without model", func(c *Config) { c.NLP.LLM.BaseURL = "https://llm.example/v1" }, "nlp.llm.base_url", "已设置 nlp.llm.base_url，因此 nlp.llm.model 也须设置"},
		{"llm key without url", func(c *Config) { c.NLP.LLM.APIKey = "sk" }, "nlp.llm.api_key", "因此 nlp.llm.base_url 也须设置"},
		{"out-of-scope word twice", func(c *Config) { c.NLP.OutOfScope[1].Words = append(c.NLP.OutOfScope[1].Words, "起诉") }, "nlp.out_of_scope[1].words[4]", "词「起诉」已列在 诉讼 下"},
		{"out-of-scope without channel", func(c *Config) { c.NLP.OutOfScope[0].Channel = "" }, "nlp.out_of_scope[0].channel", "不能为空"},
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
	checkChinese(t, probs)
	return probs
}

func TestProblemFormat(t *testing.T) {
	tests := []struct {
		p         Problem
		str, file string
	}{
		{Problem{"server.addr", 3, "不对"}, "server.addr（第 3 行）：不对", "c.yaml:3: server.addr：不对"},
		{Problem{"server.addr", 0, "不对"}, "server.addr：不对", "c.yaml: server.addr：不对"},
		{Problem{"", 7, "YAML 格式错误"}, "（第 7 行）：YAML 格式错误", "c.yaml:7: YAML 格式错误"},
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
