package desk

import (
	"net/http"
	"strings"

	"hotline/domain"
	"hotline/httpx"
	"hotline/ticket"
)

// The console's tables: every code the page shows (states, roles, actions,
// channels, …) has its zh-CN label here, served to the page by
// GET /desk/api/meta; the page keeps no copy of them.

// Who may do what in the console: the routes (Routes) and the page's
// buttons (served as meta.can) use the same groups; the workflow checks
// the same rules again.
var (
	roleAgents    = []string{RoleAgent, RoleLeader, RoleAdmin}                 // conversations
	roleOffice    = []string{RoleAgent, RoleSupervisor, RoleAdmin}             // edit, answer, dispatch, merge, review, extensions, rating
	roleReaders   = []string{RoleAgent, RoleSupervisor, RoleLeader, RoleAdmin} // lists across departments
	roleSupervise = []string{RoleSupervisor, RoleLeader, RoleAdmin}            // 督办, 批示
	roleDept      = []string{RoleDepartment}                                   // sign, reply, extension, return, reveal the phone
	roleAdmins    = []string{RoleAdmin}                                        // users, audit log
)

// actionLabels names what happened, in an order's history (ticket.Event
// Action) and in the audit log (AuditEntry Action). Audit actions of the
// form "ticket.X" take the label of X.
var actionLabels = map[string]string{
	// An order's history.
	"accept":               "受理",
	"answer":               "直接答复",
	"dispatch":             "派单",
	"hold":                 "待派单",
	"sign":                 "签收",
	"reply":                "办理反馈",
	"review":               "审核通过",
	"review_reject":        "退回重办",
	"visit":                "回访",
	"visit_timeout":        "超时未评价",
	"close":                "办结",
	"return":               "退回",
	"request_extension":    "申请延期",
	"decide_extension":     "审批延期",
	"extension_granted":    "同意延期",
	"extension_refused":    "不同意延期",
	"reopen":               "重办",
	"cancel":               "撤销",
	"merge":                "并单",
	"merge_in":             "并入重复件",
	"edit":                 "修改",
	"correct":              "纠正识别结果",
	"remind":               "催办",
	"remind_sign":          "签收催办",
	"remind_finish":        "办结催办",
	"escalate":             "超期升级",
	"redo_due":             "重办时限",
	"rate":                 "评价",
	"supervise":            "督办",
	"instruct":             "领导批示",
	"remind_instruction":   "批示件催办",
	"instruction_overdue":  "批示件超期",
	"view":                 "查看",
	"notify":               "通知承办单位",
	"delivery_retrying":    "发送失败，正在重试",
	"delivery_failed":      "发送失败",
	"delivery_sent":        "重试后已发出",
	"delivery_rerouted":    "改用其他渠道发送",
	"delivery_undelivered": "未送达",

	// The audit log.
	"login":                   "登录",
	"login.failed":            "登录失败",
	"logout":                  "退出登录",
	"user.add":                "新增用户",
	"duty.add":                "新增领导接听安排",
	"leader_item":             "列为领导接听件",
	"duty.delete":             "删除领导接听安排",
	"user.passwd":             "修改密码",
	"user.reset":              "重置密码",
	"user.disable":            "停用账号",
	"user.enable":             "启用账号",
	"user.update":             "修改用户",
	"order.register":          "登记工单",
	"order.reveal_phone":      "查看号码",
	"order.export":            "导出工单",
	"conversation.take":       "接管会话",
	"conversation.release":    "交还机器人",
	"conversation.close":      "结束会话",
	"conversation.reply":      "坐席回复",
	"conversation.transfer":   "转接会话",
	"conversation.agent":      "坐席接入",
	"conversation.idle":       "会话结束",
	"conversation.queued":     "转人工排队",
	"conversation.collecting": "交还机器人",
	"call.register":           "来电登记",
	"call.note":               "通话记录",
	"callback.claim":          "认领回拨",
	"callback.answered":       "回拨已答复",
	"callback.no_answer":      "回拨无人接听",
	"callback.wrong_number":   "回拨号码错误",
	"callback.order":          "回拨登记工单",
}

// ActionLabel returns the zh-CN name of an action code; an unknown code is
// "其他操作", never the code.
func ActionLabel(code string) string {
	if l, ok := actionLabels[code]; ok {
		return l
	}
	if rest, ok := strings.CutPrefix(code, "ticket."); ok {
		if l, ok := actionLabels[rest]; ok {
			return l
		}
	}
	return "其他操作"
}

// ChannelLabel returns the zh-CN name of a channel (Options.ChannelLabels,
// from the server's list of channels).
func (c *Console) ChannelLabel(ch string) string {
	if l, ok := c.o.ChannelLabels[ch]; ok {
		return l
	}
	return "其他渠道"
}

// convLabels are the conversation states.
var convLabels = map[string]string{
	string(domain.ConvQueued): "等待接入", string(domain.ConvAgent): "人工处理中", string(domain.ConvIdle): "空闲",
	string(domain.ConvCollecting): "机器人收集中", string(domain.ConvConfirming): "待确认", string(domain.ConvRating): "待评价", string(domain.ConvKB): "知识库答复",
}

// actorLabels name the actors that are not people.
var actorLabels = map[string]string{
	"bot": "智能助手", "citizen": "市民", "system": "系统", "cli": "命令行", "bench": "压力测试",
}

// deliveryLabels are the delivery states of outbound messages.
var deliveryLabels = map[string]string{
	"queued": "待发送", "pending": "待发送", "sent": "已发送", "delivered": "已送达", "failed": "发送失败",
	"smsc_ack": "短信中心已接收", "buffered": "短信中心排队", "smsc_reject": "短信中心拒收",
	"retrying": "发送失败，正在重试", "rerouted": "已改用其他渠道发送",
}

// fieldLabels are an order's fields.
var fieldLabels = map[string]string{
	"number": "编号", "status": "状态", "title": "标题", "description": "诉求内容", "type": "诉求类型",
	"category": "类别", "department": "承办单位", "co_departments": "协办单位", "district": "区县",
	"town": "街镇", "address": "地址", "urgency": "紧急程度", "phone": "电话", "name": "姓名",
	"channel": "渠道", "accepted_at": "受理时间", "due": "办结时限", "sign_due": "签收时限", "requested_due": "申请延期至",
	"leader": "批示领导", "instruction_due": "批示件办理期限",
	"reply": "办理结果", "satisfaction": "满意度", "repeat_of": "并入",
}

// warningLabels are the deadline marks.
var warningLabels = map[string]string{"yellow": "即将超期", "red": "已超期"}

type codeLabel struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type categoryMeta struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Department string `json:"department"`
}

// meta is what GET /desk/api/meta answers: the console's tables and the
// city's lists.
func (c *Console) meta() map[string]any {
	cfg := c.o.Config
	statuses := []codeLabel{}
	for _, s := range ticket.AllStatuses() {
		statuses = append(statuses, codeLabel{string(s), s.Label()})
	}
	roles := []codeLabel{}
	for _, r := range Roles() {
		roles = append(roles, codeLabel{r, RoleLabel(r)})
	}
	cats := make([]categoryMeta, 0, len(cfg.Categories))
	for _, ct := range cfg.Categories {
		cats = append(cats, categoryMeta{ct.Code, ct.Name, ct.Department})
	}
	depts := make([]string, 0, len(cfg.Departments))
	for _, d := range cfg.Departments {
		depts = append(depts, d.Name)
	}
	dists := make([]string, 0, len(cfg.Districts))
	for _, d := range cfg.Districts {
		dists = append(dists, d.Name)
	}
	tz := cfg.City.Timezone
	if tz == "" {
		tz = cfg.Location().String()
	}
	return map[string]any{
		"city": cfg.City.Name, "timezone": tz,
		"statuses": statuses, "roles": roles, "actions": actionLabels, "actors": actorLabels,
		"channels": c.o.ChannelLabels, "conversation_states": convLabels, "deliveries": deliveryLabels,
		"fields": fieldLabels, "editable_fields": ticket.EditableFields(), "warnings": warningLabels,
		"request_types": ticket.RequestTypes(), "urgencies": ticket.UrgencyLevels(),
		"satisfactions": []string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied},
		"categories":    cats, "departments": depts, "districts": dists,
		"can": map[string][]string{"agents": roleAgents, "office": roleOffice, "readers": roleReaders,
			"supervise": roleSupervise, "department": roleDept, "admin": roleAdmins},
		"unknown_action": ActionLabel(""), "staff": c.staffNames(),
	}
}

func (c *Console) metaHandler(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, c.meta())
	return nil
}
