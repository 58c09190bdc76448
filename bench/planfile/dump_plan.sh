#!/usr/bin/env bash
# Prints a plan GeoPackage as sorted text, so that the files of two writers compare with diff: the schema
# (sqlite_master), every table's rows with geometry blobs in hex, and each R-tree's entries (id and box, read
# through the index); leaves out what differs between two writes of one plan by design: gpkg_contents'
# last_change, plan_meta's `created`, and the R-trees' node layout (their _node/_parent/_rowid tables, whose
# consistency `rtreecheck` reports instead). Usage: bench/planfile/dump_plan.sh PLAN.gpkg
set -euo pipefail
db=$1
q() { sqlite3 -cmd ".mode quote" "$db" "$1"; }
echo "== schema"
q "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name"
echo "== integrity"
q "PRAGMA integrity_check"
for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                          AND name NOT GLOB 'rtree_*_node' AND name NOT GLOB 'rtree_*_parent'
                          AND name NOT GLOB 'rtree_*_rowid' ORDER BY name"); do
  echo "== $t"
  case $t in
    gpkg_contents) q "SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents" | sort ;;
    plan_meta) q "SELECT * FROM plan_meta WHERE key <> 'created'" | sort ;;
    rtree_*) q "SELECT rtreecheck('$t')"; q "SELECT * FROM \"$t\"" | sort ;;
    *) q "SELECT * FROM \"$t\"" | sort ;;
  esac
done
