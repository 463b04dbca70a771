using System.Globalization;
using System.Net;
using System.Text;
using SensorService.Stats;
using SensorService.Storage;

namespace SensorService.Tests;

public sealed class BoundedMemoryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hundred_thousand_readings_into_eleven_hundred_sensors_stay_within_both_caps()
    {
        const int maxSensors = 300, capacity = 50, total = 100_000, batch = 1000;
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:MaxSensors"] = maxSensors.ToString(CultureInfo.InvariantCulture),
            ["Sensor:RingCapacity"] = capacity.ToString(CultureInfo.InvariantCulture),
            ["Sensor:RateLimit:PermitLimit"] = "0",
        });

        // Even readings go to 100 hot sensors (500 readings each, far over the ring capacity);
        // odd ones to 1000 cold sensors that each come back only every 2000 readings.
        static string SensorOf(int i) => i % 2 == 0 ? $"hot-{i / 2 % 100}" : $"cold-{i / 2 % 1000}";
        for (var start = 0; start < total; start += batch)
        {
            var body = new StringBuilder("[");
            for (var i = start; i < start + batch; i++)
            {
                body.Append(i == start ? "" : ",").Append($$"""{"sensorId":"{{SensorOf(i)}}","value":{{i}}}""");
            }

            Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync(body.Append(']').ToString())).StatusCode);
        }

        var stats = host.Get<StatsAggregator>().Refresh();
        Assert.Equal(total, stats.ReadingsAccepted);
        Assert.Equal(maxSensors, stats.Sensors);

        // Least recently written goes first: the 100 hot sensors stay, full to their capacity, and
        // the 200 most recent cold ones each hold the one reading written since they were re-created.
        Assert.Equal((100 * capacity) + 200, stats.ReadingsStored);
        Assert.Equal(100 + (total / 2) - maxSensors, stats.SensorsEvicted);
        var rings = new List<SensorRing>();
        host.Get<ReadingStore>().CopySensors(rings);
        Assert.All(rings, ring => Assert.True(ring.Count <= capacity && ring.AllocatedSize <= capacity));

        Assert.Equal(capacity, (await ReadingsAsync(host, "hot-0")).Count);
        Assert.Single(await ReadingsAsync(host, "cold-800"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync("/api/readings?sensorId=cold-799", Cancel)).StatusCode);
        var metrics = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains($"sensor_sensors {maxSensors}", metrics);
        Assert.Contains($"sensor_sensors_evicted_total {stats.SensorsEvicted}", metrics);
    }

    private static async Task<List<System.Text.Json.JsonElement>> ReadingsAsync(SensorHost host, string sensor)
    {
        var json = System.Text.Json.JsonDocument.Parse(await host.Api.GetStringAsync($"/api/readings?sensorId={sensor}&limit=500", Cancel));
        return json.RootElement.GetProperty("readings").EnumerateArray().ToList();
    }
}
