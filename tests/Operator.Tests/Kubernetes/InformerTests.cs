using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using ResourceType = ControllerMachinery.ResourceType;
using SensorStack.Testing;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>The informer against the fake API server, over real HTTP with the real client.</summary>
public sealed class InformerTests : IAsyncLifetime
{
    private const string Managed = "app.kubernetes.io/managed-by=sensor-operator";
    private FakeKubeApiServer _server = null!;
    private KubeApiClient _client = null!;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ControllerMetrics _metrics = new("test_");
    private Informer<V1ConfigMap> _informer = null!;
    private Task _running = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _client = KubeApiClient.Create(_server.ClientConfiguration());
        _informer = new Informer<V1ConfigMap>(_client, ResourceType.Of<V1ConfigMap>(), SourceGenerationContext.Default.V1ConfigMap, new InformerOptions
        {
            LabelSelector = Managed,
            ErrorBackoff = new Backoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50), jitter: 0.5),
        }, TimeProvider.System, NullLogger.Instance, _metrics);
        _informer.Added += cm => _events.Enqueue($"added {cm.Name()}");
        _informer.Updated += (_, cm) => _events.Enqueue($"updated {cm.Name()} {cm.Data?["v"]}");
        _informer.Deleted += cm => _events.Enqueue($"deleted {cm.Name()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        // Let the server see the informer's watch close before it shuts down.
        await Eventually.True(() => _server.OpenWatches == 0, "watches closed");
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    private void Start() => _running = _informer.RunAsync(_stop.Token);

    private V1ConfigMap Put(string name, string value, bool managed = true) => _server.Put(new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            Labels = managed ? new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "sensor-operator" } : null,
        },
        Data = new Dictionary<string, string> { ["v"] = value },
    });

    [Fact]
    public async Task Lists_what_exists_then_follows_changes_through_the_watch()
    {
        Put("a", "1");
        Put("unmanaged", "1", managed: false);
        Start();
        await Eventually.True(() => _informer.HasSynced, "initial list");
        Assert.Equal(["a"], _informer.Cache.List().Select(c => c.Name()));

        Put("b", "1");
        Put("a", "2");
        _server.Delete("configmaps", "ns", "b");
        await Eventually.True(() => _events.Contains("deleted b"), "delete event");

        Assert.Equal(["added a", "added b", "updated a 2", "deleted b"], _events.ToArray());
        Assert.Equal("2", _informer.Cache.Get("ns", "a")!.Data["v"]);
        Assert.Null(_informer.Cache.Get("ns", "unmanaged"));
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_resourceVersion_without_a_relist()
    {
        Put("a", "1");
        Start();
        await Eventually.True(() => _informer.HasSynced && _server.OpenWatches == 1, "watching");

        _server.DropWatches();
        Put("a", "2");
        await Eventually.True(() => _events.Contains("updated a 2"), "change made while the watch was down");

        Assert.Equal(1, _server.Requests.Count("list", "configmaps"));
        Assert.True(_metrics.WatchRestarts.WithLabels("configmaps", "timeout").Value + _metrics.WatchRestarts.WithLabels("configmaps", "error").Value >= 1);
        Assert.Equal(0, _metrics.WatchRestarts.WithLabels("configmaps", "gone").Value);
        Assert.Equal(["added a", "updated a 2"], _events.ToArray());
    }

    [Fact]
    public async Task Gone_makes_it_relist_and_raise_what_changed_meanwhile()
    {
        Put("a", "1");
        Put("b", "1");
        Start();
        await Eventually.True(() => _informer.HasSynced && _server.OpenWatches == 1, "watching");

        // Hold the informer's reconnect back while changes are made and the history they are in
        // is compacted: resuming from its resourceVersion is then impossible (410 Gone).
        _server.Faults.Add(new SensorStack.FakeKubeApi.Faults.FaultRule { Verbs = "watch", Resource = "configmaps", Delay = TimeSpan.FromMilliseconds(500), Limit = 1 });
        _server.DropWatches();
        _server.Delete("configmaps", "ns", "b");
        Put("c", "1");
        _server.CompactHistory();
        await Eventually.True(() => _events.Contains("deleted b") && _events.Contains("added c"), "relist differences");

        Assert.Equal(2, _server.Requests.Count("list", "configmaps"));
        Assert.Equal(1, _metrics.WatchRestarts.WithLabels("configmaps", "gone").Value);
        Assert.Equal(["a", "c"], _informer.Cache.List().Select(c => c.Name()).Order());
    }

    [Fact]
    public async Task Gone_on_the_watch_request_itself_also_relists()
    {
        Put("a", "1");
        _server.Faults.Script("watch", "configmaps", 410);
        Start();

        await Eventually.True(() => _server.Requests.Count("list", "configmaps") == 2 && _server.OpenWatches == 1, "relist after 410");
        Assert.Equal(1, _metrics.WatchRestarts.WithLabels("configmaps", "gone").Value);
        Assert.Equal(["added a"], _events.ToArray()); // the relist found nothing new: no duplicate events
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_the_list_succeeds()
    {
        Put("a", "1");
        _server.Faults.Script("list", "configmaps", 500, 503, 429);
        Start();

        await Eventually.True(() => _informer.HasSynced, "list after three failures");
        Assert.Equal(4, _server.Requests.Count("list", "configmaps"));
        Assert.Equal(3, _metrics.WatchRestarts.WithLabels("configmaps", "error").Value);
        Assert.NotNull(_informer.Cache.Get("ns", "a"));
    }

    [Fact]
    public async Task A_long_list_is_read_in_pages()
    {
        for (var i = 0; i < 25; i++)
        {
            Put($"cm-{i:D2}", "1");
        }

        _informer = new Informer<V1ConfigMap>(_client, ResourceType.Of<V1ConfigMap>(), SourceGenerationContext.Default.V1ConfigMap, new InformerOptions { LabelSelector = Managed, PageSize = 10 }, TimeProvider.System, NullLogger.Instance);
        Start();
        await Eventually.True(() => _informer.HasSynced, "paged list");

        Assert.Equal(25, _informer.Cache.Count);
        Assert.Equal(3, _server.Requests.Count("list", "configmaps"));
    }
}
