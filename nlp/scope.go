package nlp

// OutOfScope returns the matter the hotline does not take that text is
// about (a lawsuit, arbitration, a petition already filed, a private
// matter; config nlp.out_of_scope), with the channel to use, or nil. A
// negated word (不想打官司) does not count.
func (x *Extractor) OutOfScope(text string) *OutOfScope {
	return x.outOfScope(normalize(text))
}

func (x *Extractor) outOfScope(s string) *OutOfScope {
	var found *OutOfScope
	x.scope.each(s, func(start, _, id int) {
		if found == nil && !negatedBefore(s, start) && !hasSuffixAny(s[:start], unwilling) {
			o := x.scopes[id]
			found = &o
		}
	})
	return found
}

// unwilling words before an out-of-scope word say the citizen does not
// want that channel (不想打官司).
var unwilling = []string{"不想", "不愿", "不愿意", "不用", "不打算", "没打算", "不必"}
