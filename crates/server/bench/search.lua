-- wrk script: GET /api/search with a query picked at random from $QUERIES (one URL-encoded
-- query a line, written by make_queries.py). Prints p50/p99 and errors as one line.
local path = os.getenv("QUERIES") or "queries.txt"
local queries = {}
for line in io.lines(path) do
  queries[#queries + 1] = line
end

local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

init = function(args)
  math.randomseed(os.time() + (id or 0) * 7919)
end

request = function()
  return wrk.format("GET", "/api/search?limit=10&q=" .. queries[math.random(#queries)])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non_2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
