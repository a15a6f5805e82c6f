package storetest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// PagesByBucket reads the bbolt file at path and returns the ids of the
// pages each top-level bucket's tree holds (its nested buckets' pages
// counted with it), under "(root)" those of the tree of buckets itself
// and under "(freelist)" the freelist's. bbolt copies every page it
// changes to a new one, so the ids of a bucket that were not there at an
// earlier call are the pages written for it since: what a benchmark adds
// up commit by commit to tell which buckets a message's writes cost. It
// reads the file format (meta, branch and leaf pages) as bbolt 1.4 writes
// it, without bbolt, and only files of a writer that is between commits.
func PagesByBucket(path string) (map[string]map[uint64]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	const (
		header    = 16 // page header: id, flags, count, overflow
		elem      = 16 // branch and leaf elements
		branch    = 0x01
		leaf      = 0x02
		bucketVal = 0x01 // a leaf element that is a bucket
	)
	if len(data) < 2*header+64 {
		return nil, errors.New("storetest: not a bbolt file")
	}
	// The meta page of the latest transaction: after the page header,
	// magic, version, page size, flags, root bucket (root page,
	// sequence), freelist page, high page id, transaction id.
	ps := int(binary.LittleEndian.Uint32(data[header+8:]))
	if ps < 512 || len(data) < 2*ps {
		return nil, fmt.Errorf("storetest: page size %d", ps)
	}
	var root, freelist, txid uint64
	for i := range 2 {
		m := data[i*ps+header:]
		if id := binary.LittleEndian.Uint64(m[48:]); i == 0 || id > txid {
			txid, root, freelist = id, binary.LittleEndian.Uint64(m[16:]), binary.LittleEndian.Uint64(m[32:])
		}
	}
	out := map[string]map[uint64]bool{}
	page := func(id uint64) ([]byte, error) {
		if id < 2 || int(id) >= len(data)/ps {
			return nil, fmt.Errorf("storetest: page %d outside the file", id)
		}
		return data[int(id)*ps:], nil
	}
	note := func(name string, id uint64, p []byte) {
		if out[name] == nil {
			out[name] = map[uint64]bool{}
		}
		for o := range uint64(binary.LittleEndian.Uint32(p[12:])) + 1 {
			out[name][id+o] = true
		}
	}
	var walk func(name string, id uint64, depth int) error
	walk = func(name string, id uint64, depth int) error {
		if depth > 64 {
			return errors.New("storetest: a tree deeper than 64")
		}
		p, err := page(id)
		if err != nil {
			return err
		}
		note(name, id, p)
		flags, count := binary.LittleEndian.Uint16(p[8:]), int(binary.LittleEndian.Uint16(p[10:]))
		if header+count*elem > len(p) {
			return fmt.Errorf("storetest: page %d: %d elements", id, count)
		}
		for i := range count {
			e := p[header+i*elem:]
			switch flags {
			case branch:
				if err := walk(name, binary.LittleEndian.Uint64(e[8:]), depth+1); err != nil {
					return err
				}
			case leaf:
				if binary.LittleEndian.Uint32(e)&bucketVal == 0 {
					continue
				}
				pos, ks := int(binary.LittleEndian.Uint32(e[4:])), int(binary.LittleEndian.Uint32(e[8:]))
				if pos+ks+8 > len(e) {
					return fmt.Errorf("storetest: page %d: element %d outside it", id, i)
				}
				sub, n := binary.LittleEndian.Uint64(e[pos+ks:]), name
				if name == "(root)" {
					n = string(e[pos : pos+ks])
				}
				if sub != 0 { // 0: an inline bucket, inside this page
					if err := walk(n, sub, depth+1); err != nil {
						return err
					}
				}
			default:
				return fmt.Errorf("storetest: page %d has flags %#x in a tree", id, flags)
			}
		}
		return nil
	}
	if err := walk("(root)", root, 0); err != nil {
		return nil, err
	}
	if freelist == ^uint64(0) { // not stored (NoFreelistSync)
		return out, nil
	}
	p, err := page(freelist)
	if err != nil {
		return nil, err
	}
	note("(freelist)", freelist, p)
	return out, nil
}
