using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SensorStack.FakeKubeApi.Faults;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Patching;
using SensorStack.FakeKubeApi.Simulation;
using SensorStack.FakeKubeApi.Store;

namespace SensorStack.FakeKubeApi;

/// <summary>
/// An in-process fake Kubernetes API server on 127.0.0.1 (a free port), spoken to by the real
/// KubernetesClient over HTTP. Generic over group/version/resource; see README.md in this project
/// for what it models and what it simplifies.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ObjectStore store;
    private readonly GarbageCollector collector;
    private readonly List<Exception> failures = [];
    private readonly List<DeploymentSimulator> simulators = [];

    private FakeKubeApiServer(FakeKubeApiOptions options)
    {
        Options = options;
        Resources = new ResourceRegistry(options.Resources);
        Faults = new FaultInjector(options.FaultSeed);
        store = new ObjectStore(options.TimeProvider, options.EventHistoryCapacity);
        collector = new GarbageCollector(store);
        Resources.Removed += store.RemoveType;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        var handler = new RequestHandler(store, Resources, Faults, Requests, options, () => BaseAddress.Authority, RecordFailure);
        app.Run(handler.HandleAsync);
    }

    public FakeKubeApiOptions Options { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What is served; add or remove resources (and so discovery entries) at any time.</summary>
    public ResourceRegistry Resources { get; }

    /// <summary>Errors and delays to inject into matching requests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Requests answered, by verb, resource and status code.</summary>
    public RequestCounters Requests { get; } = new();

    /// <summary>The global resourceVersion: the version of the latest write.</summary>
    public long ResourceVersion => store.CurrentResourceVersion;

    /// <summary>Watches currently open.</summary>
    public int OpenWatches => store.WatchCount;

    /// <summary>True while deleted owners still wait for their dependents to be collected.</summary>
    public bool GarbageCollectionPending => collector.Busy;

    /// <summary>Exceptions the fake threw while serving (bugs in the fake, answered with 500).</summary>
    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (failures)
            {
                return [.. failures, .. collector.Failures, .. simulators.SelectMany(s => s.Failures)];
            }
        }
    }

    public static async Task<FakeKubeApiServer> StartAsync(FakeKubeApiOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeKubeApiServer(options ?? new FakeKubeApiOptions());
        await server.app.StartAsync(cancellationToken);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A client configuration pointing at this server (plain HTTP, no credentials).</summary>
    public KubernetesClientConfiguration ClientConfiguration(string? @namespace = null) =>
        new() { Host = BaseAddress.ToString(), Namespace = @namespace };

    /// <summary>A real KubernetesClient talking to this server.</summary>
    public IKubernetes CreateClient() => new Kubernetes(ClientConfiguration());

    /// <summary>Writes a kubeconfig (context <c>fake</c>) for code that takes <c>--kubeconfig</c>.</summary>
    public string WriteKubeconfig(string path, string @namespace = "default")
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{BaseAddress.ToString().TrimEnd('/')}}
            users:
            - name: fake
              user:
                # The fake accepts any request; the client insists on some credential.
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: {{@namespace}}
            current-context: fake
            """);
        return path;
    }

    /// <summary>One stored object, or null. <paramref name="resource"/>: <c>deployments.apps</c>, <c>pods</c>, ...</summary>
    public JsonObject? Get(string resource, string? @namespace, string name)
    {
        var type = Resources.Get(resource);
        return store.Get(type, @namespace, name) is { } obj ? ObjectStore.WithTypeMeta(obj, type) : null;
    }

    /// <summary>One stored object as a client model type, or null.</summary>
    public T? Get<T>(string resource, string? @namespace, string name) where T : class =>
        Get(resource, @namespace, name) is { } obj ? TestJson.Deserialize<T>(obj.ToJsonString()) : null;

    /// <summary>Stored objects of a resource, optionally in one namespace and matching a label selector.</summary>
    public IReadOnlyList<JsonObject> List(string resource, string? @namespace = null, string? labelSelector = null) =>
        store.List(Resources.Get(resource), @namespace, Selectors.LabelSelector.Parse(labelSelector), Selectors.FieldSelector.Everything).Items;

    /// <summary>
    /// Creates or replaces an object as a test fixture, status included (there is no kubelet or
    /// controller-manager to write it). Bypasses fault injection and request counters.
    /// </summary>
    public JsonObject Put(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = Resources.ForObject(obj);
        var ns = type.Namespaced ? obj.Namespace() ?? "default" : null;
        var name = obj.Name() ?? throw new ArgumentException("the object has no metadata.name", nameof(obj));
        var body = obj.CloneObject();
        body.Metadata().Remove("resourceVersion");
        var (stored, _) = store.Update(type, ns, name, WriteScope.Main, _ => body.CloneObject(), createIfMissing: true);
        if (obj["status"] is not null && type.HasStatus)
        {
            (stored, _) = store.Update(type, ns, name, WriteScope.Status, _ => body.CloneObject());
        }

        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            Resources.AddCustomResourceDefinition(stored);
        }

        return stored;
    }

    /// <summary>Creates or replaces a client model object (V1Pod, V1Deployment, ...) as a fixture.</summary>
    public T Put<T>(T obj) where T : class =>
        TestJson.Deserialize<T>(Put(JsonNode.Parse(TestJson.Serialize(obj))!.AsObject()).ToJsonString());

    /// <summary>Replaces the status of an object, as a kubelet or controller would.</summary>
    public JsonObject SetStatus(string resource, string? @namespace, string name, JsonNode? status) =>
        store.Update(Resources.Get(resource), @namespace, name, WriteScope.Status, current =>
        {
            current!["status"] = status?.DeepClone();
            return current;
        }).Object;

    /// <summary>Changes the status of an object in place.</summary>
    public JsonObject UpdateStatus(string resource, string? @namespace, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return store.Update(Resources.Get(resource), @namespace, name, WriteScope.Status, current =>
        {
            var status = current!["status"] as JsonObject ?? [];
            current["status"] = status;
            change(status);
            return current;
        }).Object;
    }

    /// <summary>Deletes an object as a fixture (garbage collection of its dependents follows).</summary>
    public bool Delete(string resource, string? @namespace, string name)
    {
        try
        {
            store.Delete(Resources.Get(resource), @namespace, name, null, null, DeletePropagation.Background);
            return true;
        }
        catch (StatusException e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets what metrics-server reports for a pod: memory working set (and CPU) per container, as
    /// quantities (<c>118Mi</c>, <c>5m</c>).
    /// </summary>
    public JsonObject SetPodMetrics(string @namespace, string pod, IReadOnlyDictionary<string, string> memoryByContainer, string cpu = "1m")
    {
        ArgumentNullException.ThrowIfNull(memoryByContainer);
        var now = Options.TimeProvider.GetUtcNow();
        var metrics = new JsonObject
        {
            ["apiVersion"] = BuiltInResources.PodMetrics.ApiVersion,
            ["kind"] = BuiltInResources.PodMetrics.Kind,
            ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = @namespace },
            ["timestamp"] = JsonNodes.Rfc3339(now),
            ["window"] = "30s",
            ["containers"] = new JsonArray(memoryByContainer.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Key,
                ["usage"] = new JsonObject { ["cpu"] = cpu, ["memory"] = c.Value },
            }).ToArray()),
        };
        return Put(metrics);
    }

    /// <summary>
    /// Serves a CustomResourceDefinition given as YAML or JSON (for example the project's CRD file),
    /// after the checks the API server makes: a CRD it would refuse throws the
    /// <see cref="StatusException"/> (422 Invalid with causes) it would answer.
    /// </summary>
    public IReadOnlyList<ResourceType> InstallCustomResourceDefinition(string yamlOrJson)
    {
        var crd = YamlToJson.Parse(yamlOrJson) as JsonObject ?? throw new ArgumentException("not a CustomResourceDefinition", nameof(yamlOrJson));
        Admission.CustomResourceAdmissions.ThrowIfInvalid(crd);
        Put(crd);
        return Resources.AddCustomResourceDefinition(crd);
    }

    /// <summary>
    /// Serves a third-party CRD as its project publishes it (<see cref="ThirdPartyCrds"/>), validated
    /// like any other, so custom resources of that kind are checked against the real schema.
    /// </summary>
    public IReadOnlyList<ResourceType> InstallThirdPartyCrd(string name) => InstallCustomResourceDefinition(ThirdPartyCrds.Yaml(name));

    /// <summary>
    /// Starts a stand-in for the deployment controller and kubelet: Deployments get pods and a
    /// status. Dispose it (or the server) to stop it.
    /// </summary>
    public DeploymentSimulator SimulateDeployments()
    {
        var simulator = new DeploymentSimulator(this, store);
        simulators.Add(simulator);
        return simulator;
    }

    /// <summary>
    /// Ends every open watch, as a load balancer or API server restart would: cleanly (the response
    /// ends), or by resetting the connection.
    /// </summary>
    public void DropWatches(bool abortConnections = false) => store.DropWatches(abortConnections);

    /// <summary>Forgets the change history: watches from any earlier resourceVersion get 410 Gone.</summary>
    public void CompactHistory() => store.CompactHistory();

    /// <summary>
    /// Compacts the history under the open watches: each gets an ERROR event with a 410 Expired
    /// Status on its HTTP 200 stream, then ends, as when etcd compacts past a running watch.
    /// </summary>
    public void ExpireWatches() => store.ExpireWatches();

    /// <summary>Writes a raw line (e.g. garbage, or an event of an unknown type) into every open watch stream.</summary>
    public void SendToWatches(string line) => store.SendRawLine(line);

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in simulators)
        {
            await simulator.DisposeAsync();
        }

        store.DropWatches(abortConnections: false);
        await app.StopAsync();
        await app.DisposeAsync();
        await collector.DisposeAsync();
    }

    private void RecordFailure(Exception e)
    {
        lock (failures)
        {
            failures.Add(e);
        }
    }
}
