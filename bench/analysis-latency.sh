#!/usr/bin/env bash
# Latency of the analysis dashboards and API (issue 15, item 7) on SQLite: generate a synthetic market of N tenders
# with `demo generate` (default 20,000 ≈ 200,000 bids), import it into a fresh test database and replay every
# analysis endpoint 20 times as a signed-in 公管办 officer, printing p50 and p95 per endpoint.
# Usage: bench/analysis-latency.sh [N]. Builds the test project; runs tests/Jianguan.Tests' AnalysisLatencyBench.
# PostgreSQL: set JIANGUAN_TEST_POSTGRES to a server connection string, as test.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
work=$(mktemp -d /tmp/jianguan-analysis-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build tests/Jianguan.Tests -c Release -nologo -v q >/dev/null
src/Jianguan/bin/Release/net10.0/jianguan demo generate --tenders "$n" --seed 1 --out "$work/market" >/dev/null
echo "tenders: $n"
echo "bids generated: $(($(wc -l <"$work/market/bids.csv") - 1))"
JIANGUAN_BENCH_MARKET="$work/market" JIANGUAN_BENCH_OUT="$work/latency.txt" \
  dotnet test tests/Jianguan.Tests -c Release --no-build --filter "FullyQualifiedName~AnalysisLatencyBench" >/dev/null
cat "$work/latency.txt"
