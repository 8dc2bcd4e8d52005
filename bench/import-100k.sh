#!/usr/bin/env bash
# Scale check of the foundation: generate a synthetic market of N tenders (default 100,000 ≈ 1 M bids) and time
# its import into a fresh SQLite database, as whole processes, then the warning analysis of the whole market that
# an import runs afterwards (timed apart: `import --no-analyze`, then `alerts refresh`). Usage: bench/import-100k.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=$(mktemp -d /tmp/jianguan-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Jianguan -c Release -o "$work/app" -nologo -v q >/dev/null
app="$work/app/jianguan"
t0=$(date +%s.%N)
"$app" demo generate --tenders "$n" --seed 1 --out "$work/market" >/dev/null
t1=$(date +%s.%N)
"$app" db migrate --db "Data Source=$work/bench.db" >/dev/null
t2=$(date +%s.%N)
"$app" import --db "Data Source=$work/bench.db" "$work"/market/projects.csv "$work"/market/sections.csv \
  "$work"/market/bids.csv "$work"/market/awards.csv --no-analyze >"$work/summary.json"
t3=$(date +%s.%N)
"$app" alerts refresh --db "Data Source=$work/bench.db" >"$work/analysis.json"
t4=$(date +%s.%N)
echo "tenders: $n"
echo "bids written: $(($(wc -l <"$work/market/bids.csv") - 1))"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "generate: %.1f s\n", b - a }'
awk -v a="$t2" -v b="$t3" 'BEGIN { printf "import into SQLite: %.1f s\n", b - a }'
awk -v a="$t3" -v b="$t4" 'BEGIN { printf "warning analysis of the whole market (alerts refresh): %.1f s\n", b - a }'
echo "summary: $(head -c 300 "$work/summary.json")"
echo "analysis: $(head -c 400 "$work/analysis.json")"
