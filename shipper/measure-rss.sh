#!/usr/bin/env bash
# Measures the shipper's resident memory (VmRSS) with several JVM flag sets: at idle, while shipping a backlog
# file to the fake CloudWatch Logs endpoint (its own process, no latency, events not stored), and at idle again
# after the backlog. Prints one Markdown table row per flag set (docs/operations.md holds the results).
#
#   ./mvnw -B -o package -DskipTests && ./mvnw -B -o test-compile   # the jar and the fake's classes
#   shipper/measure-rss.sh [backlog-MB]                                # default 200
#
# Flag sets are the FLAGS entries below ("environment|flags"); edit them to try others. Linux only (/proc).
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${1:-200}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d /tmp/log-shipper-rss.XXXXXX)
trap 'kill $FAKE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

# -XX:MaxRAM=64m makes the JVM size itself as it does in a container with a 64Mi limit (initial heap 1/64 of it,
# default max heap 1/4); without it, on a large host, the initial heap is 1/64 of the host's memory.
BASE="-XX:MaxRAM=64m -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData"
CAPS="-XX:MaxMetaspaceSize=40m -XX:ReservedCodeCacheSize=12m -XX:MaxDirectMemorySize=8m -XX:TieredStopAtLevel=1"
BEST="-XX:+UseSerialGC -Xmx32m $CAPS -Xss256k -XX:+UseCompactObjectHeaders"
# "environment|flags"
FLAGS=(
  "|"
  "|-XX:+UseSerialGC -Xmx64m"
  "|-XX:+UseSerialGC -Xmx40m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=16m -Xss512k -XX:TieredStopAtLevel=1"
  "|-XX:+UseSerialGC -Xmx48m $CAPS -Xss512k"
  "|-XX:+UseSerialGC -Xmx32m $CAPS -Xss512k"
  "|-XX:+UseSerialGC -Xmx32m $CAPS -Xss256k"
  "|$BEST"
  "MALLOC_ARENA_MAX=2|$BEST"
  "|$BEST -XX:TrimNativeHeapInterval=5000"
  "|$BEST -Xshare:off"
  "|-XX:+UseSerialGC -Xmx24m $CAPS -Xss256k -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000"
  # The image's flags (pom.xml jib.jvm.flags) without its /tmp paths.
  "|$(sed -n 's/.*<jib.jvm.flags>\(.*\)<\/jib.jvm.flags>.*/\1/p' pom.xml | tr ',' '\n' | grep -v -e ErrorFile -e tmpdir | tr '\n' ' ')"
)
if [[ -n "${ONLY:-}" ]]; then FLAGS=("${FLAGS[@]:$ONLY:1}"); fi

"$JAVA" -cp target/test-classes:target/log-shipper.jar dev.logshipper.testing.FakeCloudWatchLogs 0 --no-store \
  --credentials AKIDEXAMPLE:secret >"$WORK/fake.out" 2>"$WORK/fake.err" &
FAKE_PID=$!
cp target/log-shipper.jar "$WORK/log-shipper.jar" # a rebuild during the run must not pull the jar away
for _ in $(seq 100); do grep -q listening "$WORK/fake.out" 2>/dev/null && break; sleep 0.1; done
FAKE_PORT=$(awk '/listening on/ {print $3}' "$WORK/fake.out")

# The backlog: 200-byte lines (199 bytes + newline), written once, hard-linked into each run's log directory.
LINE=$(printf 'x%.0s' $(seq 150))
awk -v mb="$MB" -v pad="$LINE" 'BEGIN { n = mb * 1048576 / 200; for (i = 0; i < n; i++) printf "%010d INFO request handled %s %s\n", i, substr(pad, 1, 150), "ok-ok-ok-ok-ok-" }' \
  > "$WORK/backlog.log"
LINES=$(wc -l < "$WORK/backlog.log")

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
anon_kib() { awk '/^RssAnon/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n {print $2}' || true; }

printf '| flags | idle RSS (anon) MiB | peak RSS (anon) MiB while shipping %s MB | idle RSS (anon) MiB after | seconds to ship |\n|---|---|---|---|---|\n' "$MB"
for entry in "${FLAGS[@]}"; do
  envs=${entry%%|*}; flags=${entry#*|}
  run="$WORK/run"; rm -rf "$run"; mkdir -p "$run/logs" "$run/ckpt"
  port=$((20000 + RANDOM % 20000))
  cat > "$run/config.yaml" <<EOF
inputs:
  - name: app
    include: ["$run/logs/*.log"]
output: cloudwatch
cloudwatch:
  region: us-east-1
  endpoint: http://127.0.0.1:$FAKE_PORT
  logGroup: /rss
  logStream: rss
checkpoint:
  directory: $run/ckpt
server:
  bindAddress: 127.0.0.1
  port: $port
EOF
  # shellcheck disable=SC2086
  env $envs AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret "$JAVA" $BASE $flags -jar "$WORK/log-shipper.jar" \
    --config "$run/config.yaml" >"$run/stdout" 2>"$run/stderr" &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  sleep 10
  idle=$(rss_kib $pid); idle_anon=$(anon_kib $pid)
  ln "$WORK/backlog.log" "$run/logs/app.log"
  start=$(date +%s.%N); peak=0; peak_anon=0
  while :; do
    r=$(rss_kib $pid); (( r > peak )) && peak=$r
    a=$(anon_kib $pid); (( a > peak_anon )) && peak_anon=$a
    sent=$(metric $port logshipper_events_sent_total); sent=${sent%.*}
    [[ "${sent:-0}" -ge "$LINES" ]] && break
    kill -0 $pid 2>/dev/null || { echo "| \`${envs:+$envs }$flags\` | died: $(cat "$run/stdout" "$run/stderr" | grep -m1 -i -e OutOfMemory -e Exception || tail -1 "$run/stderr") | | | |"; continue 2; }
    sleep 0.2
  done
  took=$(echo "$(date +%s.%N) - $start" | bc)
  sleep 10
  after=$(rss_kib $pid); after_anon=$(anon_kib $pid)
  kill -TERM $pid; wait $pid || true
  mib() { echo "($1 + 512) / 1024" | bc; }
  printf '| `%s` | %s (%s) | %s (%s) | %s (%s) | %.0f |\n' "${envs:+$envs }${flags:-(defaults)}" \
    "$(mib $idle)" "$(mib $idle_anon)" "$(mib $peak)" "$(mib $peak_anon)" "$(mib $after)" "$(mib $after_anon)" "$took"
done
