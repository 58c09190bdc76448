#!/usr/bin/env bash
# Fails unless every message marked in the sources has a Chinese translation in po/zh_CN.po that is not
# fuzzy, and every translation keeps its message's format arguments (msgfmt --check).
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
scripts/extract-messages.sh > "$pot"
status=0
for po in po/*.po; do
  # Missing or fuzzy (msgcmp ignores fuzzy and untranslated entries unless told otherwise).
  if ! msgcmp "$po" "$pot" 2>&1; then
    echo "check-catalog: $po lacks translations of the messages above: run scripts/update-po.sh and translate them" >&2
    status=1
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$stats" >&2; status=1; }
  echo "$po: $stats"
  if grep -Eq 'fuzzy|untranslated' <<<"$stats"; then
    echo "check-catalog: $po has fuzzy or untranslated entries" >&2
    status=1
  fi
done
exit $status
