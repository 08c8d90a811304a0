#!/bin/sh
# Runs logrotate every ROTATE_INTERVAL_SECONDS. Exits promptly on SIGTERM: a shell as PID 1 ignores
# SIGTERM unless it traps it, which would hold the pod for the whole grace period.
set -u
trap 'exit 0' TERM INT
state="${LOGROTATE_STATE:-/var/log/containers/.logrotate.status}"
while :; do
  logrotate --state "$state" /etc/logrotate/logrotate.conf || echo "logrotate exited with $?" >&2
  sleep "${ROTATE_INTERVAL_SECONDS:-60}" &
  wait $!
done
