using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Faults;
using SensorStack.Testing;
using ResourceType = ControllerMachinery.ResourceType;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>The watch stream reader against the fake API server, over real HTTP, including the ways a watch ends.</summary>
public sealed class WatchReaderTests : IAsyncLifetime
{
    private static readonly ResourceType ConfigMaps = ResourceType.Of<V1ConfigMap>();
    private FakeKubeApiServer _server = null!;
    private KubeApiClient _api = null!;
    private readonly ControllerMetrics _metrics = new("test_");
    private WatchReader _reader = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) }, Ct);
        _api = KubeApiClient.Create(_server.ClientConfiguration());
        _reader = new WatchReader(_api, NullLogger.Instance, _metrics);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private string Put(string name, string value) => _server.Put(new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Data = new Dictionary<string, string> { ["v"] = value },
    }).Metadata.ResourceVersion;

    /// <summary>Reads the watch in the background into a list, so the test can change things while it runs.</summary>
    private sealed class Collected
    {
        private readonly List<WatchEvent> _events = [];

        public Task Reading { get; set; } = Task.CompletedTask;

        public IReadOnlyList<WatchEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Add(WatchEvent e)
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }

    private Collected Watch(WatchOptions options)
    {
        var collected = new Collected();
        collected.Reading = Task.Run(async () =>
        {
            await foreach (var e in _reader.WatchAsync(ConfigMaps, "ns", options, Ct))
            {
                collected.Add(e);
            }
        }, Ct);
        return collected;
    }

    private static string Describe(WatchEvent e) => e.Kind == WatchEventKind.Bookmark
        ? "Bookmark"
        : $"{e.Kind} {e.Body.GetProperty("metadata").GetProperty("name").GetString()}";

    [Fact]
    public async Task Events_after_a_resourceVersion_arrive_in_order_with_their_objects()
    {
        var from = Put("before", "0");
        var watch = Watch(new WatchOptions { ResourceVersion = from, AllowBookmarks = false });
        await Eventually.True(() => _server.OpenWatches == 1, "watch open");

        Put("a", "1");
        Put("a", "2");
        _server.Delete("configmaps", "ns", "a");
        await Eventually.True(() => watch.Events.Count == 3, "three events");

        Assert.Equal(["Added a", "Modified a", "Deleted a"], watch.Events.Select(Describe));
        Assert.Equal("2", watch.Events[1].Body.GetProperty("data").GetProperty("v").GetString());
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), watch.Events[^1].ResourceVersion);
    }

    [Fact]
    public async Task A_bookmark_carries_the_resourceVersion_the_watch_has_reached()
    {
        var from = Put("a", "1");
        Put("other", "1");
        var watch = Watch(new WatchOptions { ResourceVersion = from });

        await Eventually.True(() => watch.Events.Any(e => e.Kind == WatchEventKind.Bookmark), "a bookmark");
        var bookmark = watch.Events.First(e => e.Kind == WatchEventKind.Bookmark);
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), bookmark.ResourceVersion);
        Assert.Equal(["Added other", "Bookmark"], watch.Events.Take(2).Select(Describe));
    }

    [Fact]
    public async Task The_server_ending_the_watch_at_timeoutSeconds_is_a_normal_end()
    {
        var started = TimeProvider.System.GetTimestamp();
        var watch = Watch(new WatchOptions { ResourceVersion = Put("a", "1"), Timeout = TimeSpan.FromSeconds(1), AllowBookmarks = false });

        await watch.Reading.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(1), "ended by the server's timeout, not before");
        Assert.Empty(watch.Events);
    }

    [Fact]
    public async Task An_ERROR_event_with_410_on_an_open_stream_means_relist()
    {
        var watch = Watch(new WatchOptions { ResourceVersion = Put("a", "1") });
        await Eventually.True(() => _server.OpenWatches == 1, "watch open");
        Put("b", "1");
        await Eventually.True(() => watch.Events.Any(e => Describe(e) == "Added b"), "an event before the error");

        _server.ExpireWatches();
        var expired = await Assert.ThrowsAsync<ResourceExpiredException>(() => watch.Reading);
        var status = Assert.IsType<KubeApiException>(expired.InnerException);
        Assert.Equal(HttpStatusCode.Gone, status.StatusCode);
        Assert.Equal("Expired", status.Reason);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_gets_the_410_ERROR_event_at_once()
    {
        var old = Put("a", "1");
        Put("b", "1");
        _server.CompactHistory();

        await Assert.ThrowsAsync<ResourceExpiredException>(() => Watch(new WatchOptions { ResourceVersion = old }).Reading);
    }

    [Fact]
    public async Task A_line_that_is_not_an_event_is_skipped_and_the_watch_goes_on()
    {
        var watch = Watch(new WatchOptions { ResourceVersion = Put("a", "1"), AllowBookmarks = false });
        await Eventually.True(() => _server.OpenWatches == 1, "watch open");

        _server.SendToWatches("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"trunc");
        _server.SendToWatches("<html>502 Bad Gateway</html>");
        _server.SendToWatches("{\"type\":\"SURPRISE\",\"object\":{}}");
        Put("b", "1");
        await Eventually.True(() => watch.Events.Count == 1, "the event after the bad lines");

        Assert.Equal(["Added b"], watch.Events.Select(Describe));
        Assert.Equal(3, _metrics.UnparseableObjects.WithLabels("configmaps").Value);
        Assert.False(watch.Reading.IsCompleted);
    }

    [Fact]
    public async Task Another_ERROR_event_is_an_API_error_with_its_status()
    {
        var watch = Watch(new WatchOptions { ResourceVersion = Put("a", "1") });
        await Eventually.True(() => _server.OpenWatches == 1, "watch open");

        _server.SendToWatches("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","code":500,"reason":"InternalError","message":"etcd is sad"}}""");
        var error = await Assert.ThrowsAsync<KubeApiException>(() => watch.Reading);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("etcd is sad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_mid_stream_is_an_error_and_a_clean_close_is_not()
    {
        var reset = Watch(new WatchOptions { ResourceVersion = Put("a", "1") });
        await Eventually.True(() => _server.OpenWatches == 1, "watch open");
        _server.DropWatches(abortConnections: true);
        var dropped = await Assert.ThrowsAnyAsync<Exception>(() => reset.Reading);
        Assert.True(dropped is IOException or HttpRequestException, $"an I/O error, not {dropped.GetType().Name}");
        // The aborted watch may still be counted for a moment; the clean close must reach the second one.
        await Eventually.True(() => _server.OpenWatches == 0, "the reset watch gone");

        var closed = Watch(new WatchOptions { ResourceVersion = Put("b", "1") });
        await Eventually.True(() => _server.OpenWatches == 1, "second watch open");
        _server.DropWatches(abortConnections: false);
        await closed.Reading.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task A_refused_watch_request_is_an_API_error()
    {
        _server.Faults.Add(new FaultRule { Verbs = "watch", StatusCode = 503, Limit = 1 });

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => Watch(new WatchOptions()).Reading);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }
}
