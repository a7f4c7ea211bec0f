#!/usr/bin/env bash
# The CI recipe's steps (docs/ci.md): keep the fixtures in keys/ (restored from the CI
# cache, or made on the first run), report what would change as JSON, make what is missing or near
# expiry, prove that nothing is left to do, then run the demo's scenarios on the files.
#
# Run from the repository top. Environment (all optional):
#   KEYS=DIR          the fixtures folder, cached between runs (default keys)
#   PROFILES=DIR      the profiles (default profiles)
#   REPORTS=DIR       where fixtures-check.json is written (default reports)
#   RENEW_WITHIN=N    days before expiry that a certificate is renewed (default 30)
#   CHECK_ONLY=true   write nothing (no report, no lock file): fail (exit 9) when anything would change,
#                     for fixtures kept in the repository
#   PASSWORD_ENV=VAR  the variable holding the password of encrypted keys and keystores, if profiles ask for them
#   CA_TOOL, HANDSHAKE_TOOL  the commands to run (default scripts/ca-tool, scripts/handshake-tool)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a ca_tool <<< "${CA_TOOL:-$root/scripts/ca-tool}"
read -r -a handshake_tool <<< "${HANDSHAKE_TOOL:-$root/scripts/handshake-tool}"
keys="${KEYS:-keys}"
reports="${REPORTS:-reports}"
folders=(--out "$keys" --profiles "${PROFILES:-profiles}")
if [ -n "${PASSWORD_ENV:-}" ]; then
  folders+=(--password-env "$PASSWORD_ENV")
fi
renew=(--renew-within "${RENEW_WITHIN:-30}")

# CHECK_ONLY writes nothing, not even the report: the plan goes to stdout, exit 9 when anything would change.
if [ "${CHECK_ONLY:-false}" = true ]; then
  exec "${ca_tool[@]}" fixtures --check "${folders[@]}" "${renew[@]}"
fi

# 1. The plan, as data for the job's artifacts; exit 9 ("something would change") is a finding here.
mkdir -p "$reports"
status=0
"${ca_tool[@]}" fixtures --check --json "${folders[@]}" "${renew[@]}" > "$reports/fixtures-check.json" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 9 ]; then
  exit "$status"
fi

# 2. Make what is missing, changed or near expiry; keep the rest byte for byte (fixtures is idempotent).
"${ca_tool[@]}" fixtures "${folders[@]}" "${renew[@]}"

# 3. Nothing may be left to do now.
"${ca_tool[@]}" fixtures --check "${folders[@]}" "${renew[@]}" > /dev/null

# 4. The demo's scenarios on these files (exit 7 when a side does not behave as the demo says).
"${handshake_tool[@]}" scenarios --keys "$keys"
