using k8s.Models;
using SensorOperator.Observation;

namespace SensorOperator.Tests.Observation;

public sealed class ObservationTests
{
    private static readonly Dictionary<string, string> SensorSelector = new() { ["app.kubernetes.io/instance"] = "demo", ["app.kubernetes.io/component"] = "sensor" };
    private static readonly Dictionary<string, string> VmSelector = new() { ["app.kubernetes.io/instance"] = "demo", ["app.kubernetes.io/component"] = "metrics" };

    private static V1Pod Pod(string name, Dictionary<string, string> labels, params V1ContainerStatus[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "sensors", Uid = name + "-uid", Labels = labels },
        Status = new V1PodStatus { ContainerStatuses = containers },
    };

    private static V1ContainerStatus Container(string name, int restarts, string? lastReason = null, string? currentReason = null) => new()
    {
        Name = name,
        RestartCount = restarts,
        LastState = lastReason is null ? null : new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = lastReason, ExitCode = 137, ContainerID = $"containerd://{name}-{restarts}" } },
        State = currentReason is null
            ? new V1ContainerState { Running = new V1ContainerStateRunning() }
            : new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = currentReason, ExitCode = 137, ContainerID = $"containerd://{name}-now" } },
    };

    private static PodMetrics Metrics(string pod, params (string Container, string Memory)[] usage) => new()
    {
        Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = "sensors" },
        Containers = [.. usage.Select(u => new ContainerMetrics { Name = u.Container, Usage = new Dictionary<string, ResourceQuantity> { ["memory"] = new(u.Memory), ["cpu"] = new("1m") } })],
    };

    [Fact]
    public void OOMKilled_in_the_last_or_current_state_counts_other_terminations_do_not()
    {
        var pods = new[]
        {
            Pod("a", SensorSelector, Container("sensor", 3, lastReason: "OOMKilled")),
            Pod("b", SensorSelector, Container("sensor", 1, lastReason: "Error")),
            Pod("c", SensorSelector, Container("sensor", 0, currentReason: "OOMKilled")),
        };

        var kills = PodHealth.OomKills(pods);

        Assert.Equal(["a", "c"], kills.Select(k => k.Pod));
        Assert.NotEqual(kills[0].Id, kills[1].Id);
    }

    [Fact]
    public void The_working_set_is_summed_per_component_over_its_pods_and_containers()
    {
        var pods = new[]
        {
            Pod("demo-sensor-1", SensorSelector, Container("sensor", 0)),
            Pod("demo-sensor-2", SensorSelector, Container("sensor", 0)),
            Pod("demo-vm-1", VmSelector, Container("vm", 0)),
        };
        var metrics = new PodMetricsList
        {
            Items =
            [
                Metrics("demo-sensor-1", ("sensor", "40Mi")),
                Metrics("demo-sensor-2", ("sensor", "30Mi"), ("sidecar", "2Mi")),
                Metrics("demo-vm-1", ("vm", "100Mi")),
                Metrics("someone-else", ("x", "1Gi")),
            ],
        };
        var deployment = new V1Deployment { Status = new V1DeploymentStatus { ReadyReplicas = 2 } };

        var observation = StackObserver.Observe(
            [new ObservedComponent("sensor", SensorSelector, deployment), new ObservedComponent("victoriaMetrics", VmSelector, null)],
            pods, metrics, null);

        Assert.True(observation.MetricsAvailable);
        Assert.Equal(72L * 1024 * 1024, observation.Components[0].UsedBytes);
        Assert.Equal(2, observation.Components[0].ReadyReplicas);
        Assert.Equal(100L * 1024 * 1024, observation.Components[1].UsedBytes);
        Assert.Equal(0, observation.Components[1].ReadyReplicas);
        Assert.Equal(172L * 1024 * 1024, observation.UsedBytes);
    }

    [Fact]
    public void Without_metrics_usage_is_unknown_but_readiness_and_OOM_kills_are_still_seen()
    {
        var observation = StackObserver.Observe(
            [new ObservedComponent("sensor", SensorSelector, new V1Deployment { Status = new V1DeploymentStatus { ReadyReplicas = 1 } })],
            [Pod("demo-sensor-1", SensorSelector, Container("sensor", 2, lastReason: "OOMKilled"))],
            null,
            "the metrics.k8s.io API is not served");

        Assert.False(observation.MetricsAvailable);
        Assert.Null(observation.UsedBytes);
        Assert.Null(observation.Components[0].UsedBytes);
        Assert.Equal(1, observation.Components[0].OomKills);
        Assert.Equal(1, observation.Components[0].ReadyReplicas);
    }

    [Fact]
    public void Pods_being_deleted_or_of_another_component_are_not_counted()
    {
        var leaving = Pod("old", SensorSelector, Container("sensor", 0, lastReason: "OOMKilled"));
        leaving.Metadata.DeletionTimestamp = DateTime.UtcNow;

        var matching = PodSelection.Matching([leaving, Pod("vm", VmSelector), Pod("new", SensorSelector)], SensorSelector);

        Assert.Equal(["new"], matching.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void The_limit_in_force_is_the_kubelets_actual_one_where_reported_else_the_specs()
    {
        V1Pod Resized(string name, string desired, string? actual, params V1PodCondition[] conditions) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = SensorSelector },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "sensor", Resources = Limit(desired) }] },
            Status = new V1PodStatus
            {
                Conditions = conditions,
                ContainerStatuses = [new V1ContainerStatus { Name = "sensor", RestartCount = 2, Resources = actual is null ? null : Limit(actual) }],
            },
        };

        var pending = PodResourceReader.Read(Resized("a", "60Mi", "51Mi", new V1PodCondition { Type = "PodResizePending", Status = "True", Reason = "Deferred", Message = "not now" }));
        var unreported = PodResourceReader.Read(Resized("b", "60Mi", null));

        Assert.Equal((51L << 20, 60L << 20), (pending.InForce, pending.Desired));
        Assert.Equal(("Deferred", "not now"), pending.ResizePending);
        Assert.Equal(("sensor", 2), (pending.Container, pending.Restarts));
        Assert.Equal(60L << 20, unreported.InForce);
        Assert.Null(unreported.ResizePending);
    }

    [Fact]
    public void The_peak_is_the_highest_working_set_of_one_pod_not_the_sum()
    {
        var pods = new[] { Pod("demo-sensor-1", SensorSelector, Container("sensor", 0)), Pod("demo-sensor-2", SensorSelector, Container("sensor", 0)) };
        var metrics = new PodMetricsList { Items = [Metrics("demo-sensor-1", ("sensor", "30Mi")), Metrics("demo-sensor-2", ("sensor", "45Mi"))] };

        var seen = StackObserver.Observe([new ObservedComponent("sensor", SensorSelector, null)], pods, metrics, null).Components.Single();
        var withoutMetrics = StackObserver.Observe([new ObservedComponent("sensor", SensorSelector, null)], pods, null, "absent").Components.Single();

        Assert.Equal(45L << 20, seen.PeakPodBytes);
        Assert.Equal(75L << 20, seen.UsedBytes);
        Assert.Equal(2, seen.Pods.Count);
        Assert.Null(withoutMetrics.PeakPodBytes);
    }

    private static V1ResourceRequirements Limit(string memory) => new() { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(memory) } };
}
