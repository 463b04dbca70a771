using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using ControllerMachinery;
using Microsoft.Extensions.DependencyInjection;
using SensorOperator.Api;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Simulation;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// The real operator host, in process, against the fake API server (real KubernetesClient over
/// loopback HTTP), with the project's CRD installed and a stand-in deployment controller so
/// components become ready. Short intervals keep each scenario to seconds.
/// </summary>
internal sealed partial class OperatorHarness : IAsyncDisposable
{
    public const string Namespace = "sensors";
    public const string StackResource = "sensorstacks.sensorstack.io";

    /// <summary>Every kind of child the operator creates (VMServiceScrapes only where served).</summary>
    public static readonly string[] ChildResources =
        ["deployments.apps", "services", "configmaps", "serviceaccounts", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"];

    private readonly List<WebApplication> operators = [];

    private OperatorHarness(FakeKubeApiServer api, DeploymentSimulator simulator)
    {
        Api = api;
        Simulator = simulator;
        Client = api.CreateClient();
    }

    public FakeKubeApiServer Api { get; }

    public DeploymentSimulator Simulator { get; }

    public IKubernetes Client { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<OperatorHarness> StartAsync(FakeKubeApiOptions? apiOptions = null)
    {
        var api = await FakeKubeApiServer.StartAsync(apiOptions ?? new FakeKubeApiOptions { BookmarkInterval = TimeSpan.FromSeconds(1) }, Ct);
        var crd = Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml");
        api.InstallCustomResourceDefinition(await File.ReadAllTextAsync(crd, Ct));
        return new OperatorHarness(api, api.SimulateDeployments());
    }

    public static OperatorOptions Options(string identity = "op-a", bool leaderElect = false) => new()
    {
        LeaderElect = leaderElect,
        LeaderElectionNamespace = "default",
        Identity = identity,
        HttpPort = 0,
        HttpAddress = "127.0.0.1",
        ObserveInterval = TimeSpan.FromSeconds(1),
        Qps = 1000,
        Burst = 2000,
        WatchTimeout = TimeSpan.FromSeconds(20),
        DiscoveryInterval = TimeSpan.FromSeconds(1),
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(500),
        LogLevel = "warn",
    };

    public async Task<WebApplication> StartOperatorAsync(OperatorOptions? options = null, Action<IServiceCollection>? configureServices = null)
    {
        var host = OperatorHost.Build(options ?? Options(), Api.ClientConfiguration(), configureServices: configureServices);
        await host.StartAsync(Ct);
        operators.Add(host);
        return host;
    }

    public async Task StopOperatorAsync(WebApplication host)
    {
        operators.Remove(host);
        await host.StopAsync(Ct);
        await host.DisposeAsync();
    }

    /// <summary>Creates a SensorStack through the API, as kubectl would.</summary>
    public async Task CreateStackAsync(string name, JsonObject spec)
    {
        var stack = new JsonObject
        {
            ["apiVersion"] = V1Alpha1SensorStack.GroupVersion,
            ["kind"] = V1Alpha1SensorStack.ResourceKind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
            ["spec"] = spec,
        };
        using var api = KubeApiClient.Create(Api.ClientConfiguration());
        await api.CreateAsync(ControllerMachinery.ResourceType.Of<V1Alpha1SensorStack>(), Namespace, stack, TestJson.TypeInfo<JsonObject>(), Ct);
    }

    /// <summary>Changes a stack's spec with a merge patch, as <c>kubectl patch --type merge</c> would.</summary>
    public async Task PatchSpecAsync(string name, JsonObject specPatch)
    {
        var patch = new JsonObject { ["spec"] = specPatch };
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            V1Alpha1SensorStack.Group, V1Alpha1SensorStack.Version, Namespace, V1Alpha1SensorStack.Plural, name, cancellationToken: Ct);
    }

    public V1Alpha1SensorStack? Stack(string name) => Api.Get<V1Alpha1SensorStack>(StackResource, Namespace, name);

    public static V1Condition? Condition(V1Alpha1SensorStack? stack, string type) =>
        stack?.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Waits until the stack satisfies <paramref name="until"/> and returns it.</summary>
    public async Task<V1Alpha1SensorStack> WaitForStackAsync(string name, Func<V1Alpha1SensorStack, bool> until, string what, TimeSpan? timeout = null)
    {
        V1Alpha1SensorStack? last = null;
        await Eventually.True(() => (last = Stack(name)) is { } s && until(s), () => $"{what}; last status: {TestJson.Serialize(last?.Status)}", timeout);
        return last!;
    }

    public Task<V1Alpha1SensorStack> WaitForReadyAsync(string name, long generation = 1) =>
        WaitForStackAsync(
            name,
            s => s.Status?.ObservedGeneration == generation && Condition(s, ConditionTypes.Ready)?.Status == "True",
            $"stack {name} is Ready at generation {generation}");

    /// <summary>The stack's children of the core kinds: objects labelled with its instance name.</summary>
    public IReadOnlyList<JsonObject> Children(string stack) =>
        ChildResources.SelectMany(r => Api.List(r, Namespace, $"app.kubernetes.io/instance={stack}")).ToList();

    /// <summary>Name and resourceVersion of every child: equal snapshots mean nothing was written.</summary>
    public IReadOnlyDictionary<string, string> ChildVersions(string stack) =>
        Children(stack).ToDictionary(c => $"{c["kind"]}/{c["metadata"]!["name"]}", c => c["metadata"]!["resourceVersion"]!.GetValue<string>());

    public V1Deployment? Deployment(string name) => Api.Get<V1Deployment>("deployments.apps", Namespace, name);

    /// <summary>Sum over the stack's Deployments of every container's memory limit times replicas.</summary>
    public long AllocatedBytes(string stack) =>
        Api.List("deployments.apps", Namespace, $"app.kubernetes.io/instance={stack}")
            .Select(d => TestJson.Deserialize<V1Deployment>(d.ToJsonString()))
            .Sum(d => (d.Spec.Replicas ?? 1) * d.Spec.Template.Spec.Containers.Sum(c => c.Resources.Limits["memory"].ToInt64()));

    public IReadOnlyList<Corev1Event> Events(string stack, string reason) =>
        Api.List("events", Namespace)
            .Select(e => TestJson.Deserialize<Corev1Event>(e.ToJsonString()))
            .Where(e => e.InvolvedObject?.Name == stack && e.Reason == reason)
            .ToList();

    public IReadOnlyList<V1Pod> Pods(string deployment) =>
        Api.List("pods", Namespace)
            .Select(p => TestJson.Deserialize<V1Pod>(p.ToJsonString()))
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Name == deployment) == true)
            .ToList();

    /// <summary>Reads one counter family from an operator's /metrics, summed over the label sets that match.</summary>
    public static async Task<double> MetricAsync(WebApplication host, string name, Func<string, bool>? labels = null)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(new Uri(OperatorHost.HttpAddresses(host)[0]), "/metrics"), Ct);
        return MetricLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && (labels is null || labels(m.Groups["labels"].Value)))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Successful writes (create, update, patch, delete) an operator instance made, by its own metrics.</summary>
    public static Task<double> SuccessfulWritesAsync(WebApplication host) =>
        MetricAsync(host, "sensor_operator_api_requests_total", l =>
            Regex.IsMatch(l, "verb=\"(create|update|patch|delete)\"") && Regex.IsMatch(l, "code=\"2\\d\\d\""));

    /// <summary>
    /// Waits until the running operators have finished <paramref name="reconciles"/> more reconciles
    /// (for "nothing happens" assertions about a stack that is reconciled periodically).
    /// </summary>
    public async Task SettleAsync(int reconciles = 3)
    {
        var start = Reconciles();
        await Eventually.True(() => Reconciles() >= start + reconciles, $"{reconciles} more reconciles");
    }

    /// <summary>
    /// Lets time pass where no event can show that nothing happened (a deleted or infeasible stack is
    /// not reconciled periodically): a few observe intervals of the harness's options.
    /// </summary>
    public static Task IdleAsync(int intervals = 3) => Task.Delay(Options().ObserveInterval * intervals, Ct);

    private static readonly string[] ReconcileResults = ["success", "requeue", "error"];

    private double Reconciles() => operators.ToList().Sum(o =>
        ReconcileResults.Sum(result => o.Services.GetRequiredService<ControllerMetrics>().Reconciles.WithLabels(result).Value));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in operators.ToList())
        {
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }

        await Api.DisposeAsync();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
