#!/usr/bin/env bash
# Prints the message template (.pot) of every marked message in geo/ and app/ on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
find geo app -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort | \
  xgettext --files-from=- --output=- --language=C++ --from-code=UTF-8 --no-wrap --sort-by-file --add-location=file \
    --keyword=tr --keyword=trn:1,2 --keyword=N_ --add-comments=TRANSLATORS: \
    --package-name=gridplan --msgid-bugs-address=https://example.invalid/gridplan/issues \
    --copyright-holder="the gridplan authors"
