#!/usr/bin/env bash
# Load test of GET /api/search over the news corpus (vn_news_baomoi), on loopback only.
#
#   crates/server/bench/load.sh [DURATION=30s]
#
# Builds the release binary, indexes the news JSONL once into target/bench-news-index, then for
# two scenarios starts `tracuu serve` on 127.0.0.1 and runs wrk at 16 and 64 connections with the
# real query mix of make_queries.py (news titles, ALQAC questions, a quarter without diacritics),
# printing requests/s, p50/p99, errors, HTTP statuses and the server's RSS before and after:
#   cold: every query of the mix, answer cache off (the index's own cost);
#   warm: every query of the mix, cache on and warmed by one pass over the mix (a service
#         whose users' questions have all been asked before: the cache's steady state);
#   hot:  the mix's first 200 queries, cache on and warmed once (popular questions asked again).
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${1:-30s}
DATA=../shared/data
WORK=target/bench-load
INDEX=target/bench-news-index
ADDR=127.0.0.1:18181
LUA=crates/server/bench/search.lua
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
[ -d "$DATA" ] || { echo "SKIPPED: $DATA is absent"; exit 0; }

cargo build --release -p tracuu-cli
BIN=target/release/tracuu
if [ ! -f "$INDEX/meta.json" ]; then
  xz -dc "$DATA/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz" > "$WORK/news.jsonl"
  "$BIN" index --index "$INDEX" "$WORK/news.jsonl"
  rm -f "$WORK/news.jsonl"
fi
python3 crates/server/bench/make_queries.py "$DATA" "$WORK/queries.txt"
head -200 "$WORK/queries.txt" > "$WORK/hot.txt"
printf '[limits]\ncache_entries = 0\n' > "$WORK/cold.toml"
printf '[limits]\ncache_ttl_ms = 600000\n' > "$WORK/hot.toml"

scenario() { # name queries config warm
  local name=$1 queries=$2 config=$3 warm=$4
  "$BIN" serve --index "$INDEX" --addr "$ADDR" --config "$config" > "$WORK/serve-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
  rss() { awk '/VmRSS/{print $2" kB"}' "/proc/$pid/status"; }
  echo "[$name] $(curl -s "http://$ADDR/healthz") loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$warm" = 1 ]; then
    while read -r q; do curl -s -o /dev/null "http://$ADDR/api/search?limit=10&q=$q"; done < "$queries"
  fi
  QUERIES=$queries wrk -t2 -c8 -d10s --timeout 10s -s $LUA "http://$ADDR" | grep RESULT | sed "s/^/[$name] warmup /"
  echo "[$name] rss_before $(rss)"
  for c in 16 64; do
    QUERIES=$queries wrk -t2 -c"$c" -d"$DURATION" --timeout 10s -s $LUA "http://$ADDR" | grep RESULT | sed "s/^/[$name] c=$c /"
    echo "[$name] rss_after_c$c $(rss) loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  curl -s "http://$ADDR/metrics" | grep -E '^tracuu_(search_timeouts|search_cache|http_requests_total\{method="GET",route="/api/search")' | sed "s/^/[$name] /"
  kill -TERM "$pid"; wait "$pid" || true
}
scenario cold "$WORK/queries.txt" "$WORK/cold.toml" 0
scenario warm "$WORK/queries.txt" "$WORK/hot.toml" 1
scenario hot "$WORK/hot.txt" "$WORK/hot.toml" 1
