#!/usr/bin/env bash
# Prints how long the local cloud takes from `java -jar local/target/channels-local.jar --env dev` to its
# "Press Ctrl-C to stop." line, for one or more built and synthesized checkouts, alternating between them so a
# change in the machine's load hits each alike. Numbers only; docs/design/local-cloud.md keeps what it printed.
#   scripts/startup-times.sh [-n ROUNDS] DIR...   (each DIR after `mvn -B -q package -DskipTests && npx cdk synth -c env=dev -q`)
set -euo pipefail
rounds=4
if [[ "${1:-}" == "-n" ]]; then rounds=$2; shift 2; fi
(( $# > 0 )) || { echo "usage: $0 [-n ROUNDS] DIR..." >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
for round in $(seq "$rounds"); do
  for dir in "$@"; do
    rm -rf "$dir/cdk.out/local-cloud"
    start=$(date +%s%N)
    (cd "$dir" && exec java -jar local/target/channels-local.jar --env dev) >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1200); do grep -q 'Press Ctrl-C to stop.' "$log" && break; sleep 0.05; done
    end=$(date +%s%N)
    grep -q 'Press Ctrl-C to stop.' "$log" || { kill "$pid"; cat "$log" >&2; echo "$dir: not ready after 60 s" >&2; exit 1; }
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%-40s round %d: ready after %5.2f s (%s)\n' "$dir" "$round" "$(( (end - start) / 1000000 ))e-3" \
      "$(grep -o 'ready in [0-9.]* s' "$log")"
    sleep 2
  done
done
