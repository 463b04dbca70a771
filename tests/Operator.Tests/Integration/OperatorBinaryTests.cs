using System.Text.Json.Nodes;
using SensorOperator.Api;
using SensorStack.Bench.Operator;
using SensorStack.FakeKubeApi.Faults;
using SensorStack.Testing;
using static SensorOperator.Tests.Integration.OperatorHarness;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// The operator as it ships: <c>sensor-operator run</c> as its own process with a kubeconfig,
/// against the fake API server, once as the JIT build and once as the NativeAOT binary
/// (hack/test.sh publishes it first). One scenario walks a stack's life: created and Ready, its
/// budget changed, an infeasible budget, failing requests and dropped watches, deleted. A type the
/// AOT binary cannot serialize, or code the trimmer removed, fails here and not in a cluster.
/// </summary>
public sealed class OperatorBinaryTests
{
    private const long Mi = 1024 * 1024;

    public static TheoryData<string> Builds() => [OperatorBinaries.Jit, OperatorBinaries.Aot];

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task The_binary_runs_a_stack_from_creation_through_faults_to_deletion(string build)
    {
        var binary = OperatorBinaries.Find(build);
        await using var h = await OperatorHarness.StartAsync();
        var kubeconfig = h.Api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-binary-{build}-{Environment.ProcessId}.yaml"));
        using var op = OperatorProcess.Start(binary, kubeconfig, Options().ObserveInterval);
        try
        {
            // Created: children planned inside the budget, pods ready, status Ready.
            await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "448Mi" });
            var ready = await h.WaitForReadyAsync("demo");
            Assert.Equal("448Mi", ready.Status!.Budget);
            Assert.InRange(h.AllocatedBytes("demo"), 1, 448 * Mi);

            // A smaller budget: new limits rolled into the Deployments.
            await h.PatchSpecAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
            Assert.Equal("300Mi", (await h.WaitForReadyAsync("demo", generation: 2)).Status!.Budget);
            await Eventually.True(() => h.AllocatedBytes("demo") is > 0 and <= 300 * Mi, "the Deployments' limits fit 300Mi");

            // Infeasible: said in status and in an Event; what runs is left alone.
            var childWrites = ChildWrites(h);
            await h.PatchSpecAsync("demo", new JsonObject { ["memoryBudget"] = "64Mi" });
            var infeasible = await h.WaitForStackAsync(
                "demo",
                s => s.Status?.ObservedGeneration == 3 && Condition(s, ConditionTypes.BudgetAllocated)?.Reason == ConditionReasons.BudgetTooSmall,
                "the 64Mi budget reported as too small");
            Assert.Equal("False", Condition(infeasible, ConditionTypes.Ready)!.Status);
            await Eventually.True(() => h.Events("demo", ConditionReasons.BudgetTooSmall).Count > 0, "a BudgetTooSmall Event");
            Assert.Equal(childWrites, ChildWrites(h));

            // Faults: every Deployment write fails with 500 until the status says so.
            var serverErrors = h.Api.Faults.Add(new FaultRule { Verbs = "patch", Resource = "deployments.apps", StatusCode = 500 });
            await h.PatchSpecAsync("demo", new JsonObject { ["memoryBudget"] = "448Mi" });
            var failing = await h.WaitForStackAsync(
                "demo",
                s => s.Status?.ObservedGeneration == 4 && Condition(s, ConditionTypes.Ready)?.Reason == ConditionReasons.ApplyFailed,
                "a status that reports the failing Deployment writes");
            Assert.Contains("500", Condition(failing, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
            Assert.Equal("True", Condition(failing, ConditionTypes.BudgetAllocated)!.Status);

            // Then: the writes succeed again, the next two status writes are throttled (429) and every
            // watch is cut. The stack still converges, through the throttled writes.
            var watching = h.Api.OpenWatches;
            h.Api.Faults.Remove(serverErrors);
            var throttled = h.Api.Faults.Add(new FaultRule { Verbs = "patch", Resource = $"{StackResource}/status", StatusCode = 429, Limit = 2 });
            h.Api.DropWatches(abortConnections: true);
            await h.WaitForReadyAsync("demo", generation: 4);
            Assert.Equal(2, throttled.Applied);
            Assert.InRange(h.AllocatedBytes("demo"), 300 * Mi + 1, 448 * Mi);

            // The watches came back: a child deleted behind the operator's back is seen and recreated.
            await Eventually.True(() => h.Api.OpenWatches >= watching, () => $"{watching} watches open again (now {h.Api.OpenWatches})");
            var service = h.Api.Get("services", Namespace, "demo-sensor")!["metadata"]!["uid"]!.GetValue<string>();
            Assert.True(h.Api.Delete("services", Namespace, "demo-sensor"));
            await Eventually.True(
                () => h.Api.Get("services", Namespace, "demo-sensor")?["metadata"]?["uid"]?.GetValue<string>() is { } uid && uid != service,
                "the deleted Service recreated");

            // Deleted: the children go with the stack (garbage collection) and stay gone.
            Assert.True(h.Api.Delete(StackResource, Namespace, "demo"));
            await Eventually.True(() => h.Children("demo").Count == 0, () => $"children left: {h.Children("demo").Count}");
            await IdleAsync();
            Assert.Empty(h.Children("demo"));
            Assert.False(op.HasExited, "the operator process exited");
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>Writes the operator sent to any child kind (the stand-in deployment controller writes in process, uncounted).</summary>
    private static long ChildWrites(OperatorHarness h) => ChildResources.Sum(r => h.Api.Requests.Writes(r));
}
