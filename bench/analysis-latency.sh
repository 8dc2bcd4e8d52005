#!/usr/bin/env bash
# Latency of the analysis dashboards and API (issue 15, item 7; ADR-021) on SQLite and on PostgreSQL: generate a
# synthetic market of N tenders with `demo generate` (default 20,000 ≈ 200,000 bids), import it into a fresh test
# database of each provider (the import keeps the analysis summary), replay every analysis endpoint 20 times as a
# signed-in 公管办 officer, and print import time, p50 and p95 per endpoint side by side. Each endpoint is replayed
# twice: as asked (after a warm-up request the results kept per revision, scope and filter answer; ADR-023), and as
# "…to=(new)": every request with a period not asked before that ends after the data (the same sections, computed
# afresh, as the first reader of a new filter meets them).
# Usage: bench/analysis-latency.sh [N] [sqlite|postgres|both] [ROUNDS]. ROUNDS (default 20) requests per endpoint
# after one warm-up; each figure is printed with the machine's 1-minute load average when it was taken (the machine is
# shared). Providers run one after the other, never at the same time. Builds the test project; runs tests/Jianguan.Tests'
# AnalysisLatencyBench. PostgreSQL: a private throw-away cluster on a free loopback port (as test.sh), removed on exit;
# JIANGUAN_TEST_POSTGRES, when set, names a server to use instead.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
providers=${2:-both}
rounds=${3:-20}
work=$(mktemp -d /tmp/jianguan-analysis-bench.XXXXXX)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pgdata=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$pgdata" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdata"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build tests/Jianguan.Tests -c Release -nologo -v q >/dev/null
# The analyses run in the test host: with the server's garbage collector (jianguan is a web project, its runtimeconfig
# sets System.GC.Server), as `jianguan serve` runs them, not the workstation collector a test project gets by default.
export DOTNET_gcServer=1
started=$(date +%s)
src/Jianguan/bin/Release/net10.0/jianguan demo generate --tenders "$n" --seed 1 --out "$work/market" >/dev/null
echo "tenders: $n (generated in $(($(date +%s) - started)) s; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "bids generated: $(($(wc -l <"$work/market/bids.csv") - 1))"

run() { # provider, output file, extra environment
  local provider=$1 out=$2
  shift 2
  env "$@" JIANGUAN_BENCH_MARKET="$work/market" JIANGUAN_BENCH_OUT="$out" JIANGUAN_BENCH_ROUNDS="$rounds" \
    dotnet test tests/Jianguan.Tests -c Release --no-build --filter "FullyQualifiedName~AnalysisLatencyBench" >"$work/$provider.log" 2>&1 \
    || { echo "$provider: the bench failed (last lines of its log):"; tail -n 30 "$work/$provider.log"; return 1; }
}

if [ "$providers" = sqlite ] || [ "$providers" = both ]; then
  run sqlite "$work/sqlite.txt" JIANGUAN_TEST_POSTGRES=
fi

if [ "$providers" = postgres ] || [ "$providers" = both ]; then
  server=${JIANGUAN_TEST_POSTGRES:-}
  if [ -z "$server" ]; then
    [ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
    pgdata=$(mktemp -d /tmp/jianguan-bench-pg.XXXXXX)
    chown postgres:postgres "$pgdata" 2>/dev/null || true
    port=0
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 40000))
      (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null || break
    done
    as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
      -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=512 -c max_connections=100 -c shared_buffers=256MB -c work_mem=64MB" start >/dev/null
    server="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  fi
  run postgres "$work/postgres.txt" JIANGUAN_TEST_POSTGRES="$server"
fi

# Side by side: the first lines (import, counts) per provider, then one row per endpoint.
for f in sqlite postgres; do
  [ -f "$work/$f.txt" ] && grep -v '^/' "$work/$f.txt" | sed "s/^/$f /"
done
printf '%-52s %24s %24s\n' endpoint "sqlite p50/p95 (load)" "postgres p50/p95 (load)"
endpoints=$(cat "$work"/*.txt | grep '^/' | cut -d' ' -f1 | awk '!seen[$0]++')
for e in $endpoints; do
  cell() { [ -f "$work/$1.txt" ] && grep -F "$e " "$work/$1.txt" | head -n 1 | sed -E 's/.*p50 ([0-9]+) ms, p95 ([0-9]+) ms.*load average ([0-9.]+).*/\1 \/ \2 ms (\3)/' || echo "-"; }
  printf '%-52s %24s %24s\n' "${e%:}" "$(cell sqlite)" "$(cell postgres)"
done
