#!/usr/bin/env bash
# What the price, market and efficiency analyses cost once their sections are in memory (no database; ADR-021,
# amendment of the fourth session; ADR-023): N generated sections (default 1,000,000), the columns built from them
# (once per data) and each computation over the columns timed three times, with the machine's 1-minute load average.
# Runs tests/Jianguan.Tests' AnalysisComputeBench (which checks the figures add up). Usage: bench/analysis-compute.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
out=$(mktemp /tmp/jianguan-analysis-compute.XXXXXX)
trap 'rm -f "$out"' EXIT
dotnet build tests/Jianguan.Tests -c Release -nologo -v q >/dev/null
# The analyses run in the test host: with the server's garbage collector (jianguan is a web project, its runtimeconfig
# sets System.GC.Server), as `jianguan serve` runs them, not the workstation collector a test project gets by default.
export DOTNET_gcServer=1
JIANGUAN_BENCH_SECTIONS="$n" JIANGUAN_BENCH_OUT="$out" \
  dotnet test tests/Jianguan.Tests -c Release --no-build --filter "FullyQualifiedName~AnalysisComputeBench" >"$out.log" 2>&1 \
  || { echo "the bench failed (last lines of its log):"; tail -n 30 "$out.log"; rm -f "$out.log"; exit 1; }
rm -f "$out.log"
cat "$out"
