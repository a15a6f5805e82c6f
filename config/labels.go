package config

import (
	"reflect"
	"strings"
)

// ConsoleLabels are the zh-CN names the web console (and the command
// line's user list) shows instead of codes: roles, the actions of an
// order's history and of the audit log, conversation states, delivery
// states, an order's fields, the audit log's keys, an order's markers and
// deadline marks. Each table is a struct, one field per code, so that a
// misspelt code in a city's file is an unknown key; LabelMap and Label
// read them by code.
type ConsoleLabels struct {
	Roles   RoleLabels   `yaml:"roles"`
	Actions ActionLabels `yaml:"actions"` // audit actions "ticket.X" take the label of X
	Actors  ActorLabels  `yaml:"actors"`  // the actors that are not people
	// Surfaces name where a person acted ("desk:wang" the console,
	// "api:wang" the agents' API, "tg:wang" the Telegram agents' group;
	// inbound.WithActor), and ActorVia words such an actor: {name} the
	// person, {surface} the surface's name (王芳（控制台）), so that a
	// dispute's reader sees where each action came from.
	Surfaces           SurfaceLabels   `yaml:"surfaces"`
	ActorVia           string          `yaml:"actor_via"`
	ConversationStates ConvStateLabels `yaml:"conversation_states"`
	Deliveries         DeliveryLabels  `yaml:"deliveries"`
	Fields             FieldLabels     `yaml:"fields"`
	AuditKeys          AuditKeyLabels  `yaml:"audit_keys"` // the audit log's own keys (an order's are fields)
	Flags              FlagLabels      `yaml:"flags"`
	Warnings           WarningLabels   `yaml:"warnings"`
	Queues             QueueLabels     `yaml:"queues"`         // the office's work queues
	UnknownAction      string          `yaml:"unknown_action"` // an action code with no label
	OtherChannel       string          `yaml:"other_channel"`  // a channel with no label
	OtherKey           string          `yaml:"other_key"`      // an audit key with no label
	Yes                string          `yaml:"yes"`            // true in the audit log
	No                 string          `yaml:"no"`             // false in the audit log

	// Why a message was flagged as an emergency (ticket.EmergencyReason),
	// and the emergency classifier's rules by name.
	Emergency      EmergencyLabels     `yaml:"emergency"`
	EmergencyRules EmergencyRuleLabels `yaml:"emergency_rules"`
}

// EmergencyLabels name the parts of an emergency's reason
// (ticket.EmergencyReason: why a message was flagged) where staff see it:
// the console's queue, conversation and order page, the Telegram agents'
// group and hotline tickets show.
type EmergencyLabels struct {
	Reason string `yaml:"reason"` // where the whole reason is shown: 紧急原因
	Number string `yaml:"number"` // before the number to call: 应拨打 120
	Cue    string `yaml:"cue"`    // the citizen's words that fired
	Rule   string `yaml:"rule"`   // the classifier's rule
	Also   string `yaml:"also"`   // before each other number needed
	// The punctuation that frames the parts, in the line staff read
	// (ticket.EmergencyReason.Text: 应拨打 122（触发词语：“面包车翻到沟里”；
	// 触发规则：交通事故有人受伤或被困）；另需拨打 120) and in the console.
	QuoteOpen  string `yaml:"quote_open"`  // before the citizen's words: “
	QuoteClose string `yaml:"quote_close"` // after them: ”
	WhyOpen    string `yaml:"why_open"`    // before the words and the rule: （
	WhyClose   string `yaml:"why_close"`   // after them: ）
	Colon      string `yaml:"colon"`       // after the name of a part: ：
	Separator  string `yaml:"separator"`   // between the words and the rule, and between the numbers: ；
	// SetAside is the line staff read for a rule's flag the classifier's
	// veto set aside (ticket.EmergencyReason.SetAside: the order is 紧急,
	// not 特急): {rule} the rule's name, {number} the number it would have
	// called, {cue} the words that fired; all three are required.
	SetAside string `yaml:"set_aside"`
}

// EmergencyRuleLabels name the emergency classifier's rules (nlp.Emergency
// Rule: event, state, model, road-collision and the patterns' names of
// nlp/emergency_rules.go). A rule with no field here is shown by its name.
type EmergencyRuleLabels struct {
	Event             string `yaml:"event"`
	State             string `yaml:"state"`
	Model             string `yaml:"model"`
	RoadCollision     string `yaml:"road-collision"`
	SmokePeopleInside string `yaml:"smoke-people-inside"`
	Fire              string `yaml:"fire"`
	Unresponsive      string `yaml:"unresponsive"`
	Cyanosis          string `yaml:"cyanosis"`
	Asthma            string `yaml:"asthma"`
	NotBreathing      string `yaml:"not-breathing"`
	Collapse          string `yaml:"collapse"`
	FallFromHeight    string `yaml:"fall-from-height"`
	ChestPain         string `yaml:"chest-pain"`
	HeatStroke        string `yaml:"heat-stroke"`
	Anaphylaxis       string `yaml:"anaphylaxis"`
	Confusion         string `yaml:"confusion"`
	Injury            string `yaml:"injury"`
	MachineInjury     string `yaml:"machine-injury"`
	Swallowed         string `yaml:"swallowed"`
	Choking           string `yaml:"choking"`
	Stroke            string `yaml:"stroke"`
	COPoisoning       string `yaml:"co-poisoning"`
	Poisoning         string `yaml:"poisoning"`
	Overdose          string `yaml:"overdose"`
	Bleeding          string `yaml:"bleeding"`
	Labour            string `yaml:"labour"`
	SuicideIntent     string `yaml:"suicide-intent"`
	SuicideFarewell   string `yaml:"suicide-farewell"`
	SuicideSign       string `yaml:"suicide-sign"`
	SuicideTogether   string `yaml:"suicide-together"`
	SuicideAttempt    string `yaml:"suicide-attempt"`
	Abduction         string `yaml:"abduction"`
	ArmedFight        string `yaml:"armed-fight"`
	Ledge             string `yaml:"ledge"`
	ArsonThreat       string `yaml:"arson-threat"`
	Trapped           string `yaml:"trapped"`
	Explosion         string `yaml:"explosion"`
	Struck            string `yaml:"struck"`
	Detention         string `yaml:"detention"`
	BreakIn           string `yaml:"break-in"`
	ArmedAttack       string `yaml:"armed-attack"`
	Violence          string `yaml:"violence"`
	Stalking          string `yaml:"stalking"`
	DogAttack         string `yaml:"dog-attack"`
	MissingPerson     string `yaml:"missing-person"`
	Robbery           string `yaml:"robbery"`
	Seizure           string `yaml:"seizure"`
	Drowning          string `yaml:"drowning"`
	FloodTrapped      string `yaml:"flood-trapped"`
	LiveWire          string `yaml:"live-wire"`
	GasFlame          string `yaml:"gas-flame"`
	GasVictim         string `yaml:"gas-victim"`
	CrowdRamming      string `yaml:"crowd-ramming"`
	CrowdCrash        string `yaml:"crowd-crash"`
	StabWound         string `yaml:"stab-wound"`
	// The state patterns: a danger there now.
	AboutToCollapse   string `yaml:"about-to-collapse"`
	DangerousBuilding string `yaml:"dangerous-building"`
	CrackedStructure  string `yaml:"cracked-structure"`
	Landslide         string `yaml:"landslide"`
	FallingStructure  string `yaml:"falling-structure"`
	StatedDanger      string `yaml:"stated-danger"`
	LiftFalling       string `yaml:"lift-falling"`
	GasCylinder       string `yaml:"gas-cylinder"`
	GasPipe           string `yaml:"gas-pipe"`
	GasLeak           string `yaml:"gas-leak"`
	FallingObjects    string `yaml:"falling-objects"`
	NoSafetyNet       string `yaml:"no-safety-net"`
	FallIntoPit       string `yaml:"fall-into-pit"`
	Threat            string `yaml:"threat"`
	Burn              string `yaml:"burn"`
	ConfinedSpace     string `yaml:"confined-space"`
	// A cluster of signs of a body out of order (nlp/emergency_symptoms.go).
	Symptoms string `yaml:"symptoms"`
}

// RuleName returns the zh-CN name of an emergency rule, or the rule itself
// when the table does not name it.
func (l ConsoleLabels) RuleName(rule string) string {
	if s := LabelMap(l.EmergencyRules)[rule]; s != "" {
		return s
	}
	return rule
}

// RoleLabels name the console's roles by code.
type RoleLabels struct {
	Admin      string `yaml:"admin"`
	Agent      string `yaml:"agent"`
	Department string `yaml:"department"`
	Supervisor string `yaml:"supervisor"`
	Leader     string `yaml:"leader"`
}

// ActionLabels name the console's actions by code.
type ActionLabels struct {
	Accept                 string `yaml:"accept"`
	Answer                 string `yaml:"answer"`
	Dispatch               string `yaml:"dispatch"`
	Hold                   string `yaml:"hold"`
	Sign                   string `yaml:"sign"`
	Reply                  string `yaml:"reply"`
	Review                 string `yaml:"review"`
	ReviewReject           string `yaml:"review_reject"`
	Visit                  string `yaml:"visit"`
	VisitTimeout           string `yaml:"visit_timeout"`
	NotNotified            string `yaml:"not_notified"`
	Close                  string `yaml:"close"`
	Return                 string `yaml:"return"`
	RequestExtension       string `yaml:"request_extension"`
	DecideExtension        string `yaml:"decide_extension"`
	ExtensionGranted       string `yaml:"extension_granted"`
	ExtensionRefused       string `yaml:"extension_refused"`
	Reopen                 string `yaml:"reopen"`
	Cancel                 string `yaml:"cancel"`
	Merge                  string `yaml:"merge"`
	MergeIn                string `yaml:"merge_in"`
	Edit                   string `yaml:"edit"`
	Correct                string `yaml:"correct"`
	Remind                 string `yaml:"remind"`
	RemindSign             string `yaml:"remind_sign"`
	CoReply                string `yaml:"co_reply"` // a co-handling department's part (协办意见)
	SignOverdue            string `yaml:"sign_overdue"`
	RemindFinish           string `yaml:"remind_finish"`
	Escalate               string `yaml:"escalate"`
	RedoDue                string `yaml:"redo_due"`
	Rate                   string `yaml:"rate"`
	Supervise              string `yaml:"supervise"`
	Instruct               string `yaml:"instruct"`
	RemindInstruction      string `yaml:"remind_instruction"`
	InstructionOverdue     string `yaml:"instruction_overdue"`
	View                   string `yaml:"view"`
	Notify                 string `yaml:"notify"`
	DeliveryRetrying       string `yaml:"delivery_retrying"`
	DeliveryFailed         string `yaml:"delivery_failed"`
	DeliverySent           string `yaml:"delivery_sent"`
	DeliveryRerouted       string `yaml:"delivery_rerouted"`
	DeliveryUndelivered    string `yaml:"delivery_undelivered"`
	Login                  string `yaml:"login"`
	LoginFailed            string `yaml:"login.failed"`
	Logout                 string `yaml:"logout"`
	UserAdd                string `yaml:"user.add"`
	DutyAdd                string `yaml:"duty.add"`
	LeaderItem             string `yaml:"leader_item"`
	DutyDelete             string `yaml:"duty.delete"`
	UserPasswd             string `yaml:"user.passwd"`
	UserReset              string `yaml:"user.reset"`
	UserDisable            string `yaml:"user.disable"`
	UserEnable             string `yaml:"user.enable"`
	UserUpdate             string `yaml:"user.update"`
	OrderRegister          string `yaml:"order.register"`
	OrderRevealPhone       string `yaml:"order.reveal_phone"`
	OrderExport            string `yaml:"order.export"`
	AuditExport            string `yaml:"audit.export"`
	ConversationTake       string `yaml:"conversation.take"`
	ConversationRelease    string `yaml:"conversation.release"`
	ConversationClose      string `yaml:"conversation.close"`
	ConversationReply      string `yaml:"conversation.reply"`
	ConversationTransfer   string `yaml:"conversation.transfer"`
	ConversationAgent      string `yaml:"conversation.agent"`
	ConversationIdle       string `yaml:"conversation.idle"`
	ConversationQueued     string `yaml:"conversation.queued"`
	ConversationCollecting string `yaml:"conversation.collecting"`
	CallRegister           string `yaml:"call.register"`
	InspectionSample       string `yaml:"inspection.sample"`
	InspectionScore        string `yaml:"inspection.score"`
	CallNote               string `yaml:"call.note"`
	CallbackClaim          string `yaml:"callback.claim"`
	CallbackAnswered       string `yaml:"callback.answered"`
	CallbackNoAnswer       string `yaml:"callback.no_answer"`
	CallbackWrongNumber    string `yaml:"callback.wrong_number"`
	CallbackOrder          string `yaml:"callback.order"`
}

// ActorLabels name the console's actors by code.
type ActorLabels struct {
	Bot     string `yaml:"bot"`
	Citizen string `yaml:"citizen"`
	System  string `yaml:"system"`
	Cli     string `yaml:"cli"`
	Bench   string `yaml:"bench"`
}

// SurfaceLabels name the surfaces a person acts from, by the prefix of
// the actor the audit log records.
type SurfaceLabels struct {
	Desk string `yaml:"desk"` // the web console
	API  string `yaml:"api"`  // the agents' API (X-Agent)
	Tg   string `yaml:"tg"`   // the Telegram agents' group
}

// surfaceDesk is the web console's actor prefix ("desk:LOGIN"), the one
// surface whose names are console logins.
const surfaceDesk = "desk"

// Actor is who did something (an order's history, the audit log, a
// message's sender) in the console's words, the one rendering of
// desk/static/app.js's actorLabel (which reads the same tables from the
// console's meta): the actors that are not people by their label
// (智能助手, 系统), a department's clerk "dept:市公安局/li" as 市公安局
// and the clerk, a person on a surface ("desk:", "api:", "tg:") in
// ActorVia's words (王芳（控制台）), any other "role:name" as the role's
// label and the name (话务员 王芳). staff maps console logins to display
// names; a login it does not name shows as itself. Only the console's
// logins ("desk:", a role's, a clerk's) are looked up in staff: the name
// after "api:" is whatever the caller put in X-Agent under the shared
// token and the one after "tg:" a Telegram username, so they show as
// recorded (wang（坐席接口）), never as the console person who happens
// to have that login.
func (l ConsoleLabels) Actor(actor string, staff map[string]string) string {
	if name := LabelMap(l.Actors)[actor]; name != "" {
		return name
	}
	person := func(login string) string {
		if n := staff[login]; n != "" {
			return n
		}
		return login
	}
	kind, rest, ok := strings.Cut(actor, ":")
	if !ok {
		return person(actor)
	}
	if kind == "dept" {
		dept, who, _ := strings.Cut(rest, "/")
		if who == "" {
			return dept
		}
		return dept + " " + person(who)
	}
	if surface := LabelMap(l.Surfaces)[kind]; surface != "" {
		name := rest
		if kind == surfaceDesk {
			name = person(rest)
		}
		return strings.NewReplacer("{name}", name, "{surface}", surface).Replace(l.ActorVia)
	}
	if role := LabelMap(l.Roles)[kind]; role != "" {
		return role + " " + person(rest)
	}
	return person(rest)
}

// ConvStateLabels name the console's conversation states by code.
type ConvStateLabels struct {
	Queued     string `yaml:"queued"`
	Agent      string `yaml:"agent"`
	Idle       string `yaml:"idle"`
	Collecting string `yaml:"collecting"`
	Confirming string `yaml:"confirming"`
	Rating     string `yaml:"rating"`
	Kb         string `yaml:"kb"`
}

// DeliveryLabels name the console's deliveries by code.
type DeliveryLabels struct {
	Queued     string `yaml:"queued"`
	Pending    string `yaml:"pending"`
	Sent       string `yaml:"sent"`
	Delivered  string `yaml:"delivered"`
	Failed     string `yaml:"failed"`
	SmscAck    string `yaml:"smsc_ack"`
	Buffered   string `yaml:"buffered"`
	SmscReject string `yaml:"smsc_reject"`
	Retrying   string `yaml:"retrying"`
	Rerouted   string `yaml:"rerouted"`
}

// FieldLabels name the console's fields by code.
type FieldLabels struct {
	Number           string `yaml:"number"`
	Status           string `yaml:"status"`
	Title            string `yaml:"title"`
	Description      string `yaml:"description"`
	Type             string `yaml:"type"`
	Category         string `yaml:"category"`
	Department       string `yaml:"department"`
	CoDepartments    string `yaml:"co_departments"`
	District         string `yaml:"district"`
	Town             string `yaml:"town"`
	Address          string `yaml:"address"`
	Urgency          string `yaml:"urgency"`
	Phone            string `yaml:"phone"`
	Name             string `yaml:"name"`
	Channel          string `yaml:"channel"`
	AcceptedAt       string `yaml:"accepted_at"`
	Due              string `yaml:"due"`
	SignDue          string `yaml:"sign_due"`
	RequestedDue     string `yaml:"requested_due"`
	Leader           string `yaml:"leader"`
	Instruction      string `yaml:"instruction"`   // a 批示件's instruction text (批示内容)
	InstructedAt     string `yaml:"instructed_at"` // when it was given (批示时间)
	InstructionDue   string `yaml:"instruction_due"`
	InstructionState string `yaml:"instruction_state"` // 办理中（未超期）/ 已超期 / 已办结 (report_texts.instruction_states)
	Reply            string `yaml:"reply"`
	Satisfaction     string `yaml:"satisfaction"`
	RepeatOf         string `yaml:"repeat_of"`
	Warning          string `yaml:"warning"` // the deadline mark (console_labels.warnings name its values)
}

// AuditKeyLabels name the console's audit keys by code.
type AuditKeyLabels struct {
	State       string `yaml:"state"`
	Agent       string `yaml:"agent"`
	Role        string `yaml:"role"`
	Text        string `yaml:"text"`
	Co          string `yaml:"co"`
	Flags       string `yaml:"flags"`
	Events      string `yaml:"events"`
	Disabled    string `yaml:"disabled"`
	DisplayName string `yaml:"display_name"`
	Count       string `yaml:"count"`
	Filter      string `yaml:"filter"`
	Format      string `yaml:"format"`
}

// FlagLabels name the console's flags by code.
type FlagLabels struct {
	Supervised  string `yaml:"supervised"`
	Instruction string `yaml:"instruction"`
	LeaderItem  string `yaml:"leader_item"`
	Repeat      string `yaml:"repeat"`
	Emergency   string `yaml:"emergency"`
	NotVisited  string `yaml:"not_visited"`
}

// WarningLabels name the console's warnings by code.
type WarningLabels struct {
	Yellow string `yaml:"yellow"`
	Red    string `yaml:"red"`
}

// StatusLabels name the states of a work order (ticket.Status), for
// staff (the console, reports, tickets list, which also reads them back:
// --status 已派单) and for citizens (the status in replies.status).
type StatusLabels struct {
	Draft              string `yaml:"draft"`
	Accepted           string `yaml:"accepted"`
	Answered           string `yaml:"answered"`
	Dispatched         string `yaml:"dispatched"`
	Signed             string `yaml:"signed"`
	Replied            string `yaml:"replied"`
	Reviewed           string `yaml:"reviewed"`
	Visited            string `yaml:"visited"`
	Closed             string `yaml:"closed"`
	Returned           string `yaml:"returned"`
	ExtensionRequested string `yaml:"extension_requested"`
	Reopened           string `yaml:"reopened"`
	Cancelled          string `yaml:"cancelled"`
	Unknown            string `yaml:"unknown"` // a value that is no state
}

// Label returns the label of the state whose code is status, or Unknown.
func (l StatusLabels) Label(status string) string {
	if status != "unknown" {
		if s := LabelMap(l)[status]; s != "" {
			return s
		}
	}
	return l.Unknown
}

// QueueLabels name the office's work queues (workflow.QueueList).
type QueueLabels struct {
	Dispatch   string `yaml:"dispatch"`   // accepted, held for the office
	Redo       string `yaml:"redo"`       // reopened
	Review     string `yaml:"review"`     // a department replied
	Visit      string `yaml:"visit"`      // a rating asked for, not given yet (回访)
	Extension  string `yaml:"extension"`  // a department asks for more time
	Return     string `yaml:"return"`     // a department returned the order
	Due        string `yaml:"due"`        // yellow or red
	Supervised string `yaml:"supervised"` // 督办 and 批示
}

// LabelMap returns table (one of the label structs above) as a map from
// code to label.
func LabelMap(table any) map[string]string {
	v := reflect.ValueOf(table)
	m := make(map[string]string, v.NumField())
	for i := range v.NumField() {
		m[yamlName(v.Type().Field(i))] = v.Field(i).String()
	}
	return m
}

// Label returns the label of role (a console role's code), or the code
// itself for a role the table does not name.
func (l RoleLabels) Label(role string) string {
	if s := LabelMap(l)[role]; s != "" {
		return s
	}
	return role
}

func (v *validator) consoleLabels() {
	v.labels("console_labels", v.c.ConsoleLabels)
	v.placeholders("console_labels.emergency.set_aside", v.c.ConsoleLabels.Emergency.SetAside, defaultLabelsAndTexts().labels.Emergency.SetAside)
	v.placeholders("console_labels.actor_via", v.c.ConsoleLabels.ActorVia, defaultLabelsAndTexts().labels.ActorVia)
	v.labels("status_labels", v.c.StatusLabels)
	for name, label := range v.c.ChannelLabels {
		v.nonEmpty("channel_labels."+name, label)
	}
	// The two ways in that no channel package names: a file's list
	// replaces the default's, so it must keep them.
	for _, name := range []string{"phone", "desk"} {
		if _, ok := v.c.ChannelLabels[name]; !ok {
			v.add("channel_labels", msgChannelLabelGone, name, name, map[string]string{"phone": "电话", "desk": "坐席登记"}[name])
		}
	}
	seen := map[string]string{}
	sl := reflect.ValueOf(v.c.StatusLabels)
	for i := range sl.NumField() {
		name, label := yamlName(sl.Type().Field(i)), sl.Field(i).String()
		if other, dup := seen[label]; dup && label != "" {
			v.add("status_labels."+name, msgStatusLabelTwice, label, other)
		}
		seen[label] = name
	}
}

// labels checks that every label of table (a struct of strings and of
// structs of strings) at section is set.
func (v *validator) labels(section string, table any) {
	rv := reflect.ValueOf(table)
	for i := range rv.NumField() {
		p := section + "." + yamlName(rv.Type().Field(i))
		f := rv.Field(i)
		if f.Kind() == reflect.String {
			v.nonEmpty(p, f.String())
			continue
		}
		for j := range f.NumField() {
			v.nonEmpty(p+"."+yamlName(f.Type().Field(j)), f.Field(j).String())
		}
	}
}

// ChannelLabel returns the label of a channel: channel_labels' entry, or
// fallback (a descriptor's own label) when there is none, or the name.
func (c *Config) ChannelLabel(name, fallback string) string {
	if l := c.ChannelLabels[name]; l != "" {
		return l
	}
	if fallback != "" {
		return fallback
	}
	return name
}
