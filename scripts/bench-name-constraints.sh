#!/usr/bin/env bash
# Name constraints on purpose-made input: how long `ca-tool verify` takes to decide a chain whose
# intermediate carries N dNSName subtrees and whose leaf carries N dNSName SAN entries, beside
# `openssl verify -x509_strict` on the same files. Inputs, made here with openssl (EC P-256):
#   excluded   N excluded subtrees (exN.example.org), N names (hostN.example.net): N x N comparisons
#   permitted  N permitted subtrees (hostN.example.net), the same N names, each permitted by one
#   small      as excluded with 300 of each (90,300 comparisons, within the budget of 250,000)
#   plain      one name, no constraints: what any verify costs on this machine (the JVM's start)
# Then the verifier alone in one JVM (bench/VerifyTiming.java): the first verdict and the next ones.
# Each command runs RUNS rounds alternating ca-tool and openssl; the times are whole commands
# (the JVM's start included). Prints a Markdown table; appends nothing by itself.
#
#   scripts/bench-name-constraints.sh          # N=1000, RUNS=5
#   N=500 RUNS=3 scripts/bench-name-constraints.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-5}"
N="${N:-1000}"
for tool in java mvn openssl; do
  command -v $tool >/dev/null || { echo "bench-name-constraints: $tool is needed" >&2; exit 1; }
done
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then echo "bench-name-constraints: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; fi
scripts/ca-tool --version >/dev/null || { echo "bench-name-constraints: cannot build ca-tool" >&2; exit 1; }

work="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "bench-name-constraints: files kept in $work" >&2 || trap 'rm -rf "$work"' EXIT
cd "$work"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
list() { # list PREFIX COUNT DOMAIN SEPARATOR-PREFIX
  local i out=""
  for i in $(seq 1 "$2"); do out+="${out:+,}$4$1$i.$3"; done
  printf '%s' "$out"
}
# ca EXT_LINE OUT: an intermediate under the root with that nameConstraints line
ca() {
  printf '%s\n' "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" "nameConstraints=critical,$1" > "$2.ext"
  openssl req -new -key ca.key -subj "/CN=Constrained CA" -out "$2.csr" 2>/dev/null &&
  openssl x509 -req -in "$2.csr" -CA root.pem -CAkey root.key -set_serial "0x$(openssl rand -hex 8)" -days 30 \
    -extfile "$2.ext" -out "$2" 2>/dev/null
}
# leaf NAMES_COUNT ISSUER OUT
leaf() {
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" \
    "subjectAltName=$(list host "$1" example.net DNS:)" > "$3.ext"
  openssl req -new -key leaf.key -subj "/CN=host1.example.net" -out "$3.csr" 2>/dev/null &&
  openssl x509 -req -in "$3.csr" -CA "$2" -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" -days 30 \
    -extfile "$3.ext" -out "$3" 2>/dev/null
}
key root.key; key ca.key; key leaf.key
openssl req -x509 -new -key root.key -subj "/CN=Bench Root" -days 30 -out root.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
ca "$(list ex "$N" example.org excluded\;DNS:)" excluded-ca.pem
ca "$(list host "$N" example.net permitted\;DNS:)" permitted-ca.pem
ca "$(list ex 300 example.org excluded\;DNS:)" small-ca.pem
leaf "$N" excluded-ca.pem excluded-leaf.pem
leaf "$N" permitted-ca.pem permitted-leaf.pem
leaf 300 small-ca.pem small-leaf.pem
printf '%s\n' "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" \
  "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > plain.ext
openssl req -new -key ca.key -subj "/CN=Constrained CA" -out plain.csr 2>/dev/null &&
openssl x509 -req -in plain.csr -CA root.pem -CAkey root.key -set_serial 7 -days 30 -extfile plain.ext \
  -out plain-ca.pem 2>/dev/null
leaf 1 plain-ca.pem plain-leaf.pem
for f in excluded permitted small plain; do
  [ -s "$f-leaf.pem" ] && [ -s "$f-ca.pem" ] || { echo "bench-name-constraints: openssl failed on $f" >&2; exit 1; }
done

ms() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f\n", (b - a) * 1000}'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "N = $N; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(openssl version | cut -d' ' -f1-2)"
echo
echo "| input | ca-tool verify: verdict | ms, median of $RUNS (min–max) | openssl verify -x509_strict: verdict | ms, median (min–max) |"
echo "|---|---|---|---|---|"
for input in excluded permitted small plain; do
  : > ours.t; : > theirs.t
  for r in $(seq 1 "$RUNS"); do
    t0=$EPOCHREALTIME
    "$root/scripts/ca-tool" verify "$input-leaf.pem" --ca root.pem --untrusted "$input-ca.pem" > ours.out 2>&1
    ours=$?; ms "$t0" "$EPOCHREALTIME" >> ours.t
    t0=$EPOCHREALTIME
    openssl verify -x509_strict -CAfile root.pem -untrusted "$input-ca.pem" "$input-leaf.pem" > theirs.out 2>&1
    theirs=$?; ms "$t0" "$EPOCHREALTIME" >> theirs.t
  done
  verdict_ours="$( [ $ours = 0 ] && echo accepted || echo "refused ($(sed -n 's/.*verification failed: //p' ours.out | head -1), exit $ours)")"
  verdict_theirs="$( [ $theirs = 0 ] && echo accepted || echo "refused ($(grep -o 'error [0-9]*.*' theirs.out | head -1 | cut -c1-60))")"
  echo "| $input | $verdict_ours | $(median < ours.t) ($(sort -n ours.t | head -1)–$(sort -n ours.t | tail -1)) | $verdict_theirs | $(median < theirs.t) ($(sort -n theirs.t | head -1)–$(sort -n theirs.t | tail -1)) |"
done
echo
echo "CertificateVerifier alone (one JVM; ms):"
echo
echo "| input | verdict | first call | next 5: median (min–max) |"
echo "|---|---|---|---|"
java -cp "$root/ca-tool/target/ca-tool.jar" "$root/bench/VerifyTiming.java" "$work" excluded excluded-leaf.pem excluded-ca.pem \
  permitted permitted-leaf.pem permitted-ca.pem small small-leaf.pem small-ca.pem plain plain-leaf.pem plain-ca.pem
