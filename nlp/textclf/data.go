package textclf

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Column names accepted for the text and title of a message; the label
// column is named by the caller.
var (
	textColumns  = []string{"text", "content", "body", "留言详情"}
	titleColumns = []string{"title", "subject", "留言主题"}
)

// DataError says what is wrong with a file of examples, and where: Line,
// or 0 for the file as a whole. Its Error is English, as before; the
// command line words it by Problem (report_texts.command_line.examples).
type DataError struct {
	Path    string
	Line    int
	Problem DataProblem
	Field   string // the field, column or sheet the problem names
	Err     error  // the parser's error (DataNotJSON, DataNotCSV, DataUnreadable)
}

// DataProblem is what a DataError found.
type DataProblem int

const (
	DataFormat     DataProblem = iota + 1 // not .jsonl, .json, .csv or .xlsx (Field: the extension)
	DataNotJSON                           // a line, or the array, is not JSON objects
	DataNotCSV                            // not well-formed CSV (a quote not closed)
	DataUnreadable                        // a workbook that does not open, or has no sheet
	DataEmpty                             // no header row (Field: the sheet, if one)
	DataNoColumn                          // the header row has no column Field
	DataNoField                           // an object has no field Field
	DataNotString                         // the field Field is neither a string nor a number
	DataEmptyText                         // an example's text is empty
	DataEmptyLabel                        // an example's label (Field) is empty
)

func (e *DataError) Error() string {
	var what string
	switch e.Problem {
	case DataFormat:
		what = fmt.Sprintf("unsupported format %q (supported: .jsonl, .json, .csv, .xlsx)", e.Field)
	case DataEmpty:
		what = "empty file"
		if e.Field != "" {
			what = fmt.Sprintf("empty sheet %q", e.Field)
		}
	case DataNoColumn:
		what = fmt.Sprintf("no %q column in the header row", e.Field)
	case DataNoField:
		what = fmt.Sprintf("no %q field", e.Field)
	case DataNotString:
		what = fmt.Sprintf("field %q is not a string", e.Field)
	case DataEmptyText:
		what = "empty text"
	case DataEmptyLabel:
		what = "empty " + e.Field
	default:
		what = "unreadable"
		if e.Err != nil {
			what = e.Err.Error()
		}
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, what)
	}
	return fmt.Sprintf("textclf: %s: %s", e.Path, what)
}

func (e *DataError) Unwrap() error { return e.Err }

// at places err, a problem of the example at line of path: a DataError
// gets its place, any other error is JSON that did not parse.
func at(path string, line int, err error) error {
	var de *DataError
	if !errors.As(err, &de) {
		de = &DataError{Problem: DataNotJSON, Err: err}
	}
	de.Path, de.Line = path, line
	return de
}

// maxLineBytes bounds one JSON line.
const maxLineBytes = 16 << 20

// ReadExamples reads labelled messages from path, chosen by extension:
// .jsonl or .json (objects with "text", optional "title" and the label
// field; a .json file may also hold one array of such objects), .csv (a
// header row naming the text, title and label columns; UTF-8 with or
// without BOM) or .xlsx (the first sheet, with such a header row). Every
// row needs a non-empty text and label.
func ReadExamples(path, labelField string) ([]Example, error) {
	if labelField == "" {
		labelField = "label"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json":
		return readJSON(path, labelField)
	case ".csv":
		return readCSV(path, labelField)
	case ".xlsx":
		return readXLSX(path, labelField)
	}
	return nil, &DataError{Path: path, Problem: DataFormat, Field: filepath.Ext(path)}
}

func readJSON(path, labelField string) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("textclf: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		return readJSONArray(path, data, labelField)
	}
	var out []Example
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxLineBytes)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		e, err := decodeObject(b, labelField)
		if err != nil {
			return nil, at(path, line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("textclf: %s: %w", path, err)
	}
	return out, nil
}

func readJSONArray(path string, data []byte, labelField string) ([]Example, error) {
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, at(path, 1, err)
	}
	var out []Example
	for dec.More() {
		off := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, at(path, lineAt(off), err)
		}
		line := lineAt(dec.InputOffset() - int64(len(raw)))
		e, err := decodeObject(raw, labelField)
		if err != nil {
			return nil, at(path, line, err)
		}
		out = append(out, e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, at(path, lineAt(dec.InputOffset()), err)
	}
	return out, nil
}

// decodeObject reads one JSON object; string and number fields are taken
// as text.
func decodeObject(b []byte, labelField string) (Example, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return Example{}, &DataError{Problem: DataNotJSON, Err: err}
	}
	field := func(name string) (string, error) {
		raw, ok := obj[name]
		if !ok || string(raw) == "null" {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s, nil
		}
		var n json.Number
		if err := json.Unmarshal(raw, &n); err == nil {
			return n.String(), nil
		}
		return "", &DataError{Problem: DataNotString, Field: name}
	}
	var e Example
	var err error
	if e.Text, err = field("text"); err != nil {
		return e, err
	}
	if e.Title, err = field("title"); err != nil {
		return e, err
	}
	if _, ok := obj[labelField]; !ok {
		return e, &DataError{Problem: DataNoField, Field: labelField}
	}
	if e.Label, err = field(labelField); err != nil {
		return e, err
	}
	return e, checkExample(e, labelField)
}

func checkExample(e Example, labelField string) error {
	switch {
	case strings.TrimSpace(e.Text) == "":
		return &DataError{Problem: DataEmptyText}
	case strings.TrimSpace(e.Label) == "":
		return &DataError{Problem: DataEmptyLabel, Field: labelField}
	}
	return nil
}

// columns finds the text, title and label columns of a header row; title
// is -1 when absent.
func columns(path string, header []string, labelField string) (text, title, label int, err error) {
	find := func(names ...string) int {
		for i, h := range header {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			for _, n := range names {
				if strings.EqualFold(h, n) {
					return i
				}
			}
		}
		return -1
	}
	text, title, label = find(textColumns...), find(titleColumns...), find(labelField)
	switch {
	case label < 0:
		err = &DataError{Path: path, Problem: DataNoColumn, Field: labelField}
	case text < 0:
		err = &DataError{Path: path, Problem: DataNoColumn, Field: "text"}
	}
	return text, title, label, err
}

// fromRow builds an example from a data row; short rows read as blanks.
func fromRow(row []string, text, title, label int) Example {
	cell := func(i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	return Example{Title: cell(title), Text: cell(text), Label: cell(label)}
}

func readCSV(path, labelField string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("textclf: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, &DataError{Path: path, Problem: DataEmpty}
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	text, title, label, err := columns(path, header, labelField)
	if err != nil {
		return nil, err
	}
	var out []Example
	for {
		row, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		e := fromRow(row, text, title, label)
		if err := checkExample(e, labelField); err != nil {
			return nil, at(path, line, err)
		}
		out = append(out, e)
	}
}

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &DataError{Path: path, Line: pe.Line, Problem: DataNotCSV, Err: pe.Err}
	}
	return fmt.Errorf("textclf: %s: %w", path, err)
}

func readXLSX(path, labelField string) ([]Example, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("textclf: %w", err)
		}
		return nil, &DataError{Path: path, Problem: DataUnreadable, Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &DataError{Path: path, Problem: DataUnreadable, Err: errors.New("no sheets")}
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, &DataError{Path: path, Problem: DataUnreadable, Err: err}
	}
	if len(rows) == 0 {
		return nil, &DataError{Path: path, Problem: DataEmpty, Field: sheets[0]}
	}
	text, title, label, err := columns(path, rows[0], labelField)
	if err != nil {
		return nil, err
	}
	var out []Example
	for i, row := range rows[1:] {
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		e := fromRow(row, text, title, label)
		if err := checkExample(e, labelField); err != nil {
			return nil, at(path, i+2, err)
		}
		out = append(out, e)
	}
	return out, nil
}
