using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

public class WatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_open_watch_streams_added_modified_and_deleted_as_they_happen()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        using var watch = await OpenRawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}");

        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), "default", cancellationToken: Ct);
        cm.Data["key"] = "v2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "w", "default", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w", "default", cancellationToken: Ct);

        var events = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var e = await watch.NextAsync();
            events.Add($"{e["type"]} {e["object"]!["metadata"]!["name"]} {e["object"]!["data"]!["key"]}");
        }

        Assert.Equal(["ADDED w value", "MODIFIED w v2", "DELETED w v2"], events);
    }

    [Fact]
    public async Task A_watch_resumes_from_a_resource_version_with_the_changes_after_it()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two"), "default", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("one", "default", cancellationToken: Ct);

        var lines = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={first.Metadata.ResourceVersion}&timeoutSeconds=1");

        Assert.Equal(["ADDED two", "DELETED one"], lines.Select(l => $"{l["type"]} {l["object"]!["metadata"]!["name"]}"));
    }

    [Fact]
    public async Task A_watch_without_resource_version_starts_with_the_current_objects()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);

        var lines = await RawWatchAsync(api, "api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1");

        Assert.Equal(["ADDED a", "ADDED b"], lines.Select(l => $"{l["type"]} {l["object"]!["metadata"]!["name"]}"));
    }

    [Fact]
    public async Task An_expired_resource_version_gets_an_ERROR_event_with_410()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var old = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        api.CompactHistory();

        var lines = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={old.Metadata.ResourceVersion}");

        var error = Assert.Single(lines);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bounded_history_expires_the_oldest_versions()
    {
        await using var api = await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { EventHistoryCapacity = 2 }, Ct);
        var client = api.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        var second = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d"), "default", cancellationToken: Ct);

        var tooOld = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={first.Metadata.ResourceVersion}&timeoutSeconds=1");
        var stillKept = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={second.Metadata.ResourceVersion}&timeoutSeconds=1");

        Assert.Equal("ERROR", Assert.Single(tooOld)["type"]!.GetValue<string>());
        Assert.Equal(["ADDED", "ADDED"], stillKept.Select(l => l["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_resource_version()
    {
        await using var api = await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) }, Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        var rv = api.ResourceVersion;

        var lines = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=1");

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("BOOKMARK", l["type"]!.GetValue<string>()));
        Assert.Equal(rv.ToString(), lines[0]["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("ConfigMap", lines[0]["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_watch()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var started = DateTime.UtcNow;

        var lines = await RawWatchAsync(api, "api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1&timeoutSeconds=1");

        Assert.Empty(lines);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        await Eventually.True(() => api.OpenWatches == 0, "the watch is closed on the server");
    }

    [Fact]
    public async Task A_label_selector_watch_sees_objects_enter_and_leave_the_selection()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("unrelated"), "default", cancellationToken: Ct);
        var rv = api.ResourceVersion;
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", labels: new Dictionary<string, string> { ["team"] = "b" }), "default", cancellationToken: Ct);
        cm.Metadata.Labels["team"] = "a";
        cm = await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", "default", cancellationToken: Ct);
        cm.Metadata.Labels["team"] = "c";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", "default", cancellationToken: Ct);

        var lines = await RawWatchAsync(api, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}&labelSelector=team%3Da&timeoutSeconds=1");

        Assert.Equal(["ADDED", "DELETED"], lines.Select(l => l["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Dropped_watches_end_and_the_client_sees_the_stream_close()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        using var watch = await OpenRawWatchAsync(api, "api/v1/namespaces/default/configmaps?watch=true");
        Assert.Equal("ADDED", (string?)(await watch.NextAsync())["type"]);

        api.DropWatches();

        Assert.Null(await watch.Lines.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await Eventually.True(() => api.OpenWatches == 0, "the server closed the watch");
    }

    [Fact]
    public async Task Dropping_many_open_watches_at_once_closes_them_all()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var watches = Enumerable.Range(0, 5)
            .Select(_ => RawWatchAsync(api, "api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1"))
            .ToList();
        await Eventually.True(() => api.OpenWatches == 5, "five watches are open");

        api.DropWatches();

        await Task.WhenAll(watches).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, api.OpenWatches);
        Assert.Empty(api.Failures);
    }

    [Fact]
    public async Task Expiring_open_watches_sends_each_an_ERROR_with_410_then_ends_it()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var watch = RawWatchAsync(api, "api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1");
        await Eventually.True(() => api.OpenWatches == 1, "the watch is open");

        api.ExpireWatches();

        var error = Assert.Single(await watch.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.Equal(0, api.OpenWatches);
    }

    [Fact]
    public async Task A_raw_line_sent_to_watches_arrives_as_it_is_between_events()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var response = await http.GetAsync("api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead, Ct);
        await Eventually.True(() => api.OpenWatches == 1, "the watch is open");

        api.SendToWatches("not json at all");
        api.Put(ConfigMap("after"));

        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("not json at all", lines[0]);
        Assert.Contains("\"after\"", lines[1], StringComparison.Ordinal);
    }

    /// <summary>An open watch response, read line by line.</summary>
    internal sealed class RawWatch(HttpClient http, HttpResponseMessage response, StreamReader lines) : IDisposable
    {
        public StreamReader Lines => lines;

        public async Task<JsonObject> NextAsync() =>
            JsonNode.Parse(await lines.ReadLineAsync(TestContext.Current.CancellationToken) ?? throw new EndOfStreamException("the watch ended"))!.AsObject();

        public void Dispose()
        {
            lines.Dispose();
            response.Dispose();
            http.Dispose();
        }
    }

    internal static async Task<RawWatch> OpenRawWatchAsync(FakeKubeApiServer api, string pathAndQuery)
    {
        var http = new HttpClient { BaseAddress = api.BaseAddress };
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return new RawWatch(http, response, new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken)));
    }

    /// <summary>Reads a watch response to its end and returns its events.</summary>
    internal static async Task<List<JsonObject>> RawWatchAsync(FakeKubeApiServer api, string pathAndQuery)
    {
        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var body = await http.GetStringAsync(pathAndQuery, TestContext.Current.CancellationToken);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }
}
