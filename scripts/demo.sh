#!/usr/bin/env bash
# The mutual-TLS demo end to end: make the certificates (ca-tool fixtures into keys/), then run its
# three scenarios with TLS 1.3 and TLS 1.2 (and a fourth, the revoked client against a server that
# checks the CA's CRL, when fixtures made it) with `handshake-tool scenarios`, which runs each
# scenario's server and client in one process on a free loopback port, as serve and connect do
# (the same TLS code, the same files). Then the good pair once more as the demo runs it, with
# `handshake-tool serve` and `handshake-tool connect` as two separate processes, so that the
# commands a reader types are proven too. Prints expected against actual for each side and exits 0
# only when every row matches.
#
#   scripts/demo.sh            # keys/ in the repository
#   KEYS=/tmp/k scripts/demo.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
keys="${KEYS:-keys}"
work="$(mktemp -d)"
# Each handshake's bound, generous: a JVM's first RSA-4096 handshake on a busy machine takes seconds, and
# a timeout would only say "no answer" (exit 6), never accept or refuse.
timeout=30
trap 'rm -rf "$work"' EXIT

scripts/ca-tool fixtures --out "$keys" || { echo "demo: ca-tool fixtures failed" >&2; exit 1; }
echo

row() { printf '%-27s %-4s %-7s %-33s %-38s %s\n' "$@"; }

# What a side concluded, from its exit code and its stderr (see handshake-tool --help, "Exit codes").
actual() {
  local code=$1 err=$2
  case $code in
    0) echo "accepts" ;;
    4) echo "refuses: $(sed -n 's/^Certificate verification errors: //p' "$err" | head -1)" ;;
    5) echo "refused by peer ($(grep -o 'the alert [a-z_]*' "$err" | head -1 | cut -d' ' -f3))" ;;
    *) echo "fails (exit $code): $(head -1 "$err")" ;;
  esac
}

matches() { # expected actual
  case $1 in
    "refused by peer") [[ $2 == "refused by peer ("* ]] ;;
    *) [[ $1 == "$2" ]] ;;
  esac
}

all_ok=1
scenario() { # name tls server-ca server-cert server-key client-cert client-key expected-server expected-client [server options]
  local name=$1 tls=$2 sca=$3 scert=$4 skey=$5 ccert=$6 ckey=$7 want_s=$8 want_c=$9
  shift 9
  local sout="$work/server.out" serr="$work/server.err" cout="$work/client.out" cerr="$work/client.err"
  : > "$sout"
  scripts/handshake-tool serve --ca-certificate "$keys/$sca" --certificate "$keys/$scert" \
    --private-key "$keys/$skey" -p 0 --count 1 --tls "$tls" --timeout "$timeout" "$@" >"$sout" 2>"$serr" &
  local spid=$! port="" i
  for i in $(seq 1 $((timeout * 10))); do
    port=$(sed -n 's/^Listening on .* port \([0-9]*\)$/\1/p' "$sout")
    [ -n "$port" ] && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "demo: the server did not start: $(head -1 "$serr")" >&2
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
    all_ok=0; return
  fi
  scripts/handshake-tool connect --ca-certificate "$keys/ca_cert.pem" --certificate "$keys/$ccert" \
    --private-key "$keys/$ckey" --server localhost -p "$port" --tls "$tls" --timeout "$timeout" >"$cout" 2>"$cerr"
  local ccode=$?
  # The server exits by itself after its one connection (--count 1); give it a bounded wait.
  for i in $(seq 1 $((timeout * 10))); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill "$spid" 2>/dev/null
  wait "$spid"
  local scode=$?
  local got_s got_c ok_s=ok ok_c=ok
  got_s=$(actual "$scode" "$serr")
  got_c=$(actual "$ccode" "$cerr")
  matches "$want_s" "$got_s" || { ok_s=MISMATCH; all_ok=0; }
  matches "$want_c" "$got_c" || { ok_c=MISMATCH; all_ok=0; }
  row "$name" "$tls" server "$want_s" "$got_s" "$ok_s"
  row "" "" client "$want_c" "$got_c" "$ok_c"
}

# Every scenario, in one process (handshake-tool builds its jar first if it must). Its closing line is
# replaced by ours, which also covers the two-process row.
scripts/handshake-tool scenarios --keys "$keys" --timeout "$timeout" >"$work/scenarios.out" 2>"$work/scenarios.err"
scenarios_code=$?
if ! grep -q '^scenario ' "$work/scenarios.out"; then
  echo "demo: handshake-tool scenarios failed (exit $scenarios_code): $(head -1 "$work/scenarios.err")" >&2
  exit 1
fi
grep -v '^All scenarios behaved\|^Some scenarios did not' "$work/scenarios.out"
[ $scenarios_code = 0 ] || all_ok=0
# The good pair as two processes: serve, then connect, as the demo's README types them.
scenario "good pair, two processes" 1.3 ca_cert.pem server_cert.pem server_key.pem \
  client_cert.pem client_key.pem "accepts" "accepts"
if [ $all_ok = 1 ]; then
  echo "All scenarios behaved as the demo says."
else
  echo "Some scenarios did not behave as expected." >&2
  exit 1
fi
