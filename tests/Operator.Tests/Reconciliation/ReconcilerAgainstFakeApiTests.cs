using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;

namespace SensorOperator.Tests.Reconciliation;

/// <summary>
/// The reconciler's own promises, with the real host against the fake API server: children are
/// applied once and not rewritten while nothing changes; children the plan drops are deleted; an
/// infeasible spec touches no child. (End-to-end scenarios with faults live in Integration/.)
/// </summary>
public sealed class ReconcilerAgainstFakeApiTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;
    private WebApplication _host = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await FakeKubeApiServer.StartAsync(cancellationToken: ct);
        _server.InstallCustomResourceDefinition(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config/crds/sensorstack.io_sensorstacks.yaml"), ct));
        _host = OperatorHost.Build(new OperatorOptions
        {
            LeaderElect = false,
            HttpPort = 0,
            HttpAddress = "127.0.0.1",
            ObserveInterval = TimeSpan.FromMilliseconds(300),
            Qps = 1000,
            Burst = 1000,
            LogLevel = "warn",
            DiscoveryInterval = TimeSpan.FromMilliseconds(200),
        }, _server.ClientConfiguration());
        await _host.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        await Eventually.True(() => _server.OpenWatches == 0, "operator watches closed");
        await _server.DisposeAsync();
    }

    private void PutStack(string budget, bool grafana = false) => _server.Put(new JsonObject
    {
        ["apiVersion"] = "sensorstack.io/v1alpha1",
        ["kind"] = "SensorStack",
        ["metadata"] = new JsonObject { ["name"] = "demo", ["namespace"] = "sensors" },
        ["spec"] = new JsonObject { ["memoryBudget"] = budget, ["grafana"] = new JsonObject { ["enabled"] = grafana } },
    });

    private JsonObject? Stack() => _server.Get("sensorstacks.sensorstack.io", "sensors", "demo");

    private string? Condition(string type, string field = "status") =>
        Stack()?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type)?[field]?.GetValue<string>();

    private long? ObservedGeneration() => Stack()?["status"]?["observedGeneration"]?.GetValue<long>();

    [Fact]
    public async Task Children_are_applied_once_and_not_rewritten_while_nothing_changes()
    {
        PutStack("300Mi");
        await Eventually.True(() => Condition("BudgetAllocated") == "True" && _server.Get("deployments.apps", "sensors", "demo-vm") is not null, "children applied");
        await Eventually.True(() => Condition("WithinBudget") is not null, "usage observed");

        var childWrites = Writes();
        var statusWrites = _server.Requests.Writes("sensorstacks.sensorstack.io/status");
        var reconciles = Reconciles();
        await Eventually.True(() => Reconciles() >= reconciles + 5, "five more periodic reconciles");

        Assert.Equal(childWrites, Writes());
        Assert.Equal(statusWrites, _server.Requests.Writes("sensorstacks.sensorstack.io/status"));
        var deployment = _server.Get("deployments.apps", "sensors", "demo-sensor")!;
        Assert.NotNull(deployment["metadata"]!["annotations"]![OperatorHost.HashAnnotation]);
        Assert.Equal("sensor-operator", (string?)deployment["metadata"]!["managedFields"]?[0]?["manager"]);
    }

    [Fact]
    public async Task Children_the_plan_drops_are_deleted_and_an_infeasible_spec_changes_nothing()
    {
        PutStack("600Mi", grafana: true);
        await Eventually.True(() => _server.Get("deployments.apps", "sensors", "demo-grafana") is not null, "grafana applied");

        PutStack("600Mi", grafana: false);
        await Eventually.True(() => _server.Get("deployments.apps", "sensors", "demo-grafana") is null && ObservedGeneration() == 2, "grafana removed");
        Assert.NotNull(_server.Get("deployments.apps", "sensors", "demo-sensor"));

        var writes = Writes();
        PutStack("64Mi");
        await Eventually.True(() => Condition("BudgetAllocated") == "False" && ObservedGeneration() == 3, "infeasible reported");
        Assert.Equal("NotAllocated", Condition("Ready", "reason"));
        Assert.Equal(writes, Writes());
        await Eventually.True(() => _server.List("events", "sensors").Count(e => (string?)e["reason"] == Condition("BudgetAllocated", "reason")) == 1, "one event");

        // Child and pod events of the earlier generations, and a periodic requeue already scheduled,
        // may still arrive on a loaded machine. An infeasible stack has no periodic work, so its
        // reconciles stop: wait until none happened for two observe intervals (a stack reconciled in a
        // loop never gets there and the wait fails), then check that it stays so.
        await ReconcilesStopAsync();
        var events = _server.List("events", "sensors").Count;
        var reconciles = Reconciles();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(events, _server.List("events", "sensors").Count);
        Assert.True(Reconciles() - reconciles <= 1, "an infeasible stack must not be reconciled in a loop");
    }

    [Fact]
    public async Task Without_the_metrics_API_usage_is_Unknown_and_the_rest_still_converges()
    {
        Assert.True(_server.Resources.RemoveGroupVersion("metrics.k8s.io/v1beta1"));
        PutStack("300Mi");

        await Eventually.True(() => Condition("WithinBudget", "reason") == "MetricsUnavailable", "metrics reported unavailable");
        Assert.Equal("Unknown", Condition("WithinBudget"));
        Assert.Equal("True", Condition("BudgetAllocated"));
        Assert.Equal("ComponentsNotReady", Condition("Ready", "reason")); // no kubelet here: nothing is ready
        Assert.Null(Stack()!["status"]!["used"]);
    }

    [Fact]
    public async Task A_VMServiceScrape_is_written_once_the_cluster_serves_its_CRD()
    {
        PutStack("300Mi");
        await Eventually.True(() => Condition("BudgetAllocated") == "True", "reconciled without the CRD");
        Assert.Equal(0, _server.Requests.Writes("vmservicescrapes.operator.victoriametrics.com"));

        // The VictoriaMetrics operator's own CRD: what the operator writes must pass its real schema.
        _server.InstallThirdPartyCrd(ThirdPartyCrds.VMServiceScrapes);
        await Eventually.True(() => _server.List("vmservicescrapes.operator.victoriametrics.com", "sensors").Count == 1, "scrape written after discovery re-check");

        var writes = _server.Requests.Writes("vmservicescrapes.operator.victoriametrics.com");
        var reconciles = Reconciles();
        await Eventually.True(() => Reconciles() >= reconciles + 3, "three more reconciles");
        Assert.Equal(writes, _server.Requests.Writes("vmservicescrapes.operator.victoriametrics.com"));
    }

    [Fact]
    public async Task Alerting_is_a_status_component_and_its_VMRule_comes_and_goes_with_it_where_served()
    {
        void PutAlerting(bool enabled) => _server.Put(new JsonObject
        {
            ["apiVersion"] = "sensorstack.io/v1alpha1",
            ["kind"] = "SensorStack",
            ["metadata"] = new JsonObject { ["name"] = "demo", ["namespace"] = "sensors" },
            ["spec"] = new JsonObject { ["memoryBudget"] = "300Mi", ["alerting"] = new JsonObject { ["enabled"] = enabled } },
        });
        JsonNode? Alerting() => Stack()?["status"]?["components"]?.AsArray().FirstOrDefault(c => (string?)c?["name"] == "alerting");

        PutAlerting(enabled: true);
        await Eventually.True(() => Alerting() is not null && _server.Get("deployments.apps", "sensors", "demo-vmalert") is not null, "vmalert applied and reported");
        Assert.Equal("32Mi", (string?)Alerting()!["limit"]);
        Assert.Contains("spec.alerting.notifierUrl is not set", (string?)Alerting()!["message"], StringComparison.Ordinal);
        Assert.NotNull(_server.Get("configmaps", "sensors", "demo-rules"));
        Assert.Equal(0, _server.Requests.Writes("vmrules.operator.victoriametrics.com"));

        _server.InstallThirdPartyCrd(ThirdPartyCrds.VMRules);
        await Eventually.True(() => _server.Get("vmrules.operator.victoriametrics.com", "sensors", "demo-rules") is not null, "VMRule written after discovery re-check");
        var rule = _server.Get("vmrules.operator.victoriametrics.com", "sensors", "demo-rules")!;
        var alerts = rule["spec"]!["groups"]![0]!["rules"]!.AsArray().Select(r => (string?)r!["alert"]).ToList();
        Assert.Contains("SensorScrapeDown", alerts);
        Assert.Equal(7, alerts.Count);

        PutAlerting(enabled: false);
        await Eventually.True(() => _server.Get("vmrules.operator.victoriametrics.com", "sensors", "demo-rules") is null
            && _server.Get("deployments.apps", "sensors", "demo-vmalert") is null && _server.Get("configmaps", "sensors", "demo-rules") is null, "alerting's children deleted");
        Assert.Null(Alerting());
    }

    private static readonly string[] ChildResources =
        ["deployments.apps", "services", "configmaps", "serviceaccounts", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"];

    private long Writes() => ChildResources.Sum(r => _server.Requests.Writes(r));

    private async Task ReconcilesStopAsync()
    {
        var quiet = TimeSpan.FromMilliseconds(600); // two observe intervals
        var last = Reconciles();
        var lastChange = DateTime.UtcNow;
        await Eventually.True(
            () =>
            {
                var now = Reconciles();
                if (now != last)
                {
                    (last, lastChange) = (now, DateTime.UtcNow);
                }

                return DateTime.UtcNow - lastChange >= quiet;
            },
            () => $"reconciles still happening ({last} so far)",
            TimeSpan.FromSeconds(20));
    }

    private double Reconciles() => _host.Services.GetService(typeof(ControllerMachinery.ControllerMetrics)) is ControllerMachinery.ControllerMetrics m
        ? m.Reconciles.WithLabels("success").Value + m.Reconciles.WithLabels("requeue").Value + m.Reconciles.WithLabels("error").Value
        : 0;
}
