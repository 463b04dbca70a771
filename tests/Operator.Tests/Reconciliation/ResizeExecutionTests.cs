using SensorOperator.Observation;
using SensorOperator.Reconciliation.Autopilot;
using static SensorOperator.Reconciliation.Autopilot.ResizeExecution;

namespace SensorOperator.Tests.Reconciliation;

/// <summary>The next writes toward the autopilot's targets, and the budget after each of them.</summary>
public class ResizeExecutionTests
{
    private const long Mi = 1024 * 1024;
    private static readonly ResizeCapabilities V134 = new(true, 34);
    private static readonly ResizeCapabilities V133 = new(true, 33);
    private static readonly ResizeCapabilities NoResize = new(false, 32);

    [Fact]
    public void A_decrease_is_applied_and_confirmed_before_the_increase_it_pays_for()
    {
        // victoriaMetrics 102Mi → 93Mi (its template carries 102Mi: a Go runtime shrinks through a restart), sensor 51Mi → 60Mi.
        var vm = new Component("victoriaMetrics", 93 * Mi, 102 * Mi, [Pod("vm-0", 102, 102)]);
        var sensor = new Component("sensor", 60 * Mi, 51 * Mi, [Pod("sensor-0", 51, 51)]);

        var first = Next([sensor, vm], V134);

        Assert.Empty(first.Resizes);
        Assert.Equal(93 * Mi, first.Templates["victoriaMetrics"]);
        Assert.Equal(51 * Mi, first.Templates["sensor"]);
        Assert.Contains("once the decreases are confirmed", first.Waiting["sensor"], StringComparison.Ordinal);

        // The rollout is done: the VictoriaMetrics pod runs with 93Mi. Now the sensor grows in place,
        // and its template keeps 51Mi (a sensor pod that restarts comes back below its share).
        var second = Next([sensor, vm with { Pods = [Pod("vm-1", 93, 93)] }], V134);

        Assert.Equal([new PodResize("sensor", "sensor-0", "main", 60 * Mi)], second.Resizes);
        Assert.Equal(51 * Mi, second.Templates["sensor"]);
        Assert.Equal(93 * Mi, second.Templates["victoriaMetrics"]);
    }

    [Fact]
    public void A_decrease_goes_in_place_from_1_34_where_the_template_is_already_at_or_below_the_target()
    {
        // The sensor grew in place to 60Mi from a 51Mi template; back down to 55Mi needs no restart.
        var sensor = new Component("sensor", 55 * Mi, 51 * Mi, [Pod("sensor-0", 60, 60)]);

        var on134 = Next([sensor], V134);
        var on133 = Next([sensor], V133);

        Assert.Equal([new PodResize("sensor", "sensor-0", "main", 55 * Mi)], on134.Resizes);
        Assert.Equal(51 * Mi, on134.Templates["sensor"]);
        // 1.33 refuses a memory decrease in place: the template carries the target and the pod rolls.
        Assert.Empty(on133.Resizes);
        Assert.Equal(55 * Mi, on133.Templates["sensor"]);
    }

    [Fact]
    public void Only_one_component_restarts_at_a_time()
    {
        var vm = new Component("victoriaMetrics", 90 * Mi, 102 * Mi, [Pod("vm-0", 102, 102)]);
        var grafana = new Component("grafana", 250 * Mi, 260 * Mi, [Pod("grafana-0", 260, 260)]);

        var first = Next([vm, grafana], V133);
        var whileRolling = Next([vm with { Template = 90 * Mi }, grafana], V133);
        var afterwards = Next([vm with { Template = 90 * Mi, Pods = [Pod("vm-1", 90, 90)] }, grafana], V133);

        Assert.Equal((90 * Mi, 260 * Mi), (first.Templates["victoriaMetrics"], first.Templates["grafana"]));
        Assert.Equal(260 * Mi, whileRolling.Templates["grafana"]);
        Assert.Equal("waiting for another component's restart", whileRolling.Waiting["grafana"]);
        Assert.Equal(250 * Mi, afterwards.Templates["grafana"]);
    }

    [Fact]
    public void Without_pods_resize_every_change_goes_through_the_template_decreases_first()
    {
        var vm = new Component("victoriaMetrics", 93 * Mi, 102 * Mi, [Pod("vm-0", 102, 102)]);
        var sensor = new Component("sensor", 60 * Mi, 51 * Mi, [Pod("sensor-0", 51, 51)]);

        var first = Next([sensor, vm], NoResize);
        var second = Next([sensor, vm with { Template = 93 * Mi, Pods = [Pod("vm-1", 93, 93)] }], NoResize);

        Assert.Empty(first.Resizes);
        Assert.Equal((51 * Mi, 93 * Mi), (first.Templates["sensor"], first.Templates["victoriaMetrics"]));
        Assert.Empty(second.Resizes);
        Assert.Equal(60 * Mi, second.Templates["sensor"]);
    }

    [Fact]
    public void A_resize_the_kubelet_has_not_actuated_is_not_asked_for_again_and_status_says_why()
    {
        var deferred = Pod("sensor-0", 51, 60) with { ResizePending = ("Deferred", "Node didn't have enough resource: memory") };
        var sensor = new Component("sensor", 60 * Mi, 51 * Mi, [deferred]);

        var writes = Next([sensor], V134);

        Assert.Empty(writes.Resizes);
        Assert.Equal("resize to 60Mi deferred by the kubelet: Node didn't have enough resource: memory", writes.Waiting["sensor"]);
    }

    [Fact]
    public void Growth_the_node_cannot_fit_is_given_up_and_the_pod_asked_back_to_what_it_runs_with()
    {
        var infeasible = Pod("sensor-0", 51, 60) with { ResizePending = ("Infeasible", "Node didn't have enough capacity: memory") };
        var sensor = new Component("sensor", 60 * Mi, 51 * Mi, [infeasible]);

        var writes = Next([sensor], V134);

        Assert.Equal([new PodResize("sensor", "sensor-0", "main", 51 * Mi)], writes.Resizes);
        Assert.Equal(51 * Mi, writes.GivenUp["sensor"]);
    }

    [Theory]
    [InlineData(true, 34)]
    [InlineData(true, 33)]
    [InlineData(false, 32)]
    public void Following_the_writes_to_the_end_never_exceeds_the_budget(bool servesResize, int minor)
    {
        // Three components move at once; a kubelet and a deployment controller follow each write.
        const long budget = 300 * Mi;
        var capabilities = new ResizeCapabilities(servesResize, minor);
        var targets = new Dictionary<string, long> { ["sensor"] = 90 * Mi, ["victoriaMetrics"] = 60 * Mi, ["grafana"] = 150 * Mi };
        var pods = new Dictionary<string, long> { ["sensor"] = 51 * Mi, ["victoriaMetrics"] = 102 * Mi, ["grafana"] = 147 * Mi };
        var templates = new Dictionary<string, long>(pods);
        for (var round = 0; round < 10 && pods.Any(p => p.Value != targets[p.Key]); round++)
        {
            var writes = Next([.. targets.Keys.Select(n => new Component(n, targets[n], templates[n], [Pod(n + "-0", pods[n] / Mi, pods[n] / Mi)]))], capabilities);
            foreach (var (name, template) in writes.Templates)
            {
                // A template change rolls the pod: it comes back with the template's limit.
                if (template != templates[name])
                {
                    templates[name] = template;
                    pods[name] = template;
                }

                Assert.True(templates.Values.Sum() <= budget, $"templates {string.Join(", ", templates)} exceed the budget");
            }

            foreach (var resize in writes.Resizes)
            {
                pods[resize.Component] = resize.To;
                Assert.True(pods.Values.Sum() <= budget, $"pods {string.Join(", ", pods)} exceed the budget after resizing {resize.Pod}");
            }
        }

        Assert.Equal(targets, pods);
        Assert.All(templates, t => Assert.True(t.Value <= targets[t.Key], $"{t.Key}'s template {t.Value} is above its target"));
    }

    private static PodResources Pod(string name, long inForceMi, long desiredMi) =>
        new(name, "main", inForceMi * Mi, desiredMi * Mi, null, false, 0);
}
