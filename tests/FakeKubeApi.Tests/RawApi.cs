using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi;

namespace SensorStack.FakeKubeApiTests;

/// <summary>
/// Plain HTTP to the fake, for what the typed client hides: status codes with their Status
/// bodies, Warning headers, and bodies with fields the client models do not have.
/// </summary>
internal sealed class RawApi(FakeKubeApiServer api) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = api.BaseAddress };

    public sealed record Answer(HttpStatusCode Code, JsonObject Body, IReadOnlyList<string> Warnings)
    {
        public string? Message => Body["message"]?.GetValue<string>();

        public string? Reason => Body["reason"]?.GetValue<string>();

        public JsonArray Causes => Body["details"]?["causes"] as JsonArray ?? [];
    }

    public Task<Answer> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        SendAsync(method, path, body?.ToJsonString(), contentType);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];
        return new Answer(response.StatusCode, JsonNode.Parse(text) as JsonObject ?? [], warnings);
    }

    public void Dispose() => http.Dispose();
}
