#!/bin/sh
# Writes a demo application log with a few thousand mixed lines: INFO/WARN/DEBUG lines, JSON lines,
# multi-line Java stack traces (with "Caused by:" and "... N more"), a few long lines and some non-ASCII
# text. The same seed gives the same file with the same awk (rand() differs between awk implementations).
#
#   shipper/demo/generate.sh [OUTPUT] [RECORDS] [SEED]
#   defaults: shipper/demo/app.log, 3000 records, seed 42
#
# Portable: POSIX sh and awk only (no Java, no bash). Prints what it wrote: records are log statements as
# the app made them (an ERROR line and the stack trace after it count as one), lines are physical lines.
# How many CloudWatch events the records become depends on the input's multiline rule.
set -eu

out=${1:-$(dirname "$0")/app.log}
records=${2:-3000}
seed=${3:-42}

awk -v records="$records" -v seed="$seed" -v out="$out" '
function pick(n) { return int(rand() * n) }
function ts(i,   s, m, h) {
    # One record every 250 ms from 2026-01-01T00:00:00Z, ISO-8601 with milliseconds.
    s = int(i / 4); m = int(s / 60); h = int(m / 60)
    return sprintf("2026-01-01T%02d:%02d:%02d.%03dZ", h % 24, m % 60, s % 60, (i % 4) * 250)
}
function word(   w) { w = words[pick(nwords)]; return w }
function sentence(n,   i, s) { s = word(); for (i = 1; i < n; i++) s = s " " word(); return s }
function line(text) { print text > out; lines++ }
BEGIN {
    srand(seed)
    nwords = split("order payment customer cache request session token retry upstream latency batch " \
                   "shipment invoice queue worker lease checkpoint stream partition commit", words, " ")
    nclasses = split("com.example.shop.OrderService com.example.shop.PaymentClient " \
                     "com.example.shop.InventoryRepository com.example.shop.web.CheckoutController", classes, " ")
    nerrors = split("java.lang.IllegalStateException java.lang.NullPointerException " \
                    "java.util.concurrent.TimeoutException java.lang.IllegalArgumentException", errors, " ")
    printf "" > out
    for (i = 0; i < records; i++) {
        t = ts(i); r = pick(100); cls = classes[1 + pick(nclasses)]
        if (r < 60) {
            line(t " INFO  [main] " cls " - " sentence(4 + pick(8)) " id=" (100000 + i))
        } else if (r < 75) {
            line(t " DEBUG [worker-" pick(8) "] " cls " - " sentence(3 + pick(5)))
        } else if (r < 85) {
            line("{\"time\":\"" t "\",\"level\":\"INFO\",\"logger\":\"" cls "\",\"message\":\"" sentence(5) "\",\"request_id\":" i "}")
        } else if (r < 90) {
            line(t " WARN  [main] " cls " - slow " word() ": " (200 + pick(3000)) " ms (grüße, 日本語, ✓)")
        } else if (r < 92) {
            long = sentence(30); while (length(long) < 4000) long = long " " sentence(30)
            line(t " INFO  [main] " cls " - payload " long)
        } else {
            err = errors[1 + pick(nerrors)]
            line(t " ERROR [http-" pick(16) "] " cls " - request " i " failed")
            line(err ": " sentence(3))
            depth = 3 + pick(10)
            for (d = 0; d < depth; d++)
                line("\tat " classes[1 + pick(nclasses)] "." word() "(" word() ".java:" (10 + pick(400)) ")")
            if (pick(2) == 0) {
                line("Caused by: java.io.IOException: " sentence(2))
                line("\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)")
                line("\tat " classes[1 + pick(nclasses)] "." word() "(" word() ".java:" (10 + pick(400)) ")")
                line("\t... " (2 + pick(20)) " more")
            }
            traces++
        }
    }
    close(out)
    printf "wrote %s: %d records (%d with stack traces), %d lines\n", out, records, traces, lines
}'
