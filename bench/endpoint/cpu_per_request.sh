#!/usr/bin/env bash
# CPU seconds spent by a server process and each of its children (our query workers) during one wrk run.
#   bench/endpoint/cpu_per_request.sh SERVER_PID URL QUERY_FILE [CLIENTS]
# e.g. bench/endpoint/cpu_per_request.sh $(pgrep -f 'sevare_kg.server') http://127.0.0.1:7878/sparql \
#        bench/endpoint/queries/q-events-by-type.rq 16
# Divide each figure by the request count that wrk prints to get CPU per request.
set -euo pipefail
SRV=$1; URL=$2; QF=$3; C=${4:-1}
Q=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1]).read()))" "$QF")
pids="$SRV $(pgrep -P "$SRV" | tr '\n' ' ')"
snap() { for p in $pids; do awk -v p="$p" '{print p, $14 + $15}' "/proc/$p/stat"; done; }
before=$(snap)
wrk -t"$(( C < 2 ? C : 2 ))" -c"$C" -d8s -H "Accept: application/sparql-results+json" "$URL?query=$Q" | grep -E "Requests/sec|requests in"
after=$(snap)
join <(echo "$before") <(echo "$after") | awk -v hz="$(getconf CLK_TCK)" '{printf "pid %s: %.2f s CPU\n", $1, ($3 - $2) / hz}'
