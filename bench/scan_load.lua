-- scan_load.lua: wrk script: each request scans a random code from the file
-- named by the environment variable BT_CODES (one path per line), asking
-- for JSON or HTML as BT_ACCEPT says. Without BT_CODES it requests the URL
-- given to wrk (the baseline). BT_AUTH, if set, is sent as the
-- Authorization header; BT_BODIES (one JSON body per line) makes each
-- request a POST of a random body to the URL given to wrk, "{n}" in it
-- replaced by a fresh random number (a new complainant each time); with
-- BT_IN_ORDER set the bodies are sent in their order instead (each once,
-- while they last: one claim per item). Prints one RESULT line.
local paths = {}
local bodies = {}
local accept = os.getenv("BT_ACCEPT") or "application/json"
local auth = os.getenv("BT_AUTH")
local in_order = os.getenv("BT_IN_ORDER")
local next_body = 0

function init(args)
  local file = os.getenv("BT_CODES")
  if file then
    for line in io.lines(file) do
      paths[#paths + 1] = line
    end
  end
  local bfile = os.getenv("BT_BODIES")
  if bfile then
    for line in io.lines(bfile) do
      bodies[#bodies + 1] = line
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local headers = { ["Accept"] = accept }
  if auth then
    headers["Authorization"] = auth
  end
  if #bodies > 0 then
    headers["Content-Type"] = "application/json"
    local pick = math.random(#bodies)
    if in_order then
      next_body = next_body % #bodies + 1
      pick = next_body
    end
    local body = bodies[pick]:gsub("{n}", function()
      return string.format("%08d", math.random(0, 99999999))
    end)
    return wrk.format("POST", nil, headers, body)
  end
  if #paths == 0 then
    return wrk.format("GET", nil, headers)
  end
  local p = paths[math.random(#paths)]
  return wrk.format("GET", p, headers)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
