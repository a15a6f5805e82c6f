package textclf

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeXLSX(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "data.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

var wantExamples = []Example{
	{Title: "公交线路", Text: "公交车站取消了", Label: "交通运输"},
	{Title: "", Text: "学校乱收费", Label: "教育文体"},
}

func TestReadExamples(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, label string
	}{
		{"jsonl", "d.jsonl", `{"id":1,"title":"公交线路","text":"公交车站取消了","label":"交通运输"}` + "\n\n" +
			`{"text":"学校乱收费","label":"教育文体"}` + "\n", "label"},
		{"json array", "d.json", "[\n" + `{"title":"公交线路","text":"公交车站取消了","cat":"交通运输"},` + "\n" +
			`{"text":"学校乱收费","cat":"教育文体","title":null}` + "\n]", "cat"},
		{"csv with BOM", "d.csv", "\ufeffid,Title,text,label\n1,公交线路,公交车站取消了,交通运输\n2,,\"学校乱收费\",教育文体\n", ""},
		{"csv chinese header", "d.CSV", "留言主题,留言详情,一级标签\n公交线路,公交车站取消了,交通运输\n,学校乱收费,教育文体\n", "一级标签"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadExamples(writeFile(t, tc.file, tc.content), tc.label)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, wantExamples) {
				t.Fatalf("got %+v", got)
			}
		})
	}
	t.Run("xlsx", func(t *testing.T) {
		path := writeXLSX(t, [][]any{
			{"title", "text", "label"},
			{"公交线路", "公交车站取消了", "交通运输"},
			{},
			{"", "学校乱收费", "教育文体"},
		})
		got, err := ReadExamples(path, "label")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, wantExamples) {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestReadExamplesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"bad json line", "d.jsonl", `{"text":"a","label":"x"}` + "\n" + `{"text":"b",` + "\n", "d.jsonl:2: "},
		{"missing label", "d.jsonl", `{"text":"a","label":"x"}` + "\n" + `{"text":"b"}` + "\n", `d.jsonl:2: no "label" field`},
		{"empty text", "d.jsonl", `{"text":"a","label":"x"}` + "\n\n" + `{"text":" ","label":"y"}`, "d.jsonl:3: empty text"},
		{"empty label", "d.jsonl", `{"text":"a","label":""}`, "d.jsonl:1: empty label"},
		{"text not string", "d.jsonl", `{"text":{"a":1},"label":"x"}`, `d.jsonl:1: field "text" is not a string`},
		{"json array bad element", "d.json", "[\n{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"\",\"label\":\"x\"}\n]", "d.json:3: empty text"},
		{"csv no label column", "d.csv", "title,text,category\na,b,c\n", `d.csv: no "label" column`},
		{"csv no text column", "d.csv", "title,label\na,b\n", `d.csv: no "text" column`},
		{"csv empty label", "d.csv", "text,label\na,x\nb,x\n\"c\nd\",\n", "d.csv:4: empty label"},
		{"csv bad quote", "d.csv", "text,label\na,x\n\"b,x\n", "d.csv:3: "},
		{"csv empty", "d.csv", "", "d.csv: empty file"},
		{"unknown extension", "d.txt", "hello", "supported: .jsonl, .json, .csv, .xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadExamples(writeFile(t, tc.file, tc.content), "label")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	t.Run("xlsx empty text", func(t *testing.T) {
		path := writeXLSX(t, [][]any{{"text", "label"}, {"a", "x"}, {"", "y"}})
		_, err := ReadExamples(path, "label")
		if err == nil || !strings.Contains(err.Error(), "data.xlsx:3: empty text") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("xlsx no label column", func(t *testing.T) {
		path := writeXLSX(t, [][]any{{"text", "类别"}, {"a", "x"}})
		_, err := ReadExamples(path, "label")
		if err == nil || !strings.Contains(err.Error(), `data.xlsx: no "label" column`) {
			t.Fatalf("err = %v", err)
		}
	})
	if _, err := ReadExamples(filepath.Join(t.TempDir(), "missing.jsonl"), "label"); err == nil {
		t.Error("missing file accepted")
	}
}

// TestReadExamplesDataError: what is wrong with a file of examples is a
// *DataError with its problem, line and field, for the command line to
// word; its English stays as TestReadExamplesErrors reads it.
func TestReadExamplesDataError(t *testing.T) {
	for _, tc := range []struct {
		file, content string
		problem       DataProblem
		line          int
		field         string
	}{
		{"d.jsonl", `{"text":"a","label":"x"}` + "\n" + `garbage{` + "\n", DataNotJSON, 2, ""},
		{"d.jsonl", `{"text":"b"}`, DataNoField, 1, "label"},
		{"d.jsonl", `{"text":[1],"label":"x"}`, DataNotString, 1, "text"},
		{"d.jsonl", "\n" + `{"text":" ","label":"y"}`, DataEmptyText, 2, ""},
		{"d.json", "[\n{\"text\":\"a\",\"label\":\"\"}\n]", DataEmptyLabel, 2, "label"},
		{"d.csv", "title,text\na,b\n", DataNoColumn, 0, "label"},
		{"d.csv", "text,label\na,x\n\"b,x\n", DataNotCSV, 3, ""},
		{"d.csv", "", DataEmpty, 0, ""},
		{"d.txt", "x", DataFormat, 0, ".txt"},
	} {
		_, err := ReadExamples(writeFile(t, tc.file, tc.content), "label")
		var de *DataError
		if !errors.As(err, &de) || de.Problem != tc.problem || de.Line != tc.line || de.Field != tc.field || filepath.Base(de.Path) != tc.file {
			t.Errorf("%s %q: %#v (%v), want problem %d at line %d, field %q", tc.file, tc.content, de, err, tc.problem, tc.line, tc.field)
		}
	}
}
