#!/usr/bin/env bash
# Scale check of the foundation: generate a synthetic market of N tenders (default 100,000 ≈ 1 M bids) and time
# its import into a fresh SQLite database, as whole processes, then the warning analysis of the whole market that
# an import runs afterwards (timed apart: `import --no-analyze`, then `alerts refresh`).
# With JIANGUAN_BENCH_PG set to a PostgreSQL server connection string (a role with CREATEDB, e.g.
# "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres"), the same files are also imported into a fresh
# PostgreSQL database (created and dropped here), side by side with SQLite; the same import is then repeated on
# both to time a re-import that changes nothing. With JIANGUAN_BENCH_PHASES=1 each import also prints where its time
# went per file (read, write levels, commit steps: the Jianguan.Timings debug lines); the load average is printed
# before and after each provider. Usage: bench/import-100k.sh [N]
set -euo pipefail
# A throwaway synthetic database: the published development field key is fine here (docs/security.md).
export JIANGUAN_ENVIRONMENT=${JIANGUAN_ENVIRONMENT:-Development}
cd "$(dirname "$0")/.."
n=${1:-100000}
pg=${JIANGUAN_BENCH_PG:-}
work=$(mktemp -d /tmp/jianguan-bench.XXXXXX)
pgdb="jg_bench_$$"
# The import's phase timings go to stderr when asked for; printed after the figures.
phases=()
if [ "${JIANGUAN_BENCH_PHASES:-}" = 1 ]; then phases=(env 'Logging__LogLevel__Jianguan.Timings=Debug'); fi
err() { if [ ${#phases[@]} -gt 0 ]; then echo "$work/phases-$1.txt"; else echo /dev/stderr; fi; }
trap 'rm -rf "$work"' EXIT
# JIANGUAN_BENCH_APP: an already built jianguan executable (e.g. src/Jianguan/bin/Release/net10.0/jianguan) instead
# of publishing one here (a build takes minutes on a busy machine).
app=${JIANGUAN_BENCH_APP:-}
if [ -z "$app" ]; then
  dotnet publish src/Jianguan -c Release -o "$work/app" -nologo -v q >/dev/null
  app="$work/app/jianguan"
fi
echo "load before SQLite: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
"$app" demo generate --tenders "$n" --seed 1 --out "$work/market" >/dev/null
t1=$(date +%s.%N)
files=("$work"/market/projects.csv "$work"/market/sections.csv "$work"/market/bids.csv "$work"/market/awards.csv)
"$app" db migrate --db "Data Source=$work/bench.db" >/dev/null
t2=$(date +%s.%N)
"${phases[@]}" "$app" import --db "Data Source=$work/bench.db" "${files[@]}" --no-analyze >"$work/summary.json" 2>>"$(err sqlite)"
t3=$(date +%s.%N)
"$app" alerts refresh --db "Data Source=$work/bench.db" >"$work/analysis.json"
t4=$(date +%s.%N)
"${phases[@]}" "$app" import --db "Data Source=$work/bench.db" "${files[@]}" --no-analyze >"$work/again.json" 2>>"$(err sqlite-again)"
t5=$(date +%s.%N)
echo "load after SQLite: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tenders: $n"
echo "bids written: $(($(wc -l <"$work/market/bids.csv") - 1))"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "generate: %.1f s\n", b - a }'
awk -v a="$t2" -v b="$t3" 'BEGIN { printf "import into SQLite: %.1f s\n", b - a }'
awk -v a="$t4" -v b="$t5" 'BEGIN { printf "re-import into SQLite (nothing changes): %.1f s\n", b - a }'
awk -v a="$t3" -v b="$t4" 'BEGIN { printf "warning analysis of the whole market (alerts refresh): %.1f s\n", b - a }'
echo "summary: $(head -c 300 "$work/summary.json")"
echo "re-import: $(grep -oE '"rows(New|Updated|Unchanged)":[0-9]+' "$work/again.json" | tr '\n' ' ')"
echo "analysis: $(head -c 400 "$work/analysis.json")"
if [ -n "$pg" ]; then
  pgconn="$(echo "$pg" | sed -E 's/(^|;)Database=[^;]*//I');Database=$pgdb"
  if command -v psql >/dev/null; then
    host=$(echo "$pg" | grep -oiE 'Host=[^;]*' | cut -d= -f2); port=$(echo "$pg" | grep -oiE 'Port=[^;]*' | cut -d= -f2)
    user=$(echo "$pg" | grep -oiE 'Username=[^;]*' | cut -d= -f2)
    psql -q -h "$host" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -c "CREATE DATABASE \"$pgdb\"" >/dev/null
    trap 'psql -q -h "$host" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -c "DROP DATABASE IF EXISTS \"$pgdb\"" >/dev/null; rm -rf "$work"' EXIT
  else
    echo "psql is needed to create the PostgreSQL bench database" >&2; exit 2
  fi
  "$app" db migrate --db "$pgconn" >/dev/null
  echo "load before PostgreSQL: $(cut -d' ' -f1-3 /proc/loadavg)"
  p0=$(date +%s.%N)
  "${phases[@]}" "$app" import --db "$pgconn" "${files[@]}" --no-analyze >"$work/pg-summary.json" 2>>"$(err pg)"
  p1=$(date +%s.%N)
  "${phases[@]}" "$app" import --db "$pgconn" "${files[@]}" --no-analyze >"$work/pg-again.json" 2>>"$(err pg-again)"
  p2=$(date +%s.%N)
  echo "load after PostgreSQL: $(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v a="$p0" -v b="$p1" 'BEGIN { printf "import into PostgreSQL: %.1f s\n", b - a }'
  awk -v a="$p1" -v b="$p2" 'BEGIN { printf "re-import into PostgreSQL (nothing changes): %.1f s\n", b - a }'
  echo "PostgreSQL summary: $(head -c 300 "$work/pg-summary.json")"
  echo "PostgreSQL re-import: $(grep -oE '"rows(New|Updated|Unchanged)":[0-9]+' "$work/pg-again.json" | tr '\n' ' ')"
fi
if [ ${#phases[@]} -gt 0 ]; then
  for f in "$work"/phases-*.txt; do echo "phases ($(basename "$f" .txt)):"; grep -E ': [0-9.]+ s$' "$f" || true; done
fi
