-- scan_load.lua: wrk script: each request scans a random code from the file
-- named by the environment variable BT_CODES (one path per line), asking
-- for JSON or HTML as BT_ACCEPT says. Without BT_CODES it requests the URL
-- given to wrk (the baseline). Prints one RESULT line.
local paths = {}
local accept = os.getenv("BT_ACCEPT") or "application/json"

function init(args)
  local file = os.getenv("BT_CODES")
  if file then
    for line in io.lines(file) do
      paths[#paths + 1] = line
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  if #paths == 0 then
    return wrk.format("GET")
  end
  local p = paths[math.random(#paths)]
  return wrk.format("GET", p, { ["Accept"] = accept })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
