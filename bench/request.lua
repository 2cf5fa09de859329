-- wrk script: POST a chat completion (or BODY_FILE) with the bench token, then print the results as JSON.
local token = os.getenv("BENCH_TOKEN")
local body_file = os.getenv("BENCH_BODY") or "bench/chat-request.json"
local f = assert(io.open(body_file, "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
-- BENCH_NEW_CONNECTIONS=1: a new connection per request (the JIT warm-up covers connection set-up this way)
if os.getenv("BENCH_NEW_CONNECTIONS") == "1" then
  wrk.headers["Connection"] = "close"
end
-- BENCH_HEADERS: further headers, "Name: value" separated by "|" (an MCP call's MCP-Protocol-Version, Mcp-Method, ...)
for header in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(header, "^%s*([^:]+):%s*(.-)%s*$")
  if name then
    wrk.headers[name] = value
  end
end
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- BENCH_DELAY_MS: a random pause (exponential, this mean) before each request, for a paced offered load
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms and delay_ms > 0 then
  function delay()
    return -delay_ms * math.log(1 - math.random())
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"errors":%d,"non2xx":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
