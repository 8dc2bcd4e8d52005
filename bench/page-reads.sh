#!/usr/bin/env bash
# Single-client latency of the read paths of bench/cluster.sh (issue 16) on one running node: signs in as the
# office account (gongguanban), warms each path up with 5 requests, then prints p50/p95 over N requests per path.
# Usage: bench/page-reads.sh PORT PASSWORD [N=30]
# Start a node on a copy of the cluster bench's cached market as bench/cluster.sh does (JIANGUAN_DB to the copy,
# `jianguan db migrate`, JIANGUAN_ENVIRONMENT=Development `jianguan serve --urls http://127.0.0.1:PORT --demo`,
# which prints the demo passwords). Figures of 2026-12-07 (issue 16, item 4) in the commit log of branch pages-speed.
set -euo pipefail
port=$1; password=$2; n=${3:-30}
jar=$(mktemp /tmp/page-reads.XXXXXX)
trap 'rm -f "$jar"' EXIT
token_of() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/'; }
t=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/Account/Login" | token_of)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Input.UserName=gongguanban" --data-urlencode "Input.Password=$password" \
  --data-urlencode "__RequestVerificationToken=$t" "http://127.0.0.1:$port/Account/Login"
for path in /Alerts / /Trading/Sections /Firms /api/alerts /api/trading/sections /api/trading/projects; do
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$jar" "http://127.0.0.1:$port$path"; done
  code=$(curl -s -o /dev/null -b "$jar" -w "%{http_code}" "http://127.0.0.1:$port$path")
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -b "$jar" -w "%{time_total}\n" "http://127.0.0.1:$port$path"; done \
    | sort -n | awk -v p="$path" -v c="$code" '{ a[NR] = $1 * 1000 } END { printf "%-24s %s p50 %4.0f ms  p95 %4.0f ms  (n=%d)\n", p, c, a[int((NR+1)/2)], a[int(NR*0.95+0.999)], NR }'
done
