using System.Net;
using System.Text;
using System.Text.Json;
using SensorService.Storage;

namespace SensorService.Tests;

public sealed class IngestTests : IAsyncLifetime
{
    private SensorHost host = null!;

    public async ValueTask InitializeAsync() => host = await SensorHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private long Accepted => host.Get<ReadingStore>().AcceptedTotal;

    [Fact]
    public async Task A_single_reading_is_accepted_and_can_be_read_back()
    {
        var response = await host.PostJsonAsync("""{"sensorId":"t-1","value":21.5,"timestamp":"2026-01-02T03:04:05Z"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("accepted").GetInt32());
        var readings = JsonDocument.Parse(await host.Api.GetStringAsync("/api/readings?sensorId=t-1", Cancel)).RootElement;
        Assert.Equal("t-1", readings.GetProperty("sensorId").GetString());
        var only = Assert.Single(readings.GetProperty("readings").EnumerateArray());
        Assert.Equal(21.5, only.GetProperty("value").GetDouble());
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), only.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_batch_is_accepted_whole_and_a_reading_without_timestamp_gets_the_server_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var response = await host.PostJsonAsync("""[{"sensorId":"a","value":1},{"sensorId":"b","value":-2.5e3},{"sensorId":"a","value":3}]""", "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, Accepted);
        var a = JsonDocument.Parse(await host.Api.GetStringAsync("/api/readings?sensorId=a", Cancel)).RootElement.GetProperty("readings");
        Assert.Equal([1.0, 3.0], a.EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
        Assert.All(a.EnumerateArray(), r => Assert.InRange(r.GetProperty("timestamp").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task A_batch_with_one_bad_reading_is_rejected_whole_and_stores_nothing()
    {
        var response = await host.PostJsonAsync("""[{"sensorId":"good","value":1},{"sensorId":"bad id","value":2},{"sensorId":"good2","value":3}]""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("letters, digits", ProblemAssert.Errors(problem, "[1].sensorId")[0]);
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString());
        Assert.Equal(0, Accepted);
        Assert.Equal(0, host.Get<ReadingStore>().SensorCount);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync("/api/readings?sensorId=good", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("""{"sensorId":"t","value":"NaN"}""")]
    [InlineData("""{"sensorId":"t","value":"Infinity"}""")]
    [InlineData("""{"sensorId":"t","value":"-Infinity"}""")]
    [InlineData("""{"sensorId":"t","value":1e400}""")]
    public async Task Non_finite_values_are_rejected(string body)
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal(["must be a finite number"], ProblemAssert.Errors(problem, "value"));
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task Missing_value_and_missing_sensor_id_are_named()
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync("""[{"sensorId":"t"},{"value":1},null]"""), HttpStatusCode.BadRequest);

        Assert.Equal(["is required"], ProblemAssert.Errors(problem, "[0].value"));
        Assert.Equal(["is required"], ProblemAssert.Errors(problem, "[1].sensorId"));
        Assert.Equal(["must be a reading object, not null"], ProblemAssert.Errors(problem, "[2]"));
        Assert.Equal(0, Accepted);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"with space\"")]
    [InlineData("\"t\\u00fcr\"")]
    [InlineData("\"a/b\"")]
    [InlineData("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"")] // 65 characters
    public async Task Bad_sensor_ids_are_rejected(string id)
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync($$"""{"sensorId":{{id}},"value":1}"""), HttpStatusCode.BadRequest);

        Assert.Contains("must be 1 to 64 characters", ProblemAssert.Errors(problem, "sensorId")[0]);
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task A_sensor_id_of_exactly_the_maximum_length_is_accepted()
    {
        var id = new string('x', 64);
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync($$"""{"sensorId":"{{id}}","value":1}""")).StatusCode);
    }

    [Theory]
    [InlineData("{\"sensorId\":")]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("{\"sensorId\":\"a\",\"value\":1} {\"sensorId\":\"b\",\"value\":2}")]
    [InlineData("{\"sensorId\":7,\"value\":1}")]
    [InlineData("{\"sensorId\":\"a\",\"value\":1,\"timestamp\":\"yesterday\"}")]
    [InlineData("[1,2]")]
    [InlineData("[]")]
    public async Task Malformed_bodies_are_rejected(string body)
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task An_array_of_exactly_the_limit_is_accepted_and_one_more_is_rejected()
    {
        static string Batch(int n) => "[" + string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"sensorId":"s{{i % 7}}","value":{{i}}}""")) + "]";

        Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync(Batch(1000))).StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync(Batch(1001)), HttpStatusCode.BadRequest);

        Assert.Contains("at most 1000", problem.GetProperty("detail").GetString());
        Assert.Equal(1000, Accepted);
    }

    [Fact]
    public async Task An_oversize_body_with_content_length_gets_413()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"sensorId":"big","value":1.0}""", 2200)) + "]";
        Assert.True(Encoding.UTF8.GetByteCount(body) > 64 * 1024);

        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync(body), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("65536", problem.GetProperty("detail").GetString());
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task An_oversize_chunked_body_gets_413()
    {
        var bytes = Encoding.UTF8.GetBytes(new string(' ', 70_000) + """{"sensorId":"big","value":1}""");
        using var content = new StreamContent(new NonSeekableStream(bytes));
        content.Headers.ContentType = new("application/json");

        var response = await host.Api.PostAsync("/api/readings", content, Cancel);

        Assert.Null(response.RequestMessage?.Content?.Headers.ContentLength);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_is_accepted()
    {
        using var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes("""{"sensorId":"chunk","value":5}""")));
        content.Headers.ContentType = new("application/json");

        Assert.Equal(HttpStatusCode.Accepted, (await host.Api.PostAsync("/api/readings", content, Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_types_get_415(string contentType)
    {
        var problem = await ProblemAssert.IsProblemAsync(await host.PostJsonAsync("""{"sensorId":"t","value":1}""", contentType), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains(contentType, problem.GetProperty("detail").GetString());
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task A_body_without_content_type_gets_415()
    {
        using var content = new ByteArrayContent("""{"sensorId":"t","value":1}"""u8.ToArray());

        await ProblemAssert.IsProblemAsync(await host.Api.PostAsync("/api/readings", content, Cancel), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, Accepted);
    }

    [Fact]
    public async Task Rejections_are_counted_by_reason()
    {
        await host.PostJsonAsync("{", "application/json");
        await host.PostJsonAsync("{}", "text/plain");
        await host.PostJsonAsync("""{"sensorId":"t"}""");

        var text = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_requests_rejected_total{reason=\"invalid_json\"} 1", text);
        Assert.Contains("sensor_requests_rejected_total{reason=\"unsupported_media_type\"} 1", text);
        Assert.Contains("sensor_requests_rejected_total{reason=\"invalid_reading\"} 1", text);
        Assert.Contains("sensor_requests_rejected_total{reason=\"too_large\"} 0", text);
    }

    /// <summary>A stream whose length is unknown, so HttpClient sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
