-- wrk script: POST /api/readings, one reading per request, spread over 100 sensors.
local n = 0

request = function()
  n = n + 1
  local body = string.format('{"sensorId":"bench-%d","value":%d.25}', n % 100, n % 1000)
  return wrk.format("POST", "/api/readings", { ["Content-Type"] = "application/json" }, body)
end
