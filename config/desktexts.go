package config

import (
	"strings"
)

// DeskTexts are the words the console's server writes itself, outside
// its pages (the pages' own words are the console's): the export of a
// search, an archived order's state, the name of an attachment uploaded
// without a usable one.
type DeskTexts struct {
	Export ExportTexts `yaml:"export"`
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
	FileName string        `yaml:"file_name"`
	Sheet    string        `yaml:"sheet"` // the XLSX's sheet: at most 31 characters, none of : \ / ? * [ ]
	Columns  ExportColumns `yaml:"columns"`
}

// ExportColumns are the columns of an export, in their order.
type ExportColumns struct {
	Number        string `yaml:"number"`
	Status        string `yaml:"status"`
	Title         string `yaml:"title"`
	Description   string `yaml:"description"`
	Type          string `yaml:"type"`
	Category      string `yaml:"category"`
	Department    string `yaml:"department"`
	CoDepartments string `yaml:"co_departments"`
	District      string `yaml:"district"`
	Town          string `yaml:"town"`
	Address       string `yaml:"address"`
	Urgency       string `yaml:"urgency"`
	Channel       string `yaml:"channel"`
	Phone         string `yaml:"phone"`
	Accepted      string `yaml:"accepted"`
	SignDue       string `yaml:"sign_due"`
	Due           string `yaml:"due"`
	Warning       string `yaml:"warning"` // the deadline mark (console_labels.warnings)
	Reply         string `yaml:"reply"`
	Satisfaction  string `yaml:"satisfaction"`
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
		v.add(p+".attachment", "%q: a file's name may have none of %s", t.Attachment, badFileChars)
	}
	if v.nonEmpty(p+".export.file_name", t.Export.FileName) && v.template(p+".export.file_name", t.Export.FileName, sample) {
		if name := Render(t.Export.FileName, sample); strings.ContainsAny(name, badFileChars) {
			v.add(p+".export.file_name", "gives %q: a file's name may have none of %s", name, badFileChars)
		}
	}
	if v.nonEmpty(p+".export.sheet", t.Export.Sheet) {
		v.sheetName(p+".export.sheet", t.Export.Sheet)
	}
	v.labels(p+".export.columns", t.Export.Columns)
}
