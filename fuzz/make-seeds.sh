#!/usr/bin/env bash
# Writes the fuzzers' seed corpora into OUT/<target>/ from the small text seeds in fuzz/seeds/ (nothing binary is
# committed): the building layers become a GeoPackage and a Shapefile with ogr2ogr, each framed as
# fuzz_buildings reads them (first byte 0: GeoPackage; 1: .shp, .shx, .dbf each after a 4-byte length).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: make-seeds.sh OUT}"
rm -rf "$out"
mkdir -p "$out/buildings" "$out/roster" "$out/sign_template"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

frame() {  # frame OUT FILE... : byte 0/1, then for a Shapefile each part after its little-endian length
  python3 - "$@" <<'PY'
import struct, sys
out, parts = sys.argv[1], sys.argv[2:]
with open(out, "wb") as f:
    if len(parts) == 1:
        f.write(b"\0" + open(parts[0], "rb").read())
    else:
        f.write(b"\1")
        for p in parts:
            data = open(p, "rb").read()
            f.write(struct.pack("<I", len(data)) + data)
PY
}

for src in "$here"/seeds/buildings/*.geojson; do
  name="$(basename "$src" .geojson)"
  # Small pages keep a seed near 25 KB (GDAL writes 4 KB pages: 100 KB), so mutations stay quick. One town
  # without its R-tree, one with.
  index=YES; [ "$name" = town ] && index=NO
  ogr2ogr -q -f GPKG "$tmp/$name.gpkg" "$src" -nln buildings -lco SPATIAL_INDEX=$index
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA page_size=512"); c.execute("VACUUM")' "$tmp/$name.gpkg"
  frame "$out/buildings/$name-gpkg" "$tmp/$name.gpkg"
  mkdir -p "$tmp/$name"
  ogr2ogr -q -f "ESRI Shapefile" "$tmp/$name/b.shp" "$src" -lco ENCODING=UTF-8
  frame "$out/buildings/$name-shp" "$tmp/$name/b.shp" "$tmp/$name/b.shx" "$tmp/$name/b.dbf"
  # The same attributes in GBK, as Chinese Shapefiles without a .cpg usually are.
  mkdir -p "$tmp/$name-gbk"
  ogr2ogr -q -f "ESRI Shapefile" "$tmp/$name-gbk/b.shp" "$src" -lco ENCODING=CP936
  frame "$out/buildings/$name-shp-gbk" "$tmp/$name-gbk/b.shp" "$tmp/$name-gbk/b.shx" "$tmp/$name-gbk/b.dbf"
done

cp "$here"/seeds/roster/* "$out/roster/"
for f in "$here"/seeds/roster/*.csv; do  # the encodings the parser detects
  n="$(basename "$f" .csv)"
  iconv -f UTF-8 -t GBK "$f" > "$out/roster/$n-gbk.csv"
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } > "$out/roster/$n-utf16le.csv"
  { printf '\xef\xbb\xbf'; cat "$f"; } > "$out/roster/$n-bom.csv"
done

cp "$here"/seeds/sign_template/* "$here"/../assets/*.json "$out/sign_template/"
