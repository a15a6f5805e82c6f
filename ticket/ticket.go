// Package ticket is the work-order (工单) model: its fields, states and the
// transitions allowed between them, its append-only event history, and the
// working-day calendar that deadlines are counted on. It does no I/O.
package ticket

import "time"

// Status is a work order's state.
type Status string

// The states of DESIGN.md. Any transition not in the table (transitions.go)
// is an error.
const (
	Draft              Status = "draft"               // the bot is still collecting
	Accepted           Status = "accepted"            // 受理
	Answered           Status = "answered"            // 直接答复
	Dispatched         Status = "dispatched"          // 派单
	Signed             Status = "signed"              // 签收
	Replied            Status = "replied"             // 办理反馈
	Reviewed           Status = "reviewed"            // 审核通过
	Visited            Status = "visited"             // 回访
	Closed             Status = "closed"              // 办结
	Returned           Status = "returned"            // 退回
	ExtensionRequested Status = "extension_requested" // 申请延期
	Reopened           Status = "reopened"            // 重办
	Cancelled          Status = "cancelled"           // the citizen withdrew a draft or accepted order
)

// Request types (诉求类型).
const (
	TypeConsult   = "咨询"
	TypeHelp      = "求助"
	TypeComplaint = "投诉"
	TypeReport    = "举报"
	TypeSuggest   = "建议"
	TypePraise    = "表扬"
)

// Urgency levels.
const (
	UrgencyNormal    = "一般"
	UrgencyUrgent    = "紧急"
	UrgencyEmergency = "特急"
)

// Satisfaction ratings.
const (
	Satisfied      = "满意"
	BasicSatisfied = "基本满意"
	Unsatisfied    = "不满意"
)

// Flags are markers on an order.
type Flags struct {
	LeaderItem  bool `json:"leader_item,omitempty"` // 领导接听件
	Instruction bool `json:"instruction,omitempty"` // 批示件
	Supervised  bool `json:"supervised,omitempty"`  // 督办
	Repeat      bool `json:"repeat,omitempty"`      // 重复件
	Emergency   bool `json:"emergency,omitempty"`   // flagged emergency
	NotVisited  bool `json:"not_visited,omitempty"` // no answer to the return visit
	ThreeWay    bool `json:"three_way,omitempty"`   // 三方通话: the department joined the call
}

// Location is a place given by coordinates.
type Location struct {
	Label string  `json:"label,omitempty"`
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
}

// Event is one entry of the append-only history.
type Event struct {
	At     time.Time            `json:"at"`
	Actor  string               `json:"actor"`  // "bot", "citizen", "agent:wang", "dept:市公安局", "system"
	Action string               `json:"action"` // accept, dispatch, sign, reply, edit, correct, ...
	From   Status               `json:"from,omitempty"`
	To     Status               `json:"to,omitempty"`
	Note   string               `json:"note,omitempty"`
	Fields map[string][2]string `json:"fields,omitempty"` // edited field → [before, after]
}

// Ticket is a work order.
type Ticket struct {
	Number         string    `json:"number"` // 20261127-0042
	Channel        string    `json:"channel"`
	CitizenID      string    `json:"citizen_id"`
	ConversationID string    `json:"conversation_id"`
	Name           string    `json:"name,omitempty"`
	Phone          string    `json:"phone,omitempty"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Type           string    `json:"type"`     // 咨询 ...
	Category       string    `json:"category"` // code: SRHW
	Department     string    `json:"department"`
	CoDepartments  []string  `json:"co_departments,omitempty"` // 协办
	District       string    `json:"district,omitempty"`
	Town           string    `json:"town,omitempty"`
	Address        string    `json:"address,omitempty"`
	Location       *Location `json:"location,omitempty"`
	Urgency        string    `json:"urgency"`
	// EmergencyNumber is the emergency service the citizen was told to
	// call (119, 110, 120, 122) for an emergency order; its rule, not the
	// category model, gives the order's category and department.
	EmergencyNumber string `json:"emergency_number,omitempty"`
	// EmergencyReason is why the order was flagged as an emergency: the
	// number, the citizen's words and the classifier's rule (nil for an
	// order flagged before reasons were kept).
	EmergencyReason *EmergencyReason `json:"emergency_reason,omitempty"`
	// Hold is why an accepted order waits in the office's 待派单 queue
	// instead of having been dispatched at registration (直派).
	Hold        string   `json:"hold,omitempty"`
	Flags       Flags    `json:"flags"`
	Status      Status   `json:"status"`
	Attachments []string `json:"attachments,omitempty"` // channel media references
	// Confidence of the classifier per field (category, department, ...).
	Confidence  map[string]float64 `json:"confidence,omitempty"`
	RepeatOf    string             `json:"repeat_of,omitempty"` // merged into (并单)
	RepeatCount int                `json:"repeat_count,omitempty"`

	ReceivedAt   time.Time `json:"received_at"`
	AcceptedAt   time.Time `json:"accepted_at,omitzero"`
	DispatchedAt time.Time `json:"dispatched_at,omitzero"`
	SignedAt     time.Time `json:"signed_at,omitzero"`
	RepliedAt    time.Time `json:"replied_at,omitzero"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`
	SignDue      time.Time `json:"sign_due,omitzero"`
	Due          time.Time `json:"due,omitzero"`
	// InstructionDue is the deadline of a 批示件, counted from the
	// leader's latest instruction (time_limits.instruction_days working
	// days); zero for other orders.
	InstructionDue time.Time `json:"instruction_due,omitzero"`

	Reply        string `json:"reply,omitempty"`        // the department's result (办理反馈)
	Satisfaction string `json:"satisfaction,omitempty"` // 满意 / 基本满意 / 不满意
	Solved       *bool  `json:"solved,omitempty"`

	Events []Event `json:"events"`

	// CallID and Recording tie an order registered from a phone call to
	// the switch's call and its recording (package calls).
	CallID    string `json:"call_id,omitempty"`
	Recording string `json:"recording_url,omitempty"`
}
