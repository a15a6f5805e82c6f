package textclf

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Column names accepted for the text and title of a message; the label
// column is named by the caller.
var (
	textColumns  = []string{"text", "content", "body", "留言详情"}
	titleColumns = []string{"title", "subject", "留言主题"}
)

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
	return nil, fmt.Errorf("textclf: %s: unsupported format %q (supported: .jsonl, .json, .csv, .xlsx)", path, filepath.Ext(path))
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
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
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
		return nil, fmt.Errorf("%s:1: %w", path, err)
	}
	var out []Example
	for dec.More() {
		off := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, lineAt(off), err)
		}
		line := lineAt(dec.InputOffset() - int64(len(raw)))
		e, err := decodeObject(raw, labelField)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, lineAt(dec.InputOffset()), err)
	}
	return out, nil
}

// decodeObject reads one JSON object; string and number fields are taken
// as text.
func decodeObject(b []byte, labelField string) (Example, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return Example{}, err
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
		return "", fmt.Errorf("field %q is not a string", name)
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
		return e, fmt.Errorf("no %q field", labelField)
	}
	if e.Label, err = field(labelField); err != nil {
		return e, err
	}
	return e, checkExample(e, labelField)
}

func checkExample(e Example, labelField string) error {
	switch {
	case strings.TrimSpace(e.Text) == "":
		return errors.New("empty text")
	case strings.TrimSpace(e.Label) == "":
		return fmt.Errorf("empty %s", labelField)
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
		err = fmt.Errorf("textclf: %s: no %q column in the header row", path, labelField)
	case text < 0:
		err = fmt.Errorf("textclf: %s: no %q column in the header row", path, "text")
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
		return nil, fmt.Errorf("textclf: %s: empty file", path)
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
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, e)
	}
}

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("textclf: %s: %w", path, err)
}

func readXLSX(path, labelField string) ([]Example, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("textclf: %s: %w", path, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("textclf: %s: no sheets", path)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("textclf: %s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("textclf: %s: empty sheet %q", path, sheets[0])
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
			return nil, fmt.Errorf("%s:%s: %w", path, strconv.Itoa(i+2), err)
		}
		out = append(out, e)
	}
	return out, nil
}
