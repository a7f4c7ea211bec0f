#!/usr/bin/env bash
# Path building on purpose-made input: how long `ca-tool verify` takes to decide a chain whose
# leaf has 100 candidate issuers of one subject, beside `openssl verify -x509_strict` on the same
# files. Three inputs, made here with openssl (EC P-256):
#   found    100 CAs "CN=Crowded CA" signed by the root; the leaf's issuer is the last one listed
#   absent   the same 99 others without the leaf's issuer: every candidate must be tried, then refused
#   deep     100 self-issued "CN=Crowded CA" certificates, each signed by the one before: a path
#            of 100 CAs, refused by the depth bound (--max-depth, 8 by default)
#   noids    as found, but no certificate has key identifiers, so each candidate costs a signature
#            check (the search's worst case; refused all the same, for RFC 5280 4.2.1.1/4.2.1.2)
#   single   (for scale) the leaf's issuer alone, signed by the root
# Then the verifier alone in one JVM (bench/VerifyTiming.java): the first verdict and the next ones,
# without the JVM's start; then Bouncy Castle's own CertPathBuilder on the same kind of input (bench/PkixBuilderExperiment.java),
# the experiment behind CertificateVerifier's choice of engine.
# Each command runs RUNS rounds alternating ca-tool and openssl; the times are whole commands
# (the JVM's start included). Prints a Markdown table; appends nothing by itself.
#
#   scripts/bench-verify.sh            # RUNS=5
#   RUNS=3 scripts/bench-verify.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-5}"
N=100
for tool in java mvn openssl; do
  command -v $tool >/dev/null || { echo "bench-verify: $tool is needed" >&2; exit 1; }
done
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then echo "bench-verify: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; fi
scripts/ca-tool --version >/dev/null || { echo "bench-verify: cannot build ca-tool" >&2; exit 1; }

work="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "bench-verify: files kept in $work" >&2 || trap 'rm -rf "$work"' EXIT
cd "$work"
ext() { printf '%s\n' "basicConstraints=critical,$1" "keyUsage=critical,$2" "subjectKeyIdentifier=hash" \
  "authorityKeyIdentifier=keyid" ${3:+"subjectAltName=$3"} > "$4"; }
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
# issue SUBJECT KEY ISSUER_CERT ISSUER_KEY EXTFILE OUT
issue() {
  openssl req -new -key "$2" -subj "$1" -out "$6.csr" 2>/dev/null &&
  openssl x509 -req -in "$6.csr" -CA "$3" -CAkey "$4" -set_serial "0x$(openssl rand -hex 8)" -days 30 \
    -extfile "$5" -out "$6" 2>/dev/null
}
ext "CA:TRUE" "keyCertSign,cRLSign" "" ca.ext
printf '%s\n' "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" \
  "subjectKeyIdentifier=none" "authorityKeyIdentifier=none" > noid.ext
ext "CA:FALSE" "digitalSignature" "DNS:host.test" leaf.ext
key root.key
openssl req -x509 -new -key root.key -subj "/CN=Bench Root" -days 30 -out root.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
: > others.pem; : > deep.pem; : > noids.pem
for i in $(seq 1 $N); do
  key "ca$i.key"
  issue "/CN=Crowded CA" "ca$i.key" root.pem root.key ca.ext "ca$i.pem" || { echo "bench-verify: openssl failed" >&2; exit 1; }
  [ "$i" -lt $N ] && cat "ca$i.pem" >> others.pem
  issue "/CN=Crowded CA" "ca$i.key" root.pem root.key noid.ext "noid$i.pem" && cat "noid$i.pem" >> noids.pem
  if [ "$i" = 1 ]; then cp ca1.pem "deep$i.pem"; else
    issue "/CN=Crowded CA" "ca$i.key" "deep$((i - 1)).pem" "ca$((i - 1)).key" ca.ext "deep$i.pem"; fi
  cat "deep$i.pem" >> deep.pem
done
cat others.pem "ca$N.pem" > found.pem
key leaf.key
issue "/CN=host.test" leaf.key "ca$N.pem" "ca$N.key" leaf.ext leaf.pem
issue "/CN=host.test" leaf.key "deep$N.pem" "ca$N.key" leaf.ext deepleaf.pem
cp "ca$N.pem" single.pem

ms() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f\n", (b - a) * 1000}'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "| input | ca-tool verify: verdict | ms, median of $RUNS (min–max) | openssl verify -x509_strict: verdict | ms, median (min–max) |"
echo "|---|---|---|---|---|"
for input in single found absent deep noids; do
  case $input in
    single) leaf=leaf.pem; untrusted=single.pem ;;
    found) leaf=leaf.pem; untrusted=found.pem ;;
    absent) leaf=leaf.pem; untrusted=others.pem ;;
    deep) leaf=deepleaf.pem; untrusted=deep.pem ;;
    noids) leaf=leaf.pem; untrusted=noids.pem ;;
  esac
  : > ours.t; : > theirs.t
  for r in $(seq 1 "$RUNS"); do
    t0=$EPOCHREALTIME
    "$root/scripts/ca-tool" verify "$leaf" --ca root.pem --untrusted "$untrusted" > ours.out 2>&1
    ours=$?; ms "$t0" "$EPOCHREALTIME" >> ours.t
    t0=$EPOCHREALTIME
    openssl verify -x509_strict -CAfile root.pem -untrusted "$untrusted" "$leaf" > theirs.out 2>&1
    theirs=$?; ms "$t0" "$EPOCHREALTIME" >> theirs.t
  done
  verdict_ours="$( [ $ours = 0 ] && echo accepted || echo "refused ($(sed -n 's/.*verification failed: //p' ours.out | head -1))")"
  verdict_theirs="$( [ $theirs = 0 ] && echo accepted || echo "refused ($(grep -o 'error [0-9]*.*' theirs.out | head -1 | cut -c1-60))")"
  echo "| $input | $verdict_ours | $(median < ours.t) ($(sort -n ours.t | head -1)–$(sort -n ours.t | tail -1)) | $verdict_theirs | $(median < theirs.t) ($(sort -n theirs.t | head -1)–$(sort -n theirs.t | tail -1)) |"
done
echo
echo "CertificateVerifier alone (one JVM; ms):"
echo
echo "| input | verdict | first call | next 5: median (min–max) |"
echo "|---|---|---|---|"
java -cp "$root/ca-tool/target/ca-tool.jar" "$root/bench/VerifyTiming.java" "$work" single leaf.pem single.pem \
  found leaf.pem found.pem absent leaf.pem others.pem deep deepleaf.pem deep.pem noids leaf.pem noids.pem
echo
echo "Bouncy Castle's CertPathBuilder (PKIX, provider BC) on the same kind of input, in one JVM:"
echo '```'
java -cp "$root/ca-tool/target/ca-tool.jar" "$root/bench/PkixBuilderExperiment.java"
echo '```'
