#!/usr/bin/env bash
# The sign-in load probe (tests/Jianguan.BrowserTests SignInLoadProbe): signs in ROUNDS times to /Alerts and to
# /Account in the machine's Chromium exactly as the journeys did before (click 登录, then WaitForURLAsync until load)
# and, for each wait that times out, prints whether the page had loaded (document.readyState, loadEventEnd), how many
# load events Playwright delivered to IPage.Load meanwhile, and the requests still pending; then the totals and the
# machine's 1-minute load average (the machine is shared: the lost events grow with its load).
# Usage: bench/browser-signin-load.sh [ROUNDS] (default 100). The login rate limit is lifted for the probe's host only.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
out=$(mktemp /tmp/jianguan-signin-load.XXXXXX)
trap 'rm -f "$out"' EXIT
dotnet build tests/Jianguan.BrowserTests -c Release -nologo -v q >/dev/null
Jianguan__RateLimit__LoginPermits=1000000 JIANGUAN_BENCH_ROUNDS="$rounds" JIANGUAN_BENCH_OUT="$out" \
  dotnet test tests/Jianguan.BrowserTests -c Release --no-build --filter "FullyQualifiedName~SignInLoadProbe" >/dev/null || true
cat "$out"
