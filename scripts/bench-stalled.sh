#!/usr/bin/env bash
# What stalled clients cost a good one: handshake-tool serve (--timeout 120, so no staller is cut off
# during a run), then handshake-tool bench, one good client at a time (--concurrency 1), against it with
# 0 stallers, 200 that sent a whole ClientHello and 200 that sent a 6-byte handshake record, each
# configuration ROUNDS times in turn. Prints the p50/p99 latency of each run; bench/results.md holds the figures.
#
#   scripts/bench-stalled.sh                 # ROUNDS=3, COUNT=200 handshakes per run, P-256 set
#   ROUNDS=5 COUNT=400 scripts/bench-stalled.sh
#   SERVE_JAR=/tmp/old/handshake-tool.jar scripts/bench-stalled.sh   # serve from another build (before/after)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}"
COUNT="${COUNT:-200}"
work="$(mktemp -d)"
serve_pid=""
cleanup() { [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

scripts/ca-tool fixtures --out "$work/keys" --profiles bench/profiles-p256 >/dev/null
k="$work/keys"
serve_cmd=(scripts/handshake-tool)
[ -n "${SERVE_JAR:-}" ] && serve_cmd=(java -XX:+UseSerialGC -Xmx64m -jar "$SERVE_JAR")
"${serve_cmd[@]}" serve --ca-certificate "$k/ca_cert.pem" --certificate "$k/server_cert.pem" \
  --private-key "$k/server_key.pem" -p 0 --timeout 120 >"$work/serve.log" 2>"$work/serve.err" &
serve_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^Listening on 127\.0\.0\.1 port \([0-9]*\)$/\1/p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "bench-stalled: serve did not start: $(head -3 "$work/serve.err")" >&2; exit 1; }

run() { # LABEL [bench options]
  local label=$1; shift
  scripts/handshake-tool bench --connect "127.0.0.1:$port" --server localhost --ca-certificate "$k/ca_cert.pem" \
    --certificate "$k/client_cert.pem" --private-key "$k/client_key.pem" --concurrency 1 --count "$COUNT" \
    --warm-up 2 --timeout 10 "$@" > "$work/bench.out" || true
  printf '%-28s %s | %s\n' "$label" "$(grep '^Latency' "$work/bench.out" || echo 'no latency')" \
    "$(grep '^Handshakes:' "$work/bench.out")"
  grep -A3 '^Failures by reason' "$work/bench.out" || true
}

echo "handshake-tool serve on port $port (pid $serve_pid); $COUNT good handshakes per run, one at a time"
for i in $(seq 1 "$ROUNDS"); do
  run "none (round $i)"
  run "200 stalled ClientHellos" --stall 200 --stall-after client-hello
  run "200 tiny records" --stall 200 --stall-after tiny-record
done
