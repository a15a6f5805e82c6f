package desk

import (
	"hotline/config"
	"hotline/httpx"
)

// The console's own refusals are texts of http_errors.desk and
// http_errors.inputs, picked here and filled in when the error is
// written, in the words the request's context carries (httpx.NewContext).
var (
	txtOrderForbidden  = deskText(func(d config.DeskErrors) string { return d.OrderForbidden })
	txtRoleForbidden   = deskText(func(d config.DeskErrors) string { return d.RoleForbidden })
	txtRetryAfter      = deskText(func(d config.DeskErrors) string { return d.RetryAfter })
	txtStateRefused    = deskText(func(d config.DeskErrors) string { return d.StateRefused })
	txtStateNoPhone    = deskText(func(d config.DeskErrors) string { return d.StateNoPhone })
	txtRequired        = deskText(func(d config.DeskErrors) string { return d.Required })
	txtTooLong         = deskText(func(d config.DeskErrors) string { return d.TooLong })
	txtMainDepartment  = deskText(func(d config.DeskErrors) string { return d.MainDepartment })
	txtMergeNumber     = deskText(func(d config.DeskErrors) string { return d.MergeNumber })
	txtUploadLimit     = deskText(func(d config.DeskErrors) string { return d.UploadLimit })
	txtOrderTooLong    = deskText(func(d config.DeskErrors) string { return d.OrderTooLong })
	txtBadPhone        = deskText(func(d config.DeskErrors) string { return d.BadPhone })
	txtLeaderAccount   = deskText(func(d config.DeskErrors) string { return d.LeaderAccount })
	txtLeaderAmbiguous = deskText(func(d config.DeskErrors) string { return d.LeaderAmbiguous })
	txtNoLeaderSession = deskText(func(d config.DeskErrors) string { return d.NoLeaderSession })
	txtDutyNotFound    = deskText(func(d config.DeskErrors) string { return d.DutyNotFound })
	txtQueueNotFound   = deskText(func(d config.DeskErrors) string { return d.QueueNotFound })
	txtQueueForbidden  = deskText(func(d config.DeskErrors) string { return d.QueueForbidden })
	// 质检 (inspection.go).
	txtInspectionNotFound = deskText(func(d config.DeskErrors) string { return d.InspectionNotFound })
	txtInspectionSample   = deskText(func(d config.DeskErrors) string { return d.InspectionSample })
	txtInspectionScore    = deskText(func(d config.DeskErrors) string { return d.InspectionScore })
	txtReportNotFound     = deskText(func(d config.DeskErrors) string { return d.ReportNotFound })
	txtReportFormat       = deskText(func(d config.DeskErrors) string { return d.ReportFormat })
	txtPhoneDigits        = deskText(func(d config.DeskErrors) string { return d.PhoneDigits })
	txtUnknownDistrict    = deskText(func(d config.DeskErrors) string { return d.UnknownDistrict })
	txtUnknownFlag        = deskText(func(d config.DeskErrors) string { return d.UnknownFlag })
	txtUnknownChannel     = deskText(func(d config.DeskErrors) string { return d.UnknownChannel })
	txtBadUrgency         = deskText(func(d config.DeskErrors) string { return d.BadUrgency })
	txtDatesReversed      = deskText(func(d config.DeskErrors) string { return d.DatesReversed })
	txtBadSort            = deskText(func(d config.DeskErrors) string { return d.BadSort })
	txtBadPage            = deskText(func(d config.DeskErrors) string { return d.BadPage })
	txtBadPerPage         = deskText(func(d config.DeskErrors) string { return d.BadPerPage })
	txtExportFormat       = deskText(func(d config.DeskErrors) string { return d.ExportFormat })
	txtExportTooMany      = deskText(func(d config.DeskErrors) string { return d.ExportTooMany })
	txtDisplayName        = deskText(func(d config.DeskErrors) string { return d.DisplayName })
	txtUserName           = deskText(func(d config.DeskErrors) string { return d.UserName })
	txtChooseRole         = deskText(func(d config.DeskErrors) string { return d.ChooseRole })
	txtChooseDept         = deskText(func(d config.DeskErrors) string { return d.ChooseDept })
	txtUnknownDept        = deskText(func(d config.DeskErrors) string { return d.UnknownDept })
	txtDeptOnly           = deskText(func(d config.DeskErrors) string { return d.DeptOnly })
	txtPasswordShort      = deskText(func(d config.DeskErrors) string { return d.PasswordShort })
	txtPasswordLong       = deskText(func(d config.DeskErrors) string { return d.PasswordLong })
	txtNoUser             = deskText(func(d config.DeskErrors) string { return d.NoUser })
)

// The names of what the console asks to be filled in ({{.What}}).
var (
	inAnswer          = inputName(func(i config.DeskInputs) string { return i.Answer })
	inResult          = inputName(func(i config.DeskInputs) string { return i.Result })
	inCoReply         = inputName(func(i config.DeskInputs) string { return i.CoReply })
	inExtensionReason = inputName(func(i config.DeskInputs) string { return i.ExtensionReason })
	inNewDue          = inputName(func(i config.DeskInputs) string { return i.NewDue })
	inRefusal         = inputName(func(i config.DeskInputs) string { return i.Refusal })
	inReturnReason    = inputName(func(i config.DeskInputs) string { return i.ReturnReason })
	inRejection       = inputName(func(i config.DeskInputs) string { return i.Rejection })
	inSupervision     = inputName(func(i config.DeskInputs) string { return i.Supervision })
	inInstruction     = inputName(func(i config.DeskInputs) string { return i.Instruction })
	inInstrLeader     = inputName(func(i config.DeskInputs) string { return i.InstructionLeader })
	inDateFrom        = inputName(func(i config.DeskInputs) string { return i.DateFrom })
	inDateTo          = inputName(func(i config.DeskInputs) string { return i.DateTo })
	inInspectionNote  = inputName(func(i config.DeskInputs) string { return i.InspectionNote })
)

// deskText picks a text of http_errors.desk.
func deskText(pick func(config.DeskErrors) string) httpx.Text {
	return func(m *config.HTTPErrors) string { return pick(m.Desk) }
}

// inputName picks a name of http_errors.inputs.
func inputName(pick func(config.DeskInputs) string) httpx.Text {
	return func(m *config.HTTPErrors) string { return pick(m.Inputs) }
}

// noData fills a text without placeholders.
var noData config.HTTPErrorData
