using System.Globalization;
using System.Text.Json;

namespace SensorStack.BudgetReport.Querying;

/// <summary>One series of an instant query: its labels and value.</summary>
internal sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A scrape target as /api/v1/targets shows it.</summary>
internal sealed record Target(string Job, string Health, string LastError, DateTimeOffset? LastScrape, int LastSamplesScraped);

/// <summary>
/// The Prometheus HTTP query API, which VictoriaMetrics also serves. Queries ask VictoriaMetrics for
/// nocache=1: without it the newest 30 s (-search.latencyOffset) are hidden, which is most of a quick run.
/// </summary>
internal sealed class PrometheusApi(HttpClient http, Uri baseAddress)
{
    public async Task<IReadOnlyList<Sample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var uri = new Uri(baseAddress, $"api/v1/query?nocache=1&query={Uri.EscapeDataString(promql)}");
        using var document = await GetAsync(uri, cancellationToken);
        var data = document.RootElement.GetProperty("data");
        if (data.GetProperty("resultType").GetString() is not ("vector" or "scalar"))
        {
            throw new InvalidOperationException($"{promql}: expected an instant vector from {baseAddress}");
        }

        var result = data.GetProperty("result");
        if (result.ValueKind != JsonValueKind.Array)
        {
            return [new Sample(new Dictionary<string, string>(), Number(result[1]))];
        }

        return result.EnumerateArray()
            .Select(s => new Sample(
                s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                Number(s.GetProperty("value")[1])))
            .ToList();
    }

    /// <summary>The single value of <paramref name="promql"/>, or null when it returned no series.</summary>
    public async Task<double?> ScalarAsync(string promql, CancellationToken cancellationToken)
    {
        var samples = await QueryAsync(promql, cancellationToken);
        return samples.Count == 0 ? null : samples[0].Value;
    }

    public async Task<IReadOnlyList<Target>> TargetsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetAsync(new Uri(baseAddress, "api/v1/targets"), cancellationToken);
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => new Target(
                t.GetProperty("labels").TryGetProperty("job", out var job) ? job.GetString() ?? "" : "",
                t.GetProperty("health").GetString() ?? "",
                t.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : "",
                t.TryGetProperty("lastScrape", out var last) && DateTimeOffset.TryParse(last.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                t.TryGetProperty("lastSamplesScraped", out var scraped) && scraped.TryGetInt32(out var count) ? count : 0))
            .ToList();
    }

    private async Task<JsonDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode}: {body.Trim()}");
        }

        var document = JsonDocument.Parse(body);
        if (document.RootElement.GetProperty("status").GetString() != "success")
        {
            document.Dispose();
            throw new HttpRequestException($"GET {uri} did not succeed: {body.Trim()}");
        }

        return document;
    }

    private static double Number(JsonElement value) =>
        double.Parse(value.GetString() ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture);
}
