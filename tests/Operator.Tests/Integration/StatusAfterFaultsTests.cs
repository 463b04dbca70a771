using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SensorOperator.Api;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// Whatever a phase of the reconcile throws, the status is still written and says what is known,
/// and the key backs off and tries again; once the fault is gone, the stack converges.
/// </summary>
public sealed class StatusAfterFaultsTests
{
    public static TheoryData<string, string, string, string> Faults() => new()
    {
        // Apply phase: the client gives up waiting (HttpClient throws this on its timeout).
        { "timeout", "PATCH", "/deployments/demo-sensor$", "the API server did not answer in time" },
        // Observe phase: a task cancelled by something other than shutdown.
        { "cancelled", "GET", "^/apis/metrics.k8s.io/", nameof(TaskCanceledException) },
        // Observe phase: a response that is not the JSON it should be.
        { "json", "GET", "^/apis/metrics.k8s.io/", nameof(JsonException) },
        // Apply phase: anything else.
        { "other", "PATCH", "/configmaps/demo-scrape$", nameof(InvalidOperationException) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_in_a_phase_ends_in_a_written_status_and_a_retry(string fault, string method, string path, string reported)
    {
        await using var h = await OperatorHarness.StartAsync();
        var faults = new FaultyRequests();
        faults.Throw(method, path, fault switch
        {
            "timeout" => () => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
            "cancelled" => () => new TaskCanceledException("A task was canceled."),
            "json" => () => new JsonException("'<' is an invalid start of a value."),
            _ => () => new InvalidOperationException("injected"),
        });
        var host = await h.StartOperatorAsync(configureServices: s => s.AddSingleton<DelegatingHandler>(faults));
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });

        var failed = await h.WaitForStackAsync(
            "demo",
            s => s.Status?.ObservedGeneration == 1 && Condition(s, ConditionTypes.Ready)?.Reason == ConditionReasons.ApplyFailed,
            $"a status that reports the {fault} fault");
        Assert.Contains(reported, Condition(failed, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Equal("True", Condition(failed, ConditionTypes.BudgetAllocated)!.Status);
        Assert.NotNull(failed.Status!.Allocated);
        await Eventually.True(() => faults.Thrown >= 2, () => "the failed key is reconciled again");
        Assert.True(await MetricAsync(host, "sensor_operator_reconcile_total", l => l.Contains("result=\"error\"", StringComparison.Ordinal)) >= 1);

        faults.Heal();
        await h.WaitForReadyAsync("demo");
    }
}
