package httpx

import (
	"fmt"
	"net/http"
)

// The catalogue of HTTP errors: one named value per error a handler
// answers, each with its status, its machine-readable code and its zh-CN
// message (what staff and citizens read). A handler returns the value, or
// a copy with details (With, Withf); errors.Is matches a copy against its
// catalogue value. New errors are added here, not written inline.
var (
	// Generic request errors (also written by ReadBody and DecodeJSON).
	ErrInternal    = newErr(http.StatusInternalServerError, "internal", "服务器内部错误，请稍后再试")
	ErrTooLarge    = newErr(http.StatusRequestEntityTooLarge, "too_large", "请求内容过大")
	ErrBadBody     = newErr(http.StatusBadRequest, "bad_body", "无法读取请求内容")
	ErrInvalidUTF8 = newErr(http.StatusBadRequest, "invalid_utf8", "请求内容不是有效的 UTF-8 编码")
	ErrBadJSON     = newErr(http.StatusBadRequest, "bad_json", "请求内容的 JSON 格式错误")
	ErrBadForm     = newErr(http.StatusBadRequest, "bad_form", "表单格式错误")
	ErrBadQuery    = newErr(http.StatusBadRequest, "bad_query", "查询条件有误")
	ErrNoEndpoint  = newErr(http.StatusNotFound, "not_found", "没有这个接口")
	ErrNoStream    = newErr(http.StatusInternalServerError, "no_stream", "服务器不支持实时推送")
	// ErrUnavailable: the storage cannot write now (a full disk); nothing
	// was saved, and the same request succeeds later (Retry-After).
	ErrUnavailable = newErr(http.StatusServiceUnavailable, "unavailable", "暂时无法保存，请稍后再试")

	// Authentication and permissions.
	ErrBadToken        = newErr(http.StatusUnauthorized, "unauthorized", "需要有效的令牌")
	ErrNoAgent         = newErr(http.StatusBadRequest, "no_agent", "请在 X-Agent 请求头中给出坐席名")
	ErrLoginRequired   = newErr(http.StatusUnauthorized, "no_session", "请先登录")
	ErrLoginMissing    = newErr(http.StatusBadRequest, "missing", "请输入用户名和密码")
	ErrBadLogin        = newErr(http.StatusUnauthorized, "bad_login", "用户名或密码错误")
	ErrTooManyAttempts = newErr(http.StatusTooManyRequests, "too_many_attempts", "登录失败次数过多")
	ErrForbidden       = newErr(http.StatusForbidden, "forbidden", "您无权进行此操作")

	// Conversations.
	ErrConvNotFound = newErr(http.StatusNotFound, "not_found", "会话不存在")
	ErrHeld         = newErr(http.StatusConflict, "held", "该会话已由其他坐席接管")
	ErrNotHeld      = newErr(http.StatusConflict, "not_held", "请先接管该会话")
	ErrBadTarget    = newErr(http.StatusUnprocessableEntity, "bad_target", "请选择另一位在岗坐席")

	// Work orders.
	ErrOrderNotFound = newErr(http.StatusNotFound, "not_found", "工单不存在")
	ErrBadNumber     = newErr(http.StatusBadRequest, "bad_number", "工单编号格式错误")
	ErrBadStatus     = newErr(http.StatusBadRequest, "bad_status", "未知的工单状态")
	ErrBadState      = newErr(http.StatusConflict, "bad_state", "工单当前状态下不能进行此操作")
	ErrRule          = newErr(http.StatusUnprocessableEntity, "rule", "不符合办理规则")
	ErrRequired      = newErr(http.StatusUnprocessableEntity, "required", "请填写必填内容")
	ErrTooLong       = newErr(http.StatusBadRequest, "too_long", "内容过长")
	ErrBadField      = newErr(http.StatusUnprocessableEntity, "bad_field", "不能修改该字段")
	ErrBadDepartment = newErr(http.StatusUnprocessableEntity, "bad_department", "未知的承办单位")
	ErrBadCategory   = newErr(http.StatusUnprocessableEntity, "bad_category", "未知的诉求类别")
	ErrBadDate       = newErr(http.StatusUnprocessableEntity, "bad_date", "日期格式错误，请填写如 2026-12-01 的日期")
	ErrBadRating     = newErr(http.StatusUnprocessableEntity, "bad_rating", "请选择满意、基本满意或不满意")
	ErrNoPhone       = newErr(http.StatusNotFound, "no_phone", "该工单没有市民电话")
	// ErrArchived: the order was moved to the yearly archive (retention)
	// and is kept read-only.
	ErrArchived    = newErr(http.StatusConflict, "archived", "该工单已归档，只能查看，不能办理")
	ErrArchiveBusy = newErr(http.StatusConflict, "archive_busy", "归档或压缩正在进行，请稍后再试")

	// Attachments.
	ErrAttachmentType     = newErr(http.StatusUnsupportedMediaType, "bad_type", "不支持的附件类型（可上传 PDF、图片、Word、Excel、TXT、ZIP）")
	ErrAttachmentTooLarge = newErr(http.StatusRequestEntityTooLarge, "too_large", "附件过大")
	ErrAttachmentNotFound = newErr(http.StatusNotFound, "not_found", "附件不存在")

	// Users.
	ErrUserExists   = newErr(http.StatusConflict, "exists", "用户已存在")
	ErrBadUser      = newErr(http.StatusUnprocessableEntity, "bad_user", "用户信息有误")
	ErrUserNotFound = newErr(http.StatusNotFound, "not_found", "用户不存在")
	ErrSelf         = newErr(http.StatusUnprocessableEntity, "self", "不能停用自己的账号或降低自己的权限")
)

var catalogue []*Error

func newErr(status int, code, msg string) *Error {
	e := &Error{Status: status, Code: code, Msg: msg}
	catalogue = append(catalogue, e)
	return e
}

// Catalogue returns every error of the catalogue (for tests and docs).
func Catalogue() []*Error {
	out := make([]*Error, len(catalogue))
	for i, e := range catalogue {
		c := *e
		out[i] = &c
	}
	return out
}

// With returns a copy of e whose message ends with detail ("用户已存在：li").
func (e *Error) With(detail string) *Error {
	c := *e
	c.parent = e.root()
	if detail != "" {
		c.Msg = e.Msg + "：" + detail
	}
	return &c
}

// Withf is With with a format.
func (e *Error) Withf(format string, args ...any) *Error { return e.With(fmt.Sprintf(format, args...)) }

// Say returns a copy of e with msg as its whole message (a rule the
// workflow explains itself).
func (e *Error) Say(msg string) *Error {
	c := *e
	c.parent = e.root()
	c.Msg = msg
	return &c
}

func (e *Error) root() *Error {
	if e.parent != nil {
		return e.parent
	}
	return e
}

// Is reports whether target is the catalogue value e was derived from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e.root() == t.root()
}
