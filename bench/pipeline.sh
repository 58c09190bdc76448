#!/usr/bin/env bash
# The whole `gridplan partition` on synthetic towns: stage times (load, plan with its stages, write), peak
# memory, share of grids and units within the bounds; side by side, `gpmetis -contig` on the piece graph
# that `gridplan export --format metis` writes, k = households / 300.
#   bench/pipeline.sh [BUILD_DIR] [SIZES] [RUNS]
#   SIZES: comma-separated households (default 10000,100000,1000000); RUNS: runs per size (default 3;
#   sizes of 1M and more run once). Towns and plans go to $BENCH_DIR (default /tmp/gridplan-bench-pipeline).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
sizes="${2:-10000,100000,1000000}"
runs="${3:-3}"
work="${BENCH_DIR:-/tmp/gridplan-bench-pipeline}"
gp="$build/gridplan"
[ -x "$gp" ] || { echo "$gp not found: build first (make build)"; exit 2; }
mkdir -p "$work"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "gridplan: $("$gp" --version)"
has_metis=0
if "$gp" --help 2>&1 | grep -q '^  export' && command -v gpmetis >/dev/null; then has_metis=1; fi
echo

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '| households | runs | load s | plan s | (tessellate | grids | units | polygons)* | write s | total s | peak MB | grids in bounds | units in bounds |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
metis_rows=()
for n in ${sizes//,/ }; do
  town="$work/town-$n.gpkg"
  [ -f "$town" ] || "$gp" synth -o "$town" --households "$n" --seed 1 >/dev/null
  args=(--buildings "$town" --communities "$town" --compounds "$town" --barriers "$town" --barriers-layer roads
        --barriers "$town" --barriers-layer river)
  r=$runs
  [ "$n" -ge 1000000 ] && r=1
  : >"$work/rows-$n"
  for i in $(seq "$r"); do
    plan="$work/plan-$n.gpkg"
    /usr/bin/time -f 'wall %e rss %M' "$gp" partition -o "$plan" "${args[@]}" --timings >"$work/out-$n" 2>"$work/err-$n" || true
    t=$(grep '^timings' "$work/err-$n")
    num() { sed -n "s/.*$1 \([0-9.]*\).*/\1/p" <<<"$t"; }
    wall=$(sed -n 's/^wall \([0-9.]*\) rss.*/\1/p' "$work/err-$n")
    rss=$(sed -n 's/.*rss \([0-9]*\)/\1/p' "$work/err-$n")
    echo "$(num load) $(num plan) $(num tessellate) $(num grids) $(num units) $(num polygons) $(num write) $wall $rss" >>"$work/rows-$n"
  done
  col() { awk -v c="$1" '{print $c}' "$work/rows-$n" | median; }
  gshare=$(sed -n 's/^grids within .*: \(.*\)$/\1/p' "$work/out-$n")
  ushare=$(sed -n 's/^units within .*: \(.*\)$/\1/p' "$work/out-$n")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s |\n' "$n" "$r" "$(col 1)" "$(col 2)" \
    "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)" "$(col 7)" "$(col 8)" "$(echo "$(col 9) / 1024" | bc -l)" \
    "$gshare" "$ushare"

  if [ $has_metis = 1 ]; then
    graph="$work/graph-$n.metis"
    "$gp" export "$work/plan-$n.gpkg" --format metis -o "$graph" >/dev/null
    hh=$(sed -n 's/^communities .* households \([0-9]*\) .*/\1/p' "$work/out-$n")
    k=$(( (hh + 150) / 300 ))
    /usr/bin/time -f 'wall %e rss %M' gpmetis -contig "$graph" "$k" >"$work/metis-out-$n" 2>"$work/metis-err-$n" || true
    mwall=$(sed -n 's/^wall \([0-9.]*\) rss.*/\1/p' "$work/metis-err-$n")
    mrss=$(sed -n 's/.*rss \([0-9]*\)/\1/p' "$work/metis-err-$n")
    stats=$(python3 - "$graph" "$graph.part.$k" <<'EOF'
import sys
from collections import defaultdict
lines = [l for l in open(sys.argv[1]) if not l.startswith('%')]
head = lines[0].split()
n = int(head[0]); fmt = head[2] if len(head) > 2 else "0"
vw = len(fmt) >= 2 and fmt[-2] == '1'
ew = fmt[-1] == '1'
part = [int(x) for x in open(sys.argv[2])]
w = [1] * n; adj = [[] for _ in range(n)]
for v in range(n):
    t = [int(x) for x in lines[1 + v].split()]
    if vw: w[v] = t[0]; t = t[1:]
    adj[v] = t[::2] if ew else t
    adj[v] = [u - 1 for u in adj[v]]
pw = defaultdict(int); members = defaultdict(list)
for v in range(n): pw[part[v]] += w[v]; members[part[v]].append(v)
out = sum(1 for p in pw if not 200 <= pw[p] <= 400)
disc = 0
for p, mem in members.items():
    s = set(mem); seen = {mem[0]}; st = [mem[0]]
    while st:
        v = st.pop()
        for u in adj[v]:
            if u in s and u not in seen: seen.add(u); st.append(u)
    disc += len(seen) != len(mem)
print(f"{len(pw)} {out} {disc}")
EOF
)
    metis_rows+=("| $n | $k | $mwall | $(echo "$mrss / 1024" | bc) | $(cut -d' ' -f1 <<<"$stats") | $(cut -d' ' -f2 <<<"$stats") | $(cut -d' ' -f3 <<<"$stats") |")
  fi
done
echo
echo '* seconds summed over the worker threads (communities run in parallel), so they can exceed the plan time.'
if [ $has_metis = 1 ]; then
  echo
  echo '| households | k | gpmetis -contig s | peak MB | parts | parts out of [200, 400] | disconnected parts |'
  echo '|---|---|---|---|---|---|---|'
  printf '%s\n' "${metis_rows[@]}"
else
  echo "gpmetis comparison skipped: needs \`gridplan export --format metis\` and gpmetis (apt-get install metis)"
fi
