package config

import (
	"fmt"
	"slices"
	"strings"
)

// DeskTexts are the words the console's server writes itself, outside
// its pages (the pages' own words are the console's): the export of a
// search, an archived order's state, the name of an attachment uploaded
// without a usable one.
type DeskTexts struct {
	Export ExportTexts `yaml:"export"`
	// AuditExport names the audit log's download (XLSX), whose columns
	// are headed by the audit view's words (console_texts audit.time …
	// audit.after) and filled as the view shows them.
	AuditExport AuditExportTexts `yaml:"audit_export"`
	// Archived is an archived order's state, on its page and in an
	// export: text/template over DeskTextData ({{.Status}}: its state's
	// label).
	Archived string `yaml:"archived" need:"Status"`
	// Attachment names an attachment whose file name has nothing left
	// once cleaned.
	Attachment string `yaml:"attachment"`
}

// ExportTexts are the words of an export of a search (XLSX or CSV).
type ExportTexts struct {
	// FileName names the download, without its extension (.xlsx, .csv):
	// text/template over DeskTextData ({{.Time}}: when, city time,
	// 20261202-1504).
	FileName string `yaml:"file_name"`
	Sheet    string `yaml:"sheet"` // the XLSX's sheet: at most 31 characters, none of : \ / ? * [ ]
	// Columns are the export's columns, in their order: ids of
	// console_labels.fields (one of ExportFields), whose names head them.
	Columns []string `yaml:"columns"`
	// InstructionColumns are the columns of an export of 批示件 (a search
	// with the mark instruction), ids of ExportFields as Columns.
	InstructionColumns []string `yaml:"instruction_columns"`
}

// AuditExportTexts are the words of the audit log's export.
type AuditExportTexts struct {
	// FileName names the download, without .xlsx: text/template over
	// DeskTextData ({{.Time}}: when, city time, 20261202-1504).
	FileName string `yaml:"file_name"`
	Sheet    string `yaml:"sheet"` // at most 31 characters, none of : \ / ? * [ ]
}

// ExportFields are the fields an export can have as columns, by their
// ids in console_labels.fields (desk fills each; not the citizen's name,
// which no export carries).
var ExportFields = []string{"number", "status", "title", "description", "type", "category", "department", "co_departments",
	"district", "town", "address", "urgency", "channel", "phone", "accepted_at", "sign_due", "due", "warning", "reply",
	"satisfaction", "repeat_of", "instruction_due", "instruction", "leader", "instructed_at", "instruction_state"}

// Headings are the headings of an export's columns: each column's name
// in console_labels.fields.
func (t ExportTexts) Headings(fields FieldLabels, columns []string) []string {
	names := LabelMap(fields)
	out := make([]string, len(columns))
	for i, id := range columns {
		out[i] = names[id]
	}
	return out
}

// DeskTextData is what desk_texts are filled with.
type DeskTextData struct {
	Status string // an order's state (status_labels)
	Time   string // a time, city time: 20261202-1504
}

// badFileChars may not be in a file's name on Windows, where most
// exports are opened.
const badFileChars = `/\:*?"<>|`

func (v *validator) deskTexts() {
	const p = "desk_texts"
	t := v.c.DeskTexts
	sample := DeskTextData{Status: "已办结", Time: "20261202-1504"}
	v.docTemplate(p+".archived", t.Archived, "Status", sample)
	if v.nonEmpty(p+".attachment", t.Attachment) && strings.ContainsAny(t.Attachment, badFileChars) {
		v.add(p+".attachment", msgFileNameChars, t.Attachment, badFileChars)
	}
	if v.nonEmpty(p+".export.file_name", t.Export.FileName) && v.template(p+".export.file_name", t.Export.FileName, sample) {
		if name := Render(t.Export.FileName, sample); strings.ContainsAny(name, badFileChars) {
			v.add(p+".export.file_name", msgFileNameGives, name, badFileChars)
		}
	}
	if v.nonEmpty(p+".export.sheet", t.Export.Sheet) {
		v.sheetName(p+".export.sheet", t.Export.Sheet)
	}
	if v.nonEmpty(p+".audit_export.file_name", t.AuditExport.FileName) && v.template(p+".audit_export.file_name", t.AuditExport.FileName, sample) {
		if name := Render(t.AuditExport.FileName, sample); strings.ContainsAny(name, badFileChars) {
			v.add(p+".audit_export.file_name", msgFileNameGives, name, badFileChars)
		}
	}
	if v.nonEmpty(p+".audit_export.sheet", t.AuditExport.Sheet) {
		v.sheetName(p+".audit_export.sheet", t.AuditExport.Sheet)
	}
	v.words(p+".export.columns", t.Export.Columns, true)
	v.words(p+".export.instruction_columns", t.Export.InstructionColumns, true)
	for _, set := range []struct {
		key  string
		cols []string
	}{{"columns", t.Export.Columns}, {"instruction_columns", t.Export.InstructionColumns}} {
		for i, id := range set.cols {
			if !slices.Contains(ExportFields, id) {
				v.add(fmt.Sprintf("%s.export.%s[%d]", p, set.key, i), msgExportColumn, id, strings.Join(ExportFields, "、"))
			}
		}
	}
}
