// Command podinfofixture writes the downward-API "labels" and "annotations" fixture files exactly as the
// kubelet formats them, plus the maps they encode as JSON, for dev.logshipper.enrich.PodInfoFileParserTest.
//
// The formatting is the kubelet's: k8s.io/kubernetes/pkg/fieldpath FormatMap, which the downward-API volume
// plugin (pkg/volume/downwardapi) calls for metadata.labels and metadata.annotations:
//
//	keys sorted; for each key: fmt.Sprintf("%v=%q\n", key, m[key]); then strings.TrimSuffix(s, "\n")
//
// %q on a string is strconv.Quote, so the same Go standard library produces the escaping here.
//
// Run from the repository root (needs only the Go toolchain, no modules):
//
//	go run src/test/go/podinfofixture/main.go src/test/resources/dev/logshipper/enrich/podinfo
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// formatMap is k8s.io/kubernetes/pkg/fieldpath.FormatMap with sets.List replaced by sort.Strings.
func formatMap(m map[string]string) (fmtStr string) {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		fmtStr += fmt.Sprintf("%v=%q\n", key, m[key])
	}
	fmtStr = strings.TrimSuffix(fmtStr, "\n")
	return
}

func writeJSON(path string, m map[string]string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
}

func main() {
	dir := os.Args[1]
	labels := map[string]string{
		"app":                               "appf",
		"k8s-app":                           "fluentd-cloudwatch",
		"app.kubernetes.io/name":            "spring-app",
		"app.kubernetes.io/version":         "1.2.3",
		"pod-template-hash":                 "5c7f8d9b4",
		"eks.amazonaws.com/fargate-profile": "fp-default",
		"empty":                             "",
		"with_under.score":                  "a_b.c-d",
	}
	annotations := map[string]string{
		"iam.amazonaws.com/role":    "logdemo-sa",
		"kubernetes.io/config.seen": "2024-05-01T10:00:00.123456789Z",
		"quotes":                    `say "hi" and 'bye'`,
		"backslashes":               `C:\path\to\file \\ \n literal`,
		"multiline":                 "line one\nline two\r\nline three\ttabbed",
		"controls":                  "nul\x00bel\x07bs\x08vt\x0bff\x0cesc\x1bdel\x7fend",
		"json":                      `{"a":1,"b":["x","y"],"c":{"d":"e\"f"}}`,
		"unicode.printable":         "café Ωμέγα 日本語 😀 \U0001F469\u200D\U0001F4BB",
		"unicode.nonprintable":      "nbsp\u00a0zwsp\u200bbom\ufeffls\u2028ps\u2029pua\ue000max\U0010fffd",
		"invalid-utf8":              "bad\xffbyte\xfeand\xc0end",
		"replacement-char":          "already \ufffd here",
		"spaces":                    "  leading and trailing  ",
		"equals":                    "k=v=w",
		"last":                      "z",
	}
	must(os.WriteFile(filepath.Join(dir, "labels"), []byte(formatMap(labels)), 0o644))
	must(os.WriteFile(filepath.Join(dir, "annotations"), []byte(formatMap(annotations)), 0o644))
	writeJSON(filepath.Join(dir, "labels.expected.json"), labels)
	writeJSON(filepath.Join(dir, "annotations.expected.json"), annotations)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
