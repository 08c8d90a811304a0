#!/usr/bin/env bash
# The benchmark of issue 6, in one command. Builds the jar and the test classes, then runs dev.logshipper.bench.Bench:
# the fake CloudWatch endpoint in its own JVM, each workload's files written under $BENCH_WORK (default
# /tmp/log-shipper-bench), the shipper jar as a separate process, results as a table and as JSON in bench-results/.
#
#   bench/run.sh                                   # every workload, baseline JVM flags (raw runs 3 times)
#   bench/run.sh --smoke                           # the same workloads at small sizes: seconds
#   bench/run.sh --workload raw,cri --jvm all      # chosen workloads x every JVM configuration
#   bench/run.sh --workload raw --profile          # plus a JFR run per prewritten workload (bench-results/profile-NAME.txt)
#   bench/run.sh --workload steady-100k,steady-1m --jvm image-aot --repeat 3   # a trickle, line by line: millicores,
#                                                  # RSS, per-thread CPU, write-to-ack p50/p99 over a 30 s window
#   bench/run.sh --jar old=A.jar,new=target/log-shipper.jar --workload steady-1m --repeat 3   # A/B builds, in turn
#   bench/run.sh --workload raw --variants "base: | arena2: MALLOC_ARENA_MAX=2 | xmx32: -Xmx32m"   # A/B flags/env
#   bench/run.sh --workload idle-1000,steady-1m --jvm image-aot --memory   # resident memory by part (NMT + System.map)
#   bench/run.sh --wake-up-cost                    # CPU per wake-up of each file-event source, 5,000 writes/s
#   bench/run.sh --no-build ...                    # skip the Maven build
# Other options: --repeat N, --strict-endpoint (the fake's strict mode: SigV4 + full model), --rotation-rate MiB/s
# (0 = unpaced writer), --jar FILE, --out DIR, --extra-flags "-XX:A -XX:B" (appended to the chosen configurations).
# $BENCH_WORK overrides the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done

if [[ $build == 1 ]]; then
  ./mvnw -q -B -o package -DskipTests
fi
cp_file=target/bench-classpath.txt
if [[ ! -s $cp_file || pom.xml -nt $cp_file ]]; then
  ./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
fi

# The same JDK 25 the wrapper picks: an explicit JAVA_HOME when it is 25+, else the machine's Temurin 25.
java_home="${JAVA_HOME:-}"
if [[ -z "$java_home" ]] || ! "$java_home/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
  java_home=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec "$java_home/bin/java" -Xmx512m -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  -Djava.io.tmpdir="${BENCH_WORK_PARENT:-/tmp}" \
  dev.logshipper.bench.Bench --jar target/log-shipper.jar ${BENCH_WORK:+--work "$BENCH_WORK"} "${args[@]}"
