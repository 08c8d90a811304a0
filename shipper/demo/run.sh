#!/bin/sh
# The quick-start demo: builds the shipper jar (unless it is already there), generates shipper/demo/app.log and
# ships it with shipper/demo/config.yaml - events on stdout, the shipper's own log on stderr. Ctrl-C drains and stops.
#
#   shipper/demo/run.sh              run until Ctrl-C
#   DEMO_SECONDS=5 shipper/demo/run.sh   stop by itself (SIGTERM) after 5 seconds
set -eu
cd "$(dirname "$0")/../.."

if [ ! -f target/log-shipper.jar ]; then
  ./mvnw -B -q -DskipTests package
fi
shipper/demo/generate.sh >&2
# A fresh demo each run: forget the previous run's checkpoint so the file is shipped from the start.
rm -rf shipper/demo/data

java=java
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] \
      && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
    java="$candidate/bin/java"
    break
  fi
done

if [ -n "${DEMO_SECONDS:-}" ]; then
  "$java" -XX:+UseSerialGC -Xmx64m -jar target/log-shipper.jar --config shipper/demo/config.yaml &
  pid=$!
  sleep "$DEMO_SECONDS"
  kill -TERM "$pid"
  wait "$pid"
else
  exec "$java" -XX:+UseSerialGC -Xmx64m -jar target/log-shipper.jar --config shipper/demo/config.yaml
fi
