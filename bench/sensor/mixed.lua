-- wrk script: the API's mixed traffic. Per 10 requests: 7 POST /api/readings (batches of 1 or
-- 10 readings over 200 sensors), 2 GET /api/readings?sensorId=..., 1 GET /api/stats.
local n = 0

request = function()
  n = n + 1
  local kind = n % 10
  local sensor = string.format("mixed-%d", n % 200)
  if kind < 6 then
    local body = string.format('{"sensorId":"%s","value":%d.5}', sensor, n % 1000)
    return wrk.format("POST", "/api/readings", { ["Content-Type"] = "application/json" }, body)
  elseif kind == 6 then
    local items = {}
    for i = 1, 10 do
      items[i] = string.format('{"sensorId":"mixed-%d","value":%d}', (n + i) % 200, i)
    end
    return wrk.format("POST", "/api/readings", { ["Content-Type"] = "application/json" }, "[" .. table.concat(items, ",") .. "]")
  elseif kind < 9 then
    return wrk.format("GET", "/api/readings?sensorId=" .. sensor .. "&limit=50")
  end
  return wrk.format("GET", "/api/stats")
end
