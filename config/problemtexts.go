package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Msg is one problem text of `hotline config check`: a zh-CN fmt format
// that names what is wrong with the value at a YAML path and, where it
// can, how to fix it. The words of config check cannot come from the
// configuration being checked (a broken file would break its own
// messages), so they are this catalogue: one named value per problem,
// never a string written at the call (Msg has no exported field, so a
// call outside this file can only pass a catalogue value).
// TestProblemCatalogue checks that each has Chinese words and is one
// line.
type Msg struct{ f string }

// String returns the format, for tests.
func (m Msg) String() string { return m.f }

// sprintf fills m with args, each string cut and made one line (quote).
func (m Msg) sprintf(args ...any) string { return fmt.Sprintf(m.f, shorten(args)...) }

// err returns m filled with args as an error (a problem of a value that
// a parser, such as ParseDuration, finds before the path is known).
func (m Msg) err(args ...any) error { return errors.New(m.sprintf(args...)) }

// The catalogue. Values are quoted 「like this」; a path or a key stays as
// the file writes it.
var (
	// Values of any setting.
	msgEmpty       = Msg{"不能为空"}
	msgIntRange    = Msg{"%d 超出范围，请用 %d 到 %d"}
	msgFloatRange  = Msg{"%g 超出范围，请用 %g 到 %g"}
	msgNotPositive = Msg{"须为正的时长，如 30s、30m 或 24h，而不是 %s"}
	MsgBoth        = Msg{"已设置 %s，因此 %s 也须设置"}
	msgNotURL      = Msg{"「%s」不是 http:// 或 https:// 开头的网址"}
	msgNoEntries   = Msg{"至少须列出一项"}
	msgListedTwice = Msg{"「%s」列了两次"}
	msgNoWords     = Msg{"至少须列出一个词"}
	msgWordTwice   = Msg{"词「%s」已列在 %s 下"}
	msgClock       = Msg{"「%s」：时间须写成 HH:MM，如 08:30"}
	msgDaysRange   = Msg{"%d 天超出范围，请用 %d 到 36500，或写 0 表示永不"}
	msgTooShort16  = Msg{"太短：至少 16 个字符（如 openssl rand -hex 32 生成的）"}

	// Durations (30s, 30m, 24h).
	msgDurationKind   = Msg{"须为时长，如 30m，而不是%s"}
	msgDurationEmpty  = Msg{"时长为空，请写成 30s、30m 或 24h 这样"}
	msgDurationNoUnit = Msg{"时长「%s」没有单位，请加上，如 %ss、%sm 或 %sh"}
	msgNotDuration    = Msg{"「%s」不是时长，请写成 30s、30m 或 24h 这样"}

	// Schedules (report.weekly, monthly, quarterly).
	msgScheduleForm  = Msg{"「%s」：请写日子和时间，如「%s」"}
	msgScheduleWeek  = Msg{"「%s」：星期须为 Mon、Tue、Wed、Thu、Fri、Sat 或 Sun"}
	msgScheduleMonth = Msg{"「%s」：每月的日子须为 1 到 28"}

	// The file itself (YAML) and its keys.
	msgSecondDocument = Msg{"第二个 YAML 文档（--- 之后）：配置文件只能有一个文档，请合并或删去 ---"}
	msgBadYAML        = Msg{"YAML 格式错误：%s"}
	msgNotSections    = Msg{"文件须为各节的映射（server:、city:、districts: …），而不是%s"}
	msgWantTexts      = Msg{"须为按编号列出文字的映射，而不是%s"}
	msgWantSettings   = Msg{"须为设置项的映射，而不是%s"}
	msgWantList       = Msg{"须为列表，而不是%s"}
	msgWantMapping    = Msg{"须为映射，而不是%s"}
	msgKeyNotScalar   = Msg{"键须为单个值，而不是%s"}
	msgKeyTwice       = Msg{"键「%s」出现了两次"}
	msgUnknownKey     = Msg{"未知的键「%s」%s"}
	msgUnknownTextID  = Msg{"未知的键「%s」：%s没有这个编号的文字%s"}
	msgWantText       = Msg{"须为文字，而不是%s"}
	msgWantKind       = Msg{"须为%s，而不是%s"}
	msgNotKind        = Msg{"「%s」不是%s"}
	msgDidYouMean     = Msg{"（是否想写「%s」？）"}
	msgTextMissing    = Msg{"缺少这条文字；默认文字为「%s」"}

	// HOTLINE_* environment variables.
	msgEnvDuration = Msg{"%s（用于 %s）"}
	msgEnvBool     = Msg{"「%s」不是 true 或 false（用于 %s）"}
	msgEnvInt      = Msg{"「%s」不是整数（用于 %s）"}
	msgEnvFloat    = Msg{"「%s」不是数字（用于 %s）"}
	msgEnvNotSet   = Msg{"不能用环境变量设置"}

	// server, city.
	msgNotHostPort = Msg{"「%s」不是 主机:端口（如 :8080 或 127.0.0.1:8080）"}
	msgNotPort     = Msg{"端口「%s」不是 0 到 65535 的端口号"}
	msgLogFormat   = Msg{"「%s」不是日志格式，请用 text 或 json"}
	msgLogLevel    = Msg{"「%s」不是日志级别，请用 debug、info、warn 或 error"}
	msgMinFree     = Msg{"%d 不是大小，请写兆字节数，或写 -1 关闭这项检查"}
	msgTimezone    = Msg{"「%s」不是时区，请用 IANA 名称，如 Asia/Shanghai"}
	msgTimeFormat  = Msg{"「%s」写不出日期和时间（2026-12-08 09:05 写成「%s」），请用 Go 的时间格式，如 2006年1月2日 15:04"}

	// departments, districts.
	msgDeptTwice         = Msg{"部门「%s」已在 departments[%d] 定义"}
	msgDeptKind          = Msg{"「%s」不是部门类型，请用 %s、%s、%s 或 %s"}
	msgDeptAliasIsName   = Msg{"别名「%s」是另一个部门的名称"}
	msgAliasOfOther      = Msg{"别名「%s」也是「%s」的别名"}
	msgIsDeptAlias       = Msg{"「%s」是别名，请写部门名称「%s」"}
	msgUnknownDept       = Msg{"未知部门「%s」%s，须在 departments 中列出"}
	msgDistTwice         = Msg{"区县「%s」已在 districts[%d] 定义"}
	msgDistKind          = Msg{"「%s」不是区县类型，请用 %s、%s 或 %s"}
	msgDistAliasIsName   = Msg{"别名「%s」是另一个区县的名称"}
	msgIsDistAlias       = Msg{"「%s」是别名，请写区县名称「%s」"}
	msgUnknownDistrict   = Msg{"未知区县「%s」%s，须在 districts 中列出"}
	msgTownTwice         = Msg{"镇街「%s」在 %s 中列了两次"}
	msgTownElsewhere     = Msg{"镇街「%s」已列在 %s 下（%s），一个镇街只属于一个区县"}
	msgLandmarkTwice     = Msg{"地标「%s」在%s下列了两次（另见 %s）"}
	msgLandmarkElse      = Msg{"地标「%s」同时列在%s（%s）和%s下；一个地标只能对应一个区县"}
	msgLandmarkDistrict  = Msg{"地标「%s」是另一个区县的名称，不能列为%s的地标"}
	msgLandmarkAlias     = Msg{"地标「%s」是%s的别名，不能列为%s的地标"}
	msgLandmarkTown      = Msg{"地标「%s」是%s的镇街（%s），不能列为%s的地标"}
	msgLandmarkTownShort = Msg{"地标「%s」是%s%s的简称（%s），不能列为%s的地标"}
	msgLandmarkShort     = Msg{"地标「%s」太短，不足以指明地点；至少写 2 个字"}
	msgAliasTown         = Msg{"别名「%s」是%s的镇街（%s），不能作为%s的别名"}
	msgAliasTownShort    = Msg{"别名「%s」是%s%s的简称（%s），不能作为%s的别名"}

	// categories, emergency, dispatch.
	msgNoCategories    = Msg{"至少须列出一个分类"}
	msgCodeTwice       = Msg{"分类代码「%s」已被 categories[%d] 使用"}
	msgCatNameTwice    = Msg{"分类名称「%s」已被 categories[%d] 使用"}
	msgNoDepartment    = Msg{"须写部门名称，或写 %s 交区县政府（属地）办理"}
	msgNeedsFallback   = Msg{"分类 %s 交 %s 办理，须有 fallback 部门，接收找不到区县的工单"}
	msgFallbackUnused  = Msg{"fallback 只用于 %s 分类：请删去它，或把 department 设为 %s"}
	msgNoKeywords      = Msg{"分类 %s 没有关键词，请列出市民说这类事时用的词"}
	msgUnknownCategory = Msg{"未知分类「%s」，请用 categories 中某个分类的代码"}
	msgEmergencyNumber = Msg{"「%s」不是 110、119、120 或 122 这样的电话号码"}
	msgNoCues          = Msg{"至少须列出一个触发词"}
	msgCueTwice        = Msg{"触发词「%s」已列在 %s 下"}
	msgConfidence      = Msg{"%g 不是大于 0、不超过 1 的置信度（如 0.6）"}

	// time_limits, calendar, outbox, report.
	msgUrgentTooLong    = Msg{"%s 超过一周，加急工单的时限须以小时计"}
	msgEmergencySlower  = Msg{"%s 比 urgent_hours（%s）长，紧急工单不能比加急工单等得更久"}
	msgWarnNegative     = Msg{"%d 是负数，不要提前预警请写 0"}
	msgWarnTooEarly     = Msg{"%d 大于 finish_days（%d），预警会早于工单受理"}
	msgRemindShare      = Msg{"%v 不是 0 到 1 之间的比例（0.25：时限只剩四分之一时变黄；1：立即变黄）"}
	msgNotDate          = Msg{"「%s」不是日期，请写成 YYYY-MM-DD，如 2026-10-01"}
	msgDayTwice         = Msg{"%s 列了两次"}
	msgHolidayWorkday   = Msg{"%s 既列为节假日，又列为调休工作日"}
	msgBackoffOrder     = Msg{"%s 比 min_backoff（%s）短"}
	msgNoWeight         = Msg{"至少须有一个权重大于 0"}
	msgQuarterNames     = Msg{"有 %d 个名称，须为 4 个，从第一季度起（一、二、三、四）"}
	msgPeriodAmbiguous  = Msg{"把 %s 既给了 %s 至 %s，也给了 %s 至 %s：标签须能分清各个时段"}
	msgWeekdayNames     = Msg{"有 %d 个名称，须为 7 个，从星期日起（日、一、二、三、四、五、六）"}
	msgSheetTwice       = Msg{"「%s」已是 sheets.%s 的名称"}
	msgSheetTooLong     = Msg{"「%s」超过 31 个字符，Excel 工作表名称不能这么长"}
	msgSheetBadChar     = Msg{"「%s」含有 : \\ / ? * [ ] 之一，Excel 工作表名称不能有这些字符"}
	msgSheetQuote       = Msg{"「%s」以 ' 开头或结尾，Excel 工作表名称不能这样"}
	msgSheetReserved    = Msg{"「%s」是 Excel 自己保留的名称（History，不分大小写）"}
	msgFileNameChars    = Msg{"「%s」：文件名不能有 %s 中的字符"}
	msgFileNameGives    = Msg{"生成的文件名「%s」含有 %s 中的字符，文件名不能有这些字符"}
	msgExportColumn     = Msg{"导出没有「%s」这一列；可选 console_labels.fields 中的 %s"}
	msgPhoneWordDigit   = Msg{"「%s」含有数字：号码中的这些数字会被当作它删去，机器人将认不出号码"}
	msgConfirmIsDeny    = Msg{"「%s」也是确认词，机器人将分不清是与否"}
	msgChannelLabelGone = Msg{"缺少 %s：城市的列表会替换默认列表，请列出改名的每个渠道以及 %s（默认为「%s」）"}
	msgReminderLabel    = Msg{"开头重复了动作名称「%s」：工单历史会显示为「%s：%s」；请删去开头的「%s」（名称见 console_labels.actions.%s）"}
	msgEvalColumns      = Msg{"有 %d 个名称，须为 5 个，以 | 分隔（精确率|召回率|F1|样本数|类别）"}
	msgStatusLabelTwice = Msg{"「%s」已是 %s 的名称：tickets list --status 将分不清它们"}

	// Templates ({{.Number}}) and console placeholders ({n}).
	msgBadTemplate     = Msg{"模板写法有误：%s"}
	msgBotNoField      = Msg{"机器人不填写 {{.%s}}，可用 %s"}
	msgNoField         = Msg{"hotline 不填写 {{.%s}}，可用 %s"}
	msgTemplateFails   = Msg{"模板无法填写：%s"}
	msgNeedsField      = Msg{"缺少 {{.%s}}：hotline 在这里填入的内容将无人看到；请写上它，例如 {{with .%s}}：{{.}}{{end}}"}
	msgNeedsFlag       = Msg{"缺少 {{if .%s}}…{{end}}：hotline 在这里标出的情况将无人看到；请写上它，例如 {{if .%s}}⚠️ 紧急{{end}}"}
	msgPlaceholderOdd  = Msg{"含有 {%s}，页面不会填写它；默认文字为「%s」"}
	msgPlaceholderGone = Msg{"缺少 {%s}：页面在这里填入的内容将无人看到；默认文字为「%s」"}

	// calls, notify, retention.
	msgSkewTooLong        = Msg{"%s 太长，最多 1h"}
	msgCallbackTooLong    = Msg{"%s 太长，最多 168h 工作时间"}
	msgNotClock           = Msg{"「%s」不是一天中的时间，如 08:30"}
	msgStartNotBefore     = Msg{"%s 不早于 time_limits.workday_end_hour（%d 点）"}
	msgAgentLogin         = Msg{"登录名「%s」和用户「%s」都须填写"}
	msgNotifyKind         = Msg{"未知的通知类型「%s」，请用 %s"}
	msgQuietHours         = Msg{"「%s」不是时段，如 22:00-07:00"}
	msgWeComAgentID       = Msg{"已设置 notify.wecom.corp_id，因此 agent_id 须为企业微信应用的 AgentId（数字）"}
	msgWebhookSecret      = Msg{"已设置 notify.webhook.url，因此 secret 也须设置（16 个字符以上；或 HOTLINE_NOTIFY_WEBHOOK_SECRET）"}
	msgReportTextNeeded   = Msg{"notify.kinds 含有 report，因此不能为空"}
	msgLiaisonContact     = Msg{"请写 mobile、wecom_user 或两者"}
	msgNoSMSChannel       = Msg{"notify.sms 已开启，但没有配置短信渠道（channels.kannel 或 channels.twilio）"}
	msgWeComUser          = Msg{"已设置，因此 notify.wecom.corp_id、corp_secret 和 agent_id 也须设置"}
	msgLeaderContactTwice = Msg{"账号「%s」已在 notify.leaders.contacts[%d] 列出"}
	msgLeaderKindsMissing = Msg{"未列出 %s（%s）：notify.leaders.contacts 中的 %s 将收不到这些通知；请把它们加入 notify.kinds（默认配置已列出）"}
	msgRobotKey           = Msg{"只写机器人的 key（机器人 webhook 网址中 key= 之后的部分）"}
	msgRevealIsToken      = Msg{"与 desk.token 相同：能看到完整号码的令牌须与坐席令牌不同"}

	// HTTP paths the server routes (Checker.Path).
	msgPathSlash = Msg{"「%s」须以 / 开头"}
	msgPathTaken = Msg{"「%s」已是 %s 的路径"}
)

// MsgCheckOK is what `hotline config check` says of a file without
// problems.
var MsgCheckOK = Msg{"没有发现问题"}

// The problems of the channels' settings, which each channel's
// descriptor checks (channels.Descriptor.Check) through a Checker.
var (
	MsgKannelUnsigned    = Msg{"已设置 channels.kannel.send_url，因此 channels.kannel.secret 或 channels.kannel.allow_ips 也须设置（Kannel 不签名）"}
	MsgKannelSecret      = Msg{"须为 16 到 128 个字符，只用 A-Z、a-z、0-9、_、-、. 和 ~（它不经转义写进 Kannel 的网址）"}
	MsgNotOrigin         = Msg{"「%s」不是网站的来源：请只写协议、主机和端口，如 https://www.example.gov.cn 或 https://*.example.gov.cn"}
	MsgNotIPOrCIDR       = Msg{"「%s」不是 IP 地址或网段，如 10.0.0.5 或 10.0.0.0/24"}
	MsgOneSMSGateway     = Msg{"只能配置一个短信网关：channels.kannel 或 channels.twilio"}
	MsgRateNegative      = Msg{"%d 是负数，不限量请写 0"}
	MsgTelegramSecret    = Msg{"已设置 channels.telegram.token 且未开启 polling，因此 channels.telegram.secret 也须设置（Telegram 每次调用 webhook 都带上它）"}
	MsgTelegramSecretLen = Msg{"须为 1 到 256 个字符，只用 A-Z、a-z、0-9、_ 和 -"}
	MsgTelegramGroupID   = Msg{"%d 不是超级群组的 id：论坛超级群组的 id 是负数，如 -1001234567890"}
	MsgTelegramAgents    = Msg{"已设置 channels.telegram.agent_group_id，因此 channels.telegram.agent_ids 须列出可以在群里办理的坐席的 Telegram 用户 id"}
	MsgTelegramUserID    = Msg{"%d 不是 Telegram 用户 id（正数）"}
	MsgWeChatAESKey      = Msg{"须为微信公众平台上显示的 43 个字符，而不是 %d 个"}
	MsgWeChatBudget      = Msg{"%s 不在微信 5 秒的回复时限之内，请用如 4s"}
)

// The problems of the liaisons' numbers, which notify checks
// (notify.CheckConfig) with the one rule of a phone number (domain.Parse).
var MsgNotMobile = Msg{"「%s」不是手机号码，如 13953706688"}

// quote makes s one line for a problem: control characters (a newline in
// a value) are written as Go escapes, the rest as it is.
func quote(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' && r != '\u3000' }) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// yamlMessages words the syntax errors of yaml.v3 that a hand-edited file
// meets most (found by their English text, which the library gives no
// other way to tell apart); TestYAMLMessages checks each against the
// library's own error.
var yamlMessages = []struct{ en, zh string }{
	{"mapping values are not allowed in this context", "这里不能有「键: 值」，多半是缩进不齐、冒号后少了空格，或文字里的冒号需要加引号"},
	{"did not find expected key", "找不到应有的键，多半是缩进不齐"},
	{"did not find expected '-' indicator", "找不到应有的列表项「- 」，多半是缩进不齐"},
	{"did not find expected ',' or", "[ ] 或 { } 没有闭合，或其中少了逗号"},
	{"found character that cannot start any token", "有不能开始一个值的字符（如制表符、@ 或 `）：请用空格缩进，或给值加引号"},
	{"found unexpected end of stream", "文件意外结束，多半是引号没有闭合"},
	{"unknown anchor", "引用了未定义的锚点（*名称）"},
	{"invalid leading UTF-8 octet", "文件不是 UTF-8 编码，请另存为 UTF-8"},
	{"control characters are not allowed", "有不允许的控制字符"},
	{"found unknown escape character", "双引号里有未知的转义（\\ 之后的字符），Windows 路径请用单引号"},
}

// yamlMessage words msg, a yaml.v3 syntax error without its "yaml: line
// N: " prefix, in zh-CN; one it does not know keeps the library's words
// after a zh-CN lead-in.
func yamlMessage(msg string) string {
	for _, m := range yamlMessages {
		if strings.Contains(msg, m.en) {
			return m.zh
		}
	}
	return "（YAML 库的原话）" + msg
}

// templateMessages words the parse errors of text/template that a text's
// author meets most, found by the library's English words like
// yamlMessages.
var templateMessages = []struct{ en, zh string }{
	{"unclosed action", "{{ 没有对应的 }}"},
	{"unexpected EOF", "模板意外结束，多半是 {{if}}、{{with}} 或 {{range}} 缺少 {{end}}"},
	{"unexpected {{end}}", "多了一个 {{end}}"},
	{"not defined", "用了未定义的函数"},
	{"unexpected \"}\" in operand", "多了一个 }"},
	{"bad character", "{{ }} 里有不能用的字符"},
	{"missing value for", "{{if}}、{{with}} 或 {{range}} 后缺少要判断的值"},
}

// templateMessage words err, a text/template parse error of the setting
// at path, in zh-CN; one it does not know keeps the library's words after
// a zh-CN lead-in.
func templateMessage(path string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	msg = strings.TrimPrefix(msg, path+":")
	for _, m := range templateMessages {
		if strings.Contains(msg, m.en) {
			return m.zh
		}
	}
	return "（模板库的原话）" + msg
}
