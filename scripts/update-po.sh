#!/usr/bin/env bash
# Extracts every marked message (tr, trn, N_) from geo/ and app/ into po/gridplan.pot and merges it into
# each po/<lang>.po (new messages come in untranslated, changed ones fuzzy: translate them, then drop the
# fuzzy mark; messages gone from the sources are dropped). Run after adding or changing a message; tests/i18n fails until the catalog is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
scripts/extract-messages.sh > "$pot"
if [ -f po/gridplan.pot ] && diff -q <(grep -v '^"POT-Creation-Date' "$pot") <(grep -v '^"POT-Creation-Date' po/gridplan.pot) >/dev/null; then
  :
else
  cp "$pot" po/gridplan.pot
fi
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap --sort-by-file --add-location=file "$po" po/gridplan.pot
  # Messages no longer in the sources would stay as #~ entries: drop them (git keeps the history).
  msgattrib --no-obsolete --no-wrap --sort-by-file --add-location=file -o "$po" "$po"
done
