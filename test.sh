#!/usr/bin/env bash
# Runs every check and test leg: merge-conflict markers, locked restore, formatting, build, engine unit tests, unit +
# HTTP tests on SQLite, the database tests again on PostgreSQL, and the browser tests.
# Installs what the tests need when it is missing (PostgreSQL, Chromium, CJK fonts) and starts a private
# PostgreSQL cluster on a free loopback port. A failing check or leg does not stop the run: it is reported and
# counted, and the last line is always "N passed, N failed" (each failing check or broken leg counts as 1 failed).
#
# Knobs: JIANGUAN_PG_PORT (fixed port for the cluster), JIANGUAN_TEST_HANG (longest one test may take, default 10m),
# JIANGUAN_LEG_TIMEOUT (longest one leg may take, default 30m).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

status=0
check_failures=0
fail_check() { # what failed; the details were printed just before
  echo "FAILED: $1" >&2
  check_failures=$((check_failures + 1)); status=1
}

need=()
command -v dotnet >/dev/null || { echo "the .NET SDK (dotnet) is required" >&2; exit 2; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v npm >/dev/null || need+=(nodejs npm) # the build restores ECharts from npm (client/package.json)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Merge-conflict markers. A half-resolved merge can still build (markers in docs, scripts or data), so every tracked
# file is searched; outside a git checkout, every file except build output.
echo "== conflict markers"
marker='^(<<<<<<< |>>>>>>> |=======$)'
marker_rc=0
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  markers=$(git grep -n -I -E "$marker" -- .) || marker_rc=$?
else
  markers=$(grep -r -n -I -E "$marker" --exclude-dir=bin --exclude-dir=obj --exclude-dir=.git --exclude-dir=artifacts .) \
    || marker_rc=$?
fi
case $marker_rc in
  0) echo "$markers" >&2; fail_check "merge-conflict markers in the tree" ;;
  1) ;; # none found
  *) fail_check "the search for merge-conflict markers did not run (exit $marker_rc)" ;;
esac

# Restore exactly what the committed packages.lock.json files name; a changed reference without updated lock files
# fails here rather than building against whatever version the feed serves today.
echo "== restore (locked)"
built=0
if ! dotnet restore Jianguan.slnx --locked-mode -v q; then
  fail_check "locked restore (after changing packages, update the lock files: dotnet restore Jianguan.slnx --force-evaluate)"
else
  # Formatting. The build already fails on every style and analyzer rule (TreatWarningsAsErrors with
  # EnforceCodeStyleInBuild in Directory.Build.props), which is what `dotnet format`'s style and analyzer passes would
  # check again at ≈50 s; whitespace is the one part the build does not see. `dotnet format Jianguan.slnx` fixes both.
  echo "== format"
  if ! dotnet format whitespace --folder --verify-no-changes >"$results/format.log" 2>&1; then
    head -n 40 "$results/format.log" >&2
    fail_check "dotnet format whitespace --verify-no-changes: $(grep -o '^[^(]*(' "$results/format.log" | sort -u | wc -l) file(s) to format (dotnet format Jianguan.slnx)"
  fi

  echo "== build"
  if dotnet build Jianguan.slnx -c Release -nologo -v q --no-restore; then built=1; else fail_check "build"; fi
fi

# A private PostgreSQL cluster on loopback, owned by the postgres user, removed on exit. Its port is a free one, so
# two runs (or another cluster) on one machine do not collide.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$port" 2>/dev/null | grep -q . && continue
    (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null && continue
    echo "$port"; return 0
  done
  echo "no free TCP port found for PostgreSQL" >&2; return 1
}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata=$(mktemp -d /tmp/jianguan-pg.XXXXXX)
pgport=${JIANGUAN_PG_PORT:-$(free_port)}
chown postgres:postgres "$pgdata" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
# Each test migrates its own database in one transaction (≈100 tables with their indexes, plus the Quartz tables), and
# several do so at once: the default shared lock table (64 locks per transaction slot) ran out ("53200: out of shared
# memory") once the governance, credit and cluster schemas landed. Every test class runs its own web host (request
# pool, Quartz, the alert stream) against its own database, and xUnit runs as many classes at once as the machine has
# cores: the default 100 connections were used up on a larger CI machine ("53300: sorry, too many clients already").
as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=512 -c max_connections=600" start >/dev/null
# Timeout: at the start of the leg every test class creates and migrates its database at once, and opening a
# connection waited past Npgsql's default 15 s (four tests failed with "The operation has timed out").
export JIANGUAN_PG="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Timeout=60"

# One leg is one `dotnet test` run. A hung test is killed by --blame-hang-timeout (and fails its leg); `timeout` is
# the backstop for a leg that hangs outside a test (host start, fixture, the runner itself), so the run goes on.
hang=${JIANGUAN_TEST_HANG:-10m}
leg_timeout=${JIANGUAN_LEG_TIMEOUT:-30m}
broken_legs=()
run_leg() { # name, project, extra dotnet test arguments..., then "--", extra environment...
  local name=$1 project=$2; shift 2
  local args=() rc=0
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  echo "== $name"
  env JIANGUAN_TEST_STALL_REPORT="$results/$name.stall.txt" "$@" timeout --kill-after=30s "$leg_timeout" dotnet test "$project" -c Release --no-build --nologo \
    --blame-hang-timeout "$hang" --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" ${args[@]+"${args[@]}"} || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "$name: leg did not finish within $leg_timeout and was stopped" >&2
  fi
  # A stalled run leaves the running tests and the threads' stacks (tests/Jianguan.Tests/StallReport.cs).
  if [ -s "$results/$name.stall.txt" ]; then
    echo "$name: the run stalled; what was running:" >&2
    cat "$results/$name.stall.txt" >&2
  fi
  [ "$rc" = 0 ] || { broken_legs+=("$name"); status=1; }
}
if [ "$built" = 1 ]; then
  run_leg analytics tests/Jianguan.Analytics.Tests
  run_leg sqlite tests/Jianguan.Tests
  # Tests that never touch a database already ran in the SQLite leg; only the marked ones are repeated here. The
  # mark cannot be forgotten: DatabaseGuard fails any test that creates a database without it (in the SQLite leg).
  run_leg postgres tests/Jianguan.Tests --filter "Category=Database&Category!=SqliteOnly" -- JIANGUAN_TEST_POSTGRES="$JIANGUAN_PG"
  run_leg browser tests/Jianguan.BrowserTests
fi

passed=0; failed=0
for name in analytics sqlite postgres browser; do
  trx="$results/$name.trx"
  leg_failed=0
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); leg_failed=${f:-0}
    # A skipped test proves nothing: the real-data tests skip only when ../shared/data is missing, and then this run
    # must not look green. Each skipped test is named with its reason and counted as failed.
    # (VSTest's trx leaves notExecuted at 0 for skipped tests; they show as total minus executed.)
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    s=$(( ${t:-0} - ${e:-0} ))
    if [ "${s:-0}" -gt 0 ]; then
      echo "$name: ${s} test(s) skipped, counted as failed (set JIANGUAN_SHARED_DATA or put ../shared/data beside the checkout):" >&2
      grep -o 'testName="[^"]*"[^>]*outcome="NotExecuted"' "$trx" | sed 's/testName="\([^"]*\)".*/  \1/' | head -n 20 >&2
      leg_failed=$((leg_failed + s)); status=1
    fi
  fi
  # A leg that failed (hang, crash, timeout, no results) without a failed test to show for it counts once.
  if [[ " ${broken_legs[*]-} " == *" $name "* ]] && [ "$leg_failed" = 0 ]; then
    echo "$name: leg failed without a failing test result (hang, crash or timeout), counted as 1 failed" >&2
    leg_failed=1
  fi
  failed=$((failed + leg_failed))
done
[ "$built" = 0 ] || [ -n "$(ls "$results"/*.trx 2>/dev/null)" ] || { echo "no test results were written" >&2; status=1; }
failed=$((failed + check_failures))
echo "$passed passed, $failed failed"
exit $status
