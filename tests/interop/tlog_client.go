// tlog_client.go: an off-the-shelf client of the public log, written only
// against Go's golang.org/x/mod/sumdb/note and sumdb/tlog (as Debian ships
// them), to show that a third party needs no code of ours. It fetches
// the checkpoint and opens it with the verifier key, reads hash tiles
// through tlog.TileHashReader (which checks every tile against the signed
// root), and for every entry proves inclusion with tlog.ProveRecord,
// checks it with tlog.CheckRecord against the entry read from the entry
// bundles, and compares it with the proof the log serves; then the same
// for consistency from every earlier size with tlog.ProveTree.
//
// usage: go run tlog_client.go BASE_URL VKEY   (exit 0 and "ok N" if all hold)
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func get(path string) []byte {
	r, err := http.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil || r.StatusCode != 200 {
		fail("GET %s: %d %v", path, r.StatusCode, err)
	}
	return b
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "tlog_client: "+f+"\n", a...)
	os.Exit(1)
}

// tiles serves Go's tile requests from the C2SP paths: Go names a tile
// tile/8/L/N[.p/W], C2SP tile/L/N[.p/W]; the N encoding is the same.
// Tiles the reader checked are kept (SaveTiles), as a mirror would, so
// each is fetched once.
type tiles struct{ saved map[tlog.Tile][]byte }

func (tiles) Height() int { return 8 }

func (c tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, t := range ts {
		if b, ok := c.saved[t]; ok {
			out[i] = b
			continue
		}
		out[i] = get("/log/" + strings.Replace(t.Path(), "tile/8/", "tile/", 1))
	}
	return out, nil
}

func (c tiles) SaveTiles(ts []tlog.Tile, data [][]byte) {
	for i, t := range ts {
		c.saved[t] = data[i]
	}
}

func b64hash(s string) tlog.Hash {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		fail("not a base64 hash: %q", s)
	}
	copy(h[:], b)
	return h
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: tlog_client BASE_URL VKEY")
	}
	base = os.Args[1]
	v, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open(get("/log/checkpoint"), note.VerifierList(v))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != v.Name() {
		fail("checkpoint: origin %q is not the key's name", lines[0])
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 1 {
		fail("checkpoint: size %q", lines[1])
	}
	tree := tlog.Tree{N: size, Hash: b64hash(lines[2])}
	hr := tlog.TileHashReader(tree, tiles{map[tlog.Tile][]byte{}})
	if root, err := tlog.TreeHash(size, hr); err != nil || root != tree.Hash {
		fail("tree hash: %v", err)
	}

	// The entries, from the bundles.
	var entries [][]byte
	for k := int64(0); k*256 < size; k++ {
		w := size - k*256
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: 0, N: k, W: int(w)}
		path := "/log/" + strings.Replace(t.Path(), "tile/8/0/", "tile/entries/", 1)
		b := get(path)
		for len(b) > 0 {
			if len(b) < 2 {
				fail("bundle %d: truncated", k)
			}
			l := int(b[0])<<8 | int(b[1])
			entries = append(entries, b[2:2+l])
			b = b[2+l:]
		}
	}
	if int64(len(entries)) != size {
		fail("bundles hold %d entries, the checkpoint %d", len(entries), size)
	}

	for i := int64(0); i < size; i++ {
		p, err := tlog.ProveRecord(size, i, hr)
		if err != nil {
			fail("prove %d: %v", i, err)
		}
		if err := tlog.CheckRecord(p, size, tree.Hash, i, tlog.RecordHash(entries[i])); err != nil {
			fail("entry %d is not in the tree: %v", i, err)
		}
		// The server's own proofs for a couple of hundred of them.
		if i%(17+size/200) != 0 && i != size-1 {
			continue
		}
		var served struct {
			Entry    string   `json:"entry"`
			TreeSize int64    `json:"tree_size"`
			Proof    []string `json:"inclusion_proof"`
		}
		if err := json.Unmarshal(get(fmt.Sprintf("/api/v1/log/entries/%d", i)), &served); err != nil {
			fail("entry %d: %v", i, err)
		}
		if served.Entry != string(entries[i]) {
			fail("entry %d differs between its page and its bundle", i)
		}
		if served.TreeSize == size {
			if len(served.Proof) != len(p) {
				fail("entry %d: %d proof hashes served, %d from Go", i, len(served.Proof), len(p))
			}
			for j := range p {
				if b64hash(served.Proof[j]) != p[j] {
					fail("entry %d: proof hash %d differs from Go's", i, j)
				}
			}
		}
	}

	for old := int64(1); old < size; old += 1 + old/4 {
		oldRoot, err := tlog.TreeHash(old, hr)
		if err != nil {
			fail("tree hash %d: %v", old, err)
		}
		p, err := tlog.ProveTree(size, old, hr)
		if err != nil {
			fail("prove tree %d: %v", old, err)
		}
		if err := tlog.CheckTree(p, size, tree.Hash, old, oldRoot); err != nil {
			fail("tree %d -> %d: %v", old, size, err)
		}
		var served struct {
			Proof []string `json:"proof"`
		}
		if err := json.Unmarshal(get(fmt.Sprintf("/api/v1/log/consistency?from=%d&to=%d", old, size)), &served); err != nil {
			fail("consistency %d: %v", old, err)
		}
		got := make([]byte, 0)
		want := make([]byte, 0)
		for _, h := range served.Proof {
			x := b64hash(h)
			got = append(got, x[:]...)
		}
		for _, h := range p {
			want = append(want, h[:]...)
		}
		if !bytes.Equal(got, want) {
			fail("consistency %d -> %d differs from Go's", old, size)
		}
	}
	fmt.Printf("ok %d\n", size)
}
