using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SensorService.Hosting;

namespace SensorService.Tests;

/// <summary>The real service (Kestrel, both listeners) on 127.0.0.1 with OS-chosen ports.</summary>
internal sealed class SensorHost : IAsyncDisposable
{
    private SensorHost(WebApplication app, HttpClient api, HttpClient metrics)
    {
        App = app;
        Api = api;
        Metrics = metrics;
    }

    public WebApplication App { get; }

    public HttpClient Api { get; }

    public HttpClient Metrics { get; }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<SensorHost> StartAsync(IDictionary<string, string>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        var args = new Dictionary<string, string>
        {
            ["Sensor:BindAddress"] = "127.0.0.1",
            ["Sensor:HttpPort"] = "0",
            ["Sensor:MetricsPort"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        var app = Program.CreateApp([.. args.Select(a => $"--{a.Key}={a.Value}")], overrides);
        Assert.Empty(StartupCheck.FindConfigurationProblems(app.Services));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var ports = app.Services.GetRequiredService<ListenerPorts>();
        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.AppPort}") };
        var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.MetricsPort}") };
        return new SensorHost(app, api, metrics);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string json, string contentType = "application/json") =>
        Api.PostAsync("/api/readings", Json(json, contentType), TestContext.Current.CancellationToken);

    public static StringContent Json(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Metrics.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
