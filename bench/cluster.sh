#!/usr/bin/env bash
# Two web nodes on one PostgreSQL, bounded load, push latency, faults (issue 16, items 3-5). Starts a private
# PostgreSQL cluster on a free loopback port holding the demo city (serve --demo, 1,500 tenders) plus a generated
# market of BENCH_TENDERS tenders (default 100,000: about 101 k sections and 0.9 M bids) with its nightly analysis
# done. Building that database (generate, import, whole-market analysis) takes far longer than the run, so it is
# built once and kept as a stopped PostgreSQL data directory under BENCH_CACHE (default /tmp/jianguan-bench-cache,
# keyed by size and migrations); every run starts from a fresh copy of it, with one whole-market analysis first when
# its stored norms are older than a nightly run leaves them (steady state). Then two `serve` nodes on loopback ports,
# driven round robin with curl from BENCH_THREADS parallel clients:
#   reads   BENCH_READS requests over the main pages and the JSON API;
#   pushes  BENCH_PUSHES bid openings of one section each (existing firms of the market, two of them sharing a
#           file creation code: a red alert) through /api/trading/import with a machine token; the incremental
#           analysis runs in the request, so the response time is push -> alert stored; node 2 is killed with
#           kill -9 half-way and restarted, and a push refused by a dead node is sent again to the other one, as
#           a load balancer would;
#   restart PostgreSQL restarted under read load: requests fail with 503 and recover without a node restart;
#   nightly the nightly analysis started from outside (`jianguan jobs run nightly-analysis`), the node running it
#           killed with kill -9, the other node takes the firing over: it must complete exactly once.
# Then checks every accepted push stored exactly once with all its bids and its alert, and `audit verify`.
# Prints ONE JSON line on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)
tenders=${BENCH_TENDERS:-100000}
reads=${BENCH_READS:-600}
pushes=${BENCH_PUSHES:-1000}
threads=${BENCH_THREADS:-4}
cache=${BENCH_CACHE:-/tmp/jianguan-bench-cache}
work=$(mktemp -d /tmp/jianguan-cluster.XXXXXX)
chmod 755 "$work"
log() { echo "[$(( $(date +%s) - started ))s] $*" >&2; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

app="$root/src/Jianguan/bin/Release/net10.0/jianguan"
[ -x "$app" ] || dotnet build src/Jianguan -c Release -nologo -v q >&2
# The commands read the demo's published field keys, like the nodes (a real deployment sets
# JIANGUAN_FIELD_KEYS and JIANGUAN_FIELD_INDEX_KEY everywhere instead).
cli() { ASPNETCORE_ENVIRONMENT=Development "$app" "$@"; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null && continue
    echo "$port"; return 0
  done
  return 1
}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata="$work/pg"
pgport=$(free_port)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for p in $(jobs -p) "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/pglog"; chown postgres:postgres "$work/pglog" 2>/dev/null || true
pg_start() { as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$work/pglog/server.log" -w \
  -o "-p $pgport -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB" start >/dev/null; }
pg_stop() { as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null; }
export JIANGUAN_DB="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
psql_q() { as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -Atqc "$1"; }

port1=$(free_port); port2=$(free_port)
node() { # n port [--demo]
  Jobs__Node="bench-$1" JIANGUAN_ENVIRONMENT=Development "$app" serve --urls "http://127.0.0.1:$2" ${3:-} >"$work/node$1.out" 2>"$work/node$1.err" &
  pids+=($!); eval "pid$1=$!"
}
wait_up() { for _ in $(seq 1 600); do curl -fs -m 2 "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done; log "node on $1 did not start"; return 1; }

# The market: a stopped data directory in the cache, keyed by size, seed, PostgreSQL version and the migrations.
key="pg$(basename "$(dirname "$pgbin")")-t$tenders-s7-$(ls src/Jianguan/Data/Migrations/Postgres | md5sum | cut -c1-12)"
mkdir -p "$cache"; chmod 755 "$cache"
build_s=null
# A market of the same size built under older migrations is upgraded (copied, migrated, kept under the new key)
# instead of being built again.
older=$(ls -dt "$cache"/"${key%-*}"-* 2>/dev/null | grep -v -e '\.tmp$' -e "/$key\$" | head -n 1 || true)
if [ ! -d "$cache/$key" ] && [ -n "$older" ]; then
  log "upgrading the market database $older to the current migrations"
  cp -a "$older" "$pgdata"
  pg_start
  cli db migrate >/dev/null
  psql_q 'VACUUM ANALYZE' >/dev/null
  pg_stop
  rm -rf "$cache/$key.tmp"; mv "$pgdata" "$cache/$key.tmp"; mv "$cache/$key.tmp" "$cache/$key"
  rm -rf "$older"
fi
if [ ! -d "$cache/$key" ]; then
  log "building the market database once ($tenders tenders) into $cache/$key"
  b0=$(date +%s.%N)
  mkdir -p "$pgdata"; chown postgres:postgres "$pgdata" 2>/dev/null || true
  as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_start
  cli db migrate >/dev/null
  node 1 "$port1" --demo; wait_up "$port1"; kill "$pid1"; wait "$pid1" 2>/dev/null || true
  cli demo generate --tenders "$tenders" --seed 7 --out "$work/market" >/dev/null
  g1=$(date +%s.%N)
  cli import "$work"/market/projects.csv "$work"/market/sections.csv "$work"/market/bids.csv "$work"/market/awards.csv --no-analyze >/dev/null 2>"$work/import.err"
  g2=$(date +%s.%N)
  cli alerts refresh >"$work/refresh.json"
  g3=$(date +%s.%N)
  log "imported in $(secs "$g1" "$g2") s, whole-market analysis in $(secs "$g2" "$g3") s"
  # Firms (name, credit code) with at least three bids: the bidders of the pushes (their history is the incremental context).
  awk -F, 'NR > 1 { n[$3 "," $4]++ } END { for (f in n) if (n[f] >= 3) print f }' "$work/market/bids.csv" | sort >"$work/firms.txt"
  psql_q 'VACUUM ANALYZE' >/dev/null
  pg_stop
  cp "$work/firms.txt" "$pgdata/bench-firms.txt"
  rm -rf "$cache/$key.tmp"; cp -a "$pgdata" "$cache/$key.tmp"; mv "$cache/$key.tmp" "$cache/$key"
  rm -rf "$pgdata" "$work/market"
  build_s=$(secs "$b0" "$(date +%s.%N)")
  log "market database built in $build_s s"
fi
r0=$(date +%s.%N)
cp -a "$cache/$key" "$pgdata"
pg_start
cp "$pgdata/bench-firms.txt" "$work/firms.txt"
load_s=$(secs "$r0" "$(date +%s.%N)")
cli db migrate >/dev/null
# Steady state: a deployment's nightly job leaves the market's norms stored for the pushes of the next day (read by
# every node). A cached market is older than that, so without this run the first push on each node (and after each
# restart) would sample the recent sections for norms instead (about 1 s, holding that node's other pushes back).
norms_age_h=$(psql_q 'SELECT coalesce(extract(epoch FROM now() - max("StartedAt")) / 3600, 1e9)::int FROM "AnalysisRuns" WHERE "Scope" = '"'market'"' AND "Norms" IS NOT NULL')
refresh_s=0
if [ "$norms_age_h" -ge 20 ]; then
  f0=$(date +%s.%N); cli alerts refresh >/dev/null; refresh_s=$(secs "$f0" "$(date +%s.%N)")
  log "whole-market analysis (stored norms were ${norms_age_h} h old) in $refresh_s s"
fi
# Node 1 starts once with --demo, which prints fresh demo passwords (and so ends every earlier session); every other
# start, node 2's and the restarts after kill -9, is a plain one, as in a deployment. All nodes read the demo's
# published field keys (JIANGUAN_ENVIRONMENT=Development: the web host itself runs as in production; a real
# deployment sets JIANGUAN_FIELD_KEYS on every node).
node 1 "$port1" --demo; wait_up "$port1"
node 2 "$port2"; wait_up "$port2"
sections=$(psql_q 'SELECT count(*) FROM "Sections"')
log "market copied in $load_s s; two nodes up on $port1 and $port2; $sections sections"
# Sign in on node 1; the cookie works on node 2 as well (keys in the database) and outlives the restarts of either node.
jar="$work/cookies"
token_of() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/'; }
sign_in() { # the node output with the current demo passwords
  local password t
  password=$(grep -E '^\s*gongguanban\s' "$1" | awk '{print $NF}' | head -n 1)
  [ -n "$password" ] || { log "no demo password printed"; exit 1; }
  rm -f "$jar"
  t=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port1/Account/Login" | token_of)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Input.UserName=gongguanban" --data-urlencode "Input.Password=$password" \
    --data-urlencode "__RequestVerificationToken=$t" "http://127.0.0.1:$port1/Account/Login"
  xsrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port2/Alerts" | token_of)
  [ -n "$xsrf" ] || { log "sign-in failed"; exit 1; }
}
sign_in "$work/node1.out"

# One request: prints "class code seconds". Round robin by sequence number.
export jar xsrf port1 port2 work
request() { # seq class path
  local port=$port1; [ $(( $1 % 2 )) = 1 ] && port=$port2
  curl -s -o /dev/null -m 30 -b "$jar" -w "$2 %{http_code} %{time_total} $3\n" "http://127.0.0.1:$port$3" || true
}
# One push of one section: three to five firms of the market, the first two sharing a file creation code. A push
# refused by a dead node (no HTTP status) goes once to the other node; its time is both attempts'.
push() { # seq
  local port=$port1 other=$port2; [ $(( $1 % 2 )) = 1 ] && { port=$port2; other=$port1; }
  local code="BENCH-$1" f="$work/push-$1.csv" n=$(( 3 + $1 % 3 )) out out2
  {
    echo "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,TENDER_PROJECT_TYPE,SUPERVISE_DEPT_NAME,TENDER_MODE,BID_SECTION_CODE,BID_SECTION_NAME,CONTROL_PRICE,BID_OPEN_TIME,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE,BID_STATUS,FILE_CREATION_CODE"
    shuf -n "$n" --random-source=<(yes "$1") "$work/firms.txt" | awk -v c="$code" -v s="$1" -v n="$n" '{
      fc = (NR <= 2) ? "FC-" c : "FC-" c "-" NR
      printf "%s-P,压测推送项目%s,施工,海口市住房和城乡建设局,公开招标,%s,压测标段%s,1000000,2026-11-0%d 09:30,%s,%d,有效,%s\n", c, s, c, s, s % 9 + 1, $0, 900000 + NR * 7919 + (s % 13) * 101, fc }'
  } >"$f"
  out=$(curl -s -o "$work/receipt-$1.json" -m 60 -b "$jar" -H "RequestVerificationToken: $xsrf" -F "files=@$f;type=text/csv" \
    -w "%{http_code} %{time_total}" "http://127.0.0.1:$port/api/trading/import" || true)
  if [ "${out%% *}" = 000 ] || [ -z "$out" ]; then
    out2=$(curl -s -o "$work/receipt-$1.json" -m 60 -b "$jar" -H "RequestVerificationToken: $xsrf" -F "files=@$f;type=text/csv" \
      -w "%{http_code} %{time_total}" "http://127.0.0.1:$other/api/trading/import" || true)
    echo "push ${out2%% *} $(awk -v a="${out##* }" -v b="${out2##* }" 'BEGIN { print a + b }') $code retried"
  else
    echo "push $out $code first"
  fi
}
export -f request push
read_paths=(/Alerts /Trading/Sections /Firms /api/alerts "/api/alerts?level=red" /api/trading/sections /api/trading/projects /)
run_reads() { # count out
  for i in $(seq 1 "$1"); do echo "$i ${read_paths[$(( i % ${#read_paths[@]} ))]}"; done \
    | xargs -P "$threads" -L 1 bash -c 'request "$0" "$( [[ $1 == /api/* ]] && echo api || echo page )" "$1"' >>"$2"
}

log "reads: $reads requests, $threads clients"
t0=$(date +%s.%N); run_reads "$reads" "$work/reads.txt"; t1=$(date +%s.%N)
read_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

log "pushes: $pushes, node 2 killed with kill -9 half-way and restarted"
touch "$work/pushes.txt"
p0=$(date +%s.%N)
( seq 1 "$pushes" | xargs -P "$threads" -I{} bash -c 'push {}' >>"$work/pushes.txt" ) &
pusher=$!
while [ "$(wc -l <"$work/pushes.txt" 2>/dev/null || echo 0)" -lt $(( pushes / 2 )) ] && kill -0 "$pusher" 2>/dev/null; do sleep 0.2; done
kill -9 "$pid2"; log "node 2 killed"
node 2 "$port2"; wait_up "$port2"; log "node 2 restarted"
wait "$pusher" || true
push_s=$(secs "$p0" "$(date +%s.%N)")

log "PostgreSQL restart under read load"
( run_reads 200 "$work/restart.txt" ) &
loader=$!
sleep 1
pg_stop; sleep 2; pg_start
wait "$loader" || true
# Recovered: a signed-in read answers 200 again within 30 s of the restart, on both nodes, without restarting them.
r1=$(date +%s.%N)
for _ in $(seq 1 30); do
  after=$(curl -s -o /dev/null -m 10 -b "$jar" -w "%{http_code}" "http://127.0.0.1:$port1/api/alerts" || true)
  [ "$after" = 200 ] && after=$(curl -s -o /dev/null -m 10 -b "$jar" -w "%{http_code}" "http://127.0.0.1:$port2/api/alerts" || true)
  [ "$after" = 200 ] && break; sleep 1
done
recover_s=$(secs "$r1" "$(date +%s.%N)")

log "nightly analysis started from outside; the node running it killed"
before_job=$(psql_q "SELECT coalesce(max(\"Id\"), 0) FROM \"JobRuns\"")
n0=$(date +%s.%N)
cli jobs run nightly-analysis >/dev/null
victim=""
for _ in $(seq 1 200); do
  victim=$(psql_q "SELECT \"Node\" FROM \"JobRuns\" WHERE \"Job\" = 'nightly-analysis' AND \"Id\" > $before_job AND \"Outcome\" = 'Running' ORDER BY \"Id\" LIMIT 1")
  [ -n "$victim" ] && break; sleep 0.5
done
job_killed=false
if [ -n "$victim" ]; then
  sleep 3
  n="${victim#bench-}"; eval "victim_pid=\$pid$n"
  kill -9 "$victim_pid"; job_killed=true; log "node $n killed during the nightly job"
fi
job_done=""
for _ in $(seq 1 900); do
  job_done=$(psql_q "SELECT count(*) FROM \"JobRuns\" WHERE \"Job\" = 'nightly-analysis' AND \"Id\" > $before_job AND \"Outcome\" = 'Succeeded'")
  [ "$job_done" -ge 1 ] && break; sleep 1
done
nightly_s=$(secs "$n0" "$(date +%s.%N)")
if [ "$job_killed" = true ]; then node "$n" "$( [ "$n" = 1 ] && echo "$port1" || echo "$port2")"; wait_up "$( [ "$n" = 1 ] && echo "$port1" || echo "$port2")"; fi
sleep 2
job_runs=$(psql_q "SELECT \"Node\" || ':' || \"Outcome\" FROM \"JobRuns\" WHERE \"Job\" = 'nightly-analysis' AND \"Id\" > $before_job ORDER BY \"Id\"" | tr '\n' ' ')
job_succeeded=$(psql_q "SELECT count(*) FROM \"JobRuns\" WHERE \"Job\" = 'nightly-analysis' AND \"Id\" > $before_job AND \"Outcome\" = 'Succeeded'")
log "nightly runs: $job_runs"

# Checks: every accepted push stored once with all its bids and its red alert; nothing from a refused push half-stored.
accepted=$(awk '$1=="push" && $2=="200" {print $4}' "$work/pushes.txt" | sort -u)
n_accepted=$(echo "$accepted" | grep -c . || true)
stored=$(psql_q "SELECT s.\"Code\" || ' ' || (SELECT count(*) FROM \"Bids\" b WHERE b.\"SectionId\" = s.\"Id\") || ' ' || (SELECT count(*) FROM \"Alerts\" a WHERE a.\"SectionId\" = s.\"Id\" AND a.\"RuleCode\" = 'a40.1.file_code') FROM \"Sections\" s WHERE s.\"Code\" LIKE 'BENCH-%'")
lost=0
for c in $accepted; do
  # A here-string, not a pipe: under pipefail a grep -q that stops at the first match can fail the pipeline
  # (SIGPIPE to the writer) and count a stored push as lost.
  grep -q "^$c " <<<"$stored" && continue
  lost=$((lost + 1))
  [ "$lost" -le 3 ] && log "accepted but not stored: $c: $(grep " $c " "$work/pushes.txt" | tr '\n' ' ') receipt $(head -c 600 "$work/receipt-${c#BENCH-}.json" 2>/dev/null)"
done
duplicated=$(psql_q "SELECT count(*) FROM (SELECT \"Code\" FROM \"Sections\" WHERE \"Code\" LIKE 'BENCH-%' GROUP BY \"Code\" HAVING count(*) > 1) d")
half=$(echo "$stored" | awk 'NF == 3 && ($2 < 3 || $2 > 5)' | grep -c . || true)
no_alert=$(echo "$stored" | awk 'NF == 3 && $3 != 1' | grep -c . || true)
audit=$(cli audit verify 2>&1 | head -n 1 || true)
audit_ok=false; [[ $audit == verified* ]] && audit_ok=true

pct() { # file filter -> p50 p95 p99 in ms
  awk "$2 {print \$3 * 1000}" "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "null,null,null"; exit } printf "%.0f,%.0f,%.0f", v[int(NR*0.5)+(NR*0.5>int(NR*0.5))], v[int(NR*0.95)+(NR*0.95>int(NR*0.95))], v[int(NR*0.99)+(NR*0.99>int(NR*0.99))] }'
}
IFS=, read -r pg50 pg95 pg99 <<<"$(pct "$work/reads.txt" '$1=="page" && $2=="200"')"
IFS=, read -r ap50 ap95 ap99 <<<"$(pct "$work/reads.txt" '$1=="api" && $2=="200"')"
IFS=, read -r pu50 pu95 pu99 <<<"$(pct "$work/pushes.txt" '$2=="200"')"
IFS=, read -r pf50 pf95 pf99 <<<"$(pct "$work/pushes.txt" '$2=="200" && $5=="first"')"
log "reads p50/p95 ms per path: $(awk '$2 == "200" { print $4, $3 * 1000 }' "$work/reads.txt" | sort -k1,1 -k2,2n \
  | awk '{ v[$1] = v[$1] " " $2; n[$1]++ } END { for (p in v) { split(substr(v[p], 2), x, " "); printf "%s %.0f/%.0f; ", p, x[int(n[p] * 0.5) + 1], x[int(n[p] * 0.95) + 1] } }')"
read_errors=$(awk '$2 != "200"' "$work/reads.txt" | wc -l)
push_failed=$(awk '$2 != "200"' "$work/pushes.txt" | wc -l)
push_retried=$(awk '$5 == "retried"' "$work/pushes.txt" | wc -l)
r503=$(awk '$2 == "503"' "$work/restart.txt" | wc -l)
rbad=$(awk '$2 != "200" && $2 != "503"' "$work/restart.txt" | wc -l)
audit_err=1; [ "$audit_ok" = true ] && audit_err=0
recover_err=1; [ "${after:-0}" = 200 ] && recover_err=0
job_err=1; [ "$job_killed" = true ] && [ "$job_succeeded" = 1 ] && job_err=0
errors=$((read_errors + push_failed + half + no_alert + rbad + recover_err + audit_err + job_err))
rps=$(awk -v n="$reads" -v s="$read_s" 'BEGIN { printf "%.1f", n / s }')
pps=$(awk -v n="$pushes" -v s="$push_s" 'BEGIN { printf "%.1f", n / s }')
printf '{"sections":%s,"market_build_seconds":%s,"market_copy_seconds":%s,"norms_refresh_seconds":%s,"nodes":2,"threads":%s,"reads":%s,"reads_per_second":%s,"page_ms_p50":%s,"page_ms_p95":%s,"page_ms_p99":%s,"api_ms_p50":%s,"api_ms_p95":%s,"api_ms_p99":%s,"pushes":%s,"pushes_per_second":%s,"pushes_accepted":%s,"pushes_retried_node_killed":%s,"pushes_failed":%s,"push_to_alert_ms_p50":%s,"push_to_alert_ms_p95":%s,"push_to_alert_ms_p99":%s,"push_first_try_ms_p50":%s,"push_first_try_ms_p95":%s,"push_first_try_ms_p99":%s,"pushes_without_alert":%s,"pg_restart_503":%s,"pg_restart_other_errors":%s,"recovered_status":%s,"recovered_seconds":%s,"nightly_node_killed":%s,"nightly_runs":"%s","nightly_succeeded":%s,"nightly_seconds":%s,"audit_verified":%s,"half_imported":%s,"seconds":%s,"lost":%s,"duplicated":%s,"errors":%s}\n' \
  "$sections" "$build_s" "$load_s" "$refresh_s" "$threads" "$reads" "$rps" "$pg50" "$pg95" "$pg99" "$ap50" "$ap95" "$ap99" "$pushes" "$pps" "$n_accepted" "$push_retried" "$push_failed" \
  "$pu50" "$pu95" "$pu99" "$pf50" "$pf95" "$pf99" "$no_alert" "$r503" "$rbad" "${after:-0}" "$recover_s" "$job_killed" "${job_runs% }" "$job_succeeded" "$nightly_s" "$audit_ok" "$half" "$(( $(date +%s) - started ))" "$lost" "$duplicated" "$errors"
