package main

import (
	"io"
	"strings"

	"golang.org/x/text/width"
)

// displayWidth is how many terminal columns s takes: two for an East
// Asian wide or full-width character (汉字, full-width punctuation and
// digits), none for a combining mark or a control character, one for the
// rest. text/tabwriter counts runes, so a column of Chinese names written
// through it comes out ragged.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || r >= 0x300 && r <= 0x36f || r == 0x200b || r == 0x200d:
			// control characters, combining diacritics, zero-width (joiner) spaces
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// writeColumns writes rows as aligned columns separated by gap spaces,
// each cell padded to its column's widest cell by display width; a row's
// last cell is not padded (nor are empty cells at its end), and a row with a single cell (a total line)
// does not widen the first column.
func writeColumns(w io.Writer, rows [][]string, gap int) error {
	var widths []int
	for _, row := range rows {
		if len(row) < 2 {
			continue
		}
		for i, cell := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			line.WriteString(cell)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+gap))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ")) // empty last cells
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
