using System.Text.Json.Nodes;
using SensorOperator.Api;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// A SensorStack the operator cannot read (written by an older or newer tool) is skipped with one
/// Warning Event and a metric; the informer does not stall and every other stack reconciles.
/// </summary>
public sealed class UnreadableObjectTests
{
    [Fact]
    public async Task An_unreadable_stack_is_skipped_with_one_event_and_the_rest_reconcile()
    {
        await using var h = await OperatorHarness.StartAsync();
        // Stored as given, past any validation, as an object written by another tool would be.
        h.Api.Put(new JsonObject
        {
            ["apiVersion"] = V1Alpha1SensorStack.GroupVersion,
            ["kind"] = V1Alpha1SensorStack.ResourceKind,
            ["metadata"] = new JsonObject { ["name"] = "odd", ["namespace"] = Namespace },
            ["spec"] = new JsonObject { ["memoryBudget"] = "300Mi", ["sensor"] = new JsonObject { ["replicas"] = "two" } },
        });
        var host = await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");

        await Eventually.True(() => h.Events("odd", "Unreadable").Count == 1, () => "one Warning Event on the unreadable stack");
        var warning = h.Events("odd", "Unreadable").Single();
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("SensorStack", warning.InvolvedObject.Kind);
        Assert.True(await MetricAsync(host, "sensor_operator_unparseable_objects_total") >= 1);
        Assert.Null(h.Api.Get(StackResource, Namespace, "odd")!["status"]);
        Assert.Empty(h.Children("odd"));

        // Watches restart and relist: the same version is not reported again, and changes still flow.
        h.Api.DropWatches();
        await h.PatchSpecAsync("demo", new JsonObject { ["scrapeInterval"] = "1m" });
        await h.WaitForReadyAsync("demo", generation: 2);
        Assert.Single(h.Events("odd", "Unreadable"));
    }
}
