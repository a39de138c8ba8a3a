#!/usr/bin/env bash
# Load test of GET /api/search over the news corpus (vn_news_baomoi), on loopback only.
#
#   crates/server/bench/load.sh [DURATION=30s]
#
# Builds the release binary, indexes the news JSONL once into target/bench-news-index, starts
# `tracuu serve` on 127.0.0.1, runs wrk at 16 and 64 connections with the real query mix of
# make_queries.py, and prints requests/s, p50/p99, errors and the server's RSS before and after.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${1:-30s}
DATA=../shared/data
WORK=target/bench-load
INDEX=target/bench-news-index
ADDR=127.0.0.1:18181
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
[ -d "$DATA" ] || { echo "SKIPPED: $DATA is absent"; exit 0; }

cargo build --release -p tracuu-cli
BIN=target/release/tracuu
if [ ! -f "$INDEX/meta.json" ]; then
  xz -dc "$DATA/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz" > "$WORK/news.jsonl"
  /usr/bin/time -v "$BIN" index --index "$INDEX" "$WORK/news.jsonl" 2> "$WORK/index.log" || { tail "$WORK/index.log"; exit 1; }
  grep -E "Elapsed|Maximum resident|văn bản" "$WORK/index.log" || true
  rm -f "$WORK/news.jsonl"
fi
python3 crates/server/bench/make_queries.py "$DATA" "$WORK/queries.txt"

# Generous limits for the run: the service's own defaults, but more queueing room.
cat > "$WORK/serve.toml" <<TOML
[limits]
concurrency = 256
TOML
"$BIN" serve --index "$INDEX" --addr "$ADDR" --config "$WORK/serve.toml" > "$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
curl -s "http://$ADDR/healthz"; echo
rss() { awk '/VmRSS/{print $2" kB"}' "/proc/$PID/status"; }
# Warm-up (first queries load postings and build per-generation caches).
QUERIES="$WORK/queries.txt" wrk -t2 -c8 -d5s -s crates/server/bench/search.lua "http://$ADDR" | grep RESULT | sed 's/^/warmup /'
echo "rss_before $(rss)"
for C in 16 64; do
  echo "connections=$C duration=$DURATION"
  QUERIES="$WORK/queries.txt" wrk -t2 -c"$C" -d"$DURATION" --latency -s crates/server/bench/search.lua "http://$ADDR" | grep RESULT
  echo "rss_after_c$C $(rss)"
done
curl -s "http://$ADDR/metrics" | grep -E "^tracuu_(search_timeouts|index_documents)" || true
kill -TERM $PID; wait $PID || true
echo "server stopped on SIGTERM"
