using System.Net;
using System.Text.Json;
using SensorService.Analysis;
using SensorService.Stats;

namespace SensorService.Tests;

public sealed class QueryTests : IAsyncLifetime
{
    private SensorHost host = null!;

    public async ValueTask InitializeAsync() => host = await SensorHost.StartAsync(new Dictionary<string, string>
    {
        ["Sensor:RingCapacity"] = "5",
        // The background loops stay out of the way; the tests run them explicitly.
        ["Sensor:Stats:Interval"] = "00:10:00",
        ["Sensor:Analysis:Interval"] = "01:00:00",
    });

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await host.Api.GetStringAsync(path, Cancel)).RootElement;

    private async Task PostAsync(string sensor, params double[] values)
    {
        var body = "[" + string.Join(",", values.Select(v => $$"""{"sensorId":"{{sensor}}","value":{{v}}}""")) + "]";
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync(body)).StatusCode);
    }

    [Fact]
    public async Task Readings_are_the_newest_oldest_first_and_limited()
    {
        await PostAsync("t", 1, 2, 3, 4, 5, 6, 7);

        var all = await GetJsonAsync("/api/readings?sensorId=t");
        var two = await GetJsonAsync("/api/readings?sensorId=t&limit=2");

        Assert.Equal([3.0, 4, 5, 6, 7], all.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
        Assert.Equal([6.0, 7], two.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Without_sensor_id_the_latest_reading_of_the_most_recent_sensors_is_listed()
    {
        await PostAsync("a", 1, 2);
        await PostAsync("b", 10);
        await PostAsync("c", 100);
        await PostAsync("a", 3);

        var latest = await GetJsonAsync("/api/readings?limit=2");

        var sensors = latest.GetProperty("sensors").EnumerateArray().Select(s => (s.GetProperty("sensorId").GetString(), s.GetProperty("value").GetDouble()));
        Assert.Equal([("a", 3.0), ("c", 100.0)], sensors);
    }

    [Theory]
    [InlineData("/api/readings?sensorId=t&limit=0")]
    [InlineData("/api/readings?sensorId=t&limit=-1")]
    [InlineData("/api/readings?sensorId=t&limit=abc")]
    [InlineData("/api/readings?sensorId=t&limit=99999999999")]
    [InlineData("/api/readings?sensorId=bad%20id")]
    public async Task Bad_queries_get_400(string path)
    {
        await PostAsync("t", 1);
        await ProblemAssert.IsProblemAsync(await host.Api.GetAsync(path, Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_sensor_gets_404()
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.Api.GetAsync("/api/readings?sensorId=nobody", Cancel), HttpStatusCode.NotFound);
        Assert.Contains("nobody", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Stats_show_the_aggregates_as_of_the_last_background_pass()
    {
        await PostAsync("a", 1, 2, 3);
        await PostAsync("b", 10, 20, 30, 40, 50, 60); // ring of 5 keeps 20..60
        var aggregator = host.Get<StatsAggregator>();
        aggregator.Refresh();
        await PostAsync("c", 1000); // after the pass: not in the stats until the next one

        var stats = await GetJsonAsync("/api/stats");

        Assert.Equal(2, stats.GetProperty("sensors").GetInt32());
        Assert.Equal(8, stats.GetProperty("readingsStored").GetInt64());
        Assert.Equal(9, stats.GetProperty("readingsAccepted").GetInt64());
        Assert.Equal(1, stats.GetProperty("values").GetProperty("min").GetDouble());
        Assert.Equal(60, stats.GetProperty("values").GetProperty("max").GetDouble());
        Assert.Equal((1 + 2 + 3 + 20 + 30 + 40 + 50 + 60) / 8.0, stats.GetProperty("values").GetProperty("mean").GetDouble(), 9);

        aggregator.Refresh();
        Assert.Equal(3, (await GetJsonAsync("/api/stats")).GetProperty("sensors").GetInt32());
    }

    [Fact]
    public async Task Stats_report_the_anomalies_found_by_the_analysis()
    {
        await PostAsync("steady", 10, 10.1, 9.9, 10, 10.05);
        await PostAsync("jumpy", 10, 10.1, 9.9, 10, 55);
        host.Get<AnomalyAnalyzer>().Analyze();
        host.Get<StatsAggregator>().Refresh();

        var analysis = (await GetJsonAsync("/api/stats")).GetProperty("analysis");

        Assert.Equal(2, analysis.GetProperty("sensorsAnalyzed").GetInt32());
        Assert.Equal(1, analysis.GetProperty("anomalousSensors").GetInt32());
        var top = Assert.Single(analysis.GetProperty("top").EnumerateArray());
        Assert.Equal("jumpy", top.GetProperty("sensorId").GetString());
        Assert.Equal(55, top.GetProperty("latest").GetDouble());
        Assert.Equal(10, top.GetProperty("median").GetDouble());
    }

    [Fact]
    public async Task Health_and_readiness_answer_on_the_api_port()
    {
        Assert.Equal("ok", await host.Api.GetStringAsync("/healthz", Cancel));
        Assert.Equal("ready", await host.Api.GetStringAsync("/readyz", Cancel));
    }
}
