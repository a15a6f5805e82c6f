package store

import ()

// Audit appends an entry to the audit log.
func (t *boltTx) Audit(e AuditEntry) error {
	b := t.b(bAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return t.putFresh(b, join(tsKey(e.At), u64(seq)), e)
}

// AuditLog returns the newest entries first, at most limit.
func (t *boltTx) AuditLog(limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	c := t.b(bAudit).Cursor()
	for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
		var e AuditEntry
		if err := unmarshalRecord(v, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
