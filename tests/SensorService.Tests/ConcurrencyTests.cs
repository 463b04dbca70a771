using System.Net;
using System.Text.Json;
using SensorService.Storage;

namespace SensorService.Tests;

public sealed class ConcurrencyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_clients_lose_and_duplicate_nothing()
    {
        const int clients = 16, requestsPerClient = 100, ownSensors = 4;
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:RingCapacity"] = "5000",
            ["Sensor:RateLimit:PermitLimit"] = "0",
        });

        // Every reading carries a unique value; each request writes four to the client's own
        // sensors and one to a sensor that every client shares.
        await Parallel.ForEachAsync(Enumerable.Range(0, clients), Cancel, async (client, token) =>
        {
            using var http = new HttpClient { BaseAddress = host.Api.BaseAddress };
            for (var request = 0; request < requestsPerClient; request++)
            {
                var id = (client * requestsPerClient) + request;
                var batch = Enumerable.Range(0, ownSensors)
                    .Select(k => $$"""{"sensorId":"c{{client}}-s{{k}}","value":{{(id * 10) + k}}}""")
                    .Append($$"""{"sensorId":"shared","value":{{id}}}""");
                var response = await http.PostAsync("/api/readings", SensorHost.Json("[" + string.Join(",", batch) + "]"), token);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        });

        var expectedShared = Enumerable.Range(0, clients * requestsPerClient).Select(i => (double)i).ToHashSet();
        var shared = await ValuesAsync(host, "shared", 5000);
        Assert.Equal(clients * requestsPerClient, shared.Count);
        Assert.True(expectedShared.SetEquals(shared));

        for (var client = 0; client < clients; client++)
        {
            for (var k = 0; k < ownSensors; k++)
            {
                var values = await ValuesAsync(host, $"c{client}-s{k}", 5000);
                var expected = Enumerable.Range(client * requestsPerClient, requestsPerClient).Select(id => (double)((id * 10) + k));
                Assert.Equal(expected, values); // one client's requests arrive in its order
            }
        }

        Assert.Equal(clients * requestsPerClient * (ownSensors + 1), host.Get<ReadingStore>().AcceptedTotal);
    }

    private static async Task<List<double>> ValuesAsync(SensorHost host, string sensor, int limit)
    {
        var json = JsonDocument.Parse(await host.Api.GetStringAsync($"/api/readings?sensorId={sensor}&limit={limit}", Cancel)).RootElement;
        return json.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()).ToList();
    }
}
