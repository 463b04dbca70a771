using System.CommandLine;
using SensorOperator.Cli;

namespace SensorOperator.Tests.Cli;

/// <summary>
/// `sensor-operator wait` (the chart's `helm test` hook runs it) against a loopback server standing
/// in for the API server.
/// </summary>
public sealed class WaitCommandTests : IDisposable
{
    private readonly FakeStackServer server = new("sensors", "demo");
    private readonly string directory = Directory.CreateTempSubdirectory("wait-command-").FullName;

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Exits_zero_when_the_stack_is_ready_for_its_current_generation()
    {
        server.Answer(200, Stack(generation: 2, readyStatus: "True", observedGeneration: 2));

        var (exit, output, _) = await WaitAsync("--timeout", "10s");

        Assert.Equal(0, exit);
        Assert.Contains("sensorstack sensors/demo is Ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_out_with_the_last_condition_when_the_stack_stays_not_ready()
    {
        server.Answer(200, Stack(generation: 1, readyStatus: "False", observedGeneration: 1, reason: "ComponentsNotReady", message: "sensor 0/1 ready"));

        var (exit, output, error) = await WaitAsync("--timeout", "1s");

        Assert.Equal(WaitCommand.TimedOut, exit);
        Assert.Contains("not Ready after 1s", error, StringComparison.Ordinal);
        Assert.Contains("ComponentsNotReady: sensor 0/1 ready", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ready_condition_for_an_older_generation_does_not_count()
    {
        server.Answer(200, Stack(generation: 3, readyStatus: "True", observedGeneration: 2));

        var (exit, output, _) = await WaitAsync("--timeout", "1s");

        Assert.Equal(WaitCommand.TimedOut, exit);
        Assert.Contains("generation 2, the spec is at 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_waiting_while_the_stack_does_not_exist_yet()
    {
        server.Answer(404, null);

        var (exit, output, _) = await WaitAsync("--timeout", "1s");

        Assert.Equal(WaitCommand.TimedOut, exit);
        Assert.Contains("not found (yet)", output, StringComparison.Ordinal);
        Assert.True(server.Requests >= 2, $"polled {server.Requests} time(s)");
    }

    [Fact]
    public async Task Stops_at_once_when_it_may_not_read_sensor_stacks()
    {
        server.Answer(403, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403}""");

        var (exit, _, error) = await WaitAsync("--timeout", "30s");

        Assert.Equal(WaitCommand.Failed, exit);
        Assert.Contains("not allowed to read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_timeout_is_a_usage_error()
    {
        var parse = WaitCommand.Create().Parse(["--name", "demo", "--timeout", "soon"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("\"soon\" is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Context_selects_the_kubeconfig_context_like_run_does()
    {
        server.Answer(200, Stack(generation: 1, readyStatus: "True", observedGeneration: 1));

        Assert.Equal(0, (await WaitAsync("--timeout", "10s", "--context", "fake")).Exit);
        var (exit, _, error) = await WaitAsync("--timeout", "10s", "--context", "no-such-context");
        Assert.Equal(WaitCommand.Failed, exit);
        Assert.Contains("cannot load a Kubernetes configuration", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> WaitAsync(params string[] extra)
    {
        var command = WaitCommand.Create(pollInterval: TimeSpan.FromMilliseconds(100));
        string[] args = ["--name", "demo", "--namespace", "sensors", "--kubeconfig", server.WriteKubeconfig(directory), .. extra];
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);

        return (exit, output.ToString(), error.ToString());
    }

    private static string Stack(long generation, string readyStatus, long observedGeneration, string reason = "AllComponentsReady", string message = "") => $$"""
        {
          "apiVersion": "sensorstack.io/v1alpha1", "kind": "SensorStack",
          "metadata": { "name": "demo", "namespace": "sensors", "generation": {{generation}} },
          "spec": { "memoryBudget": "300Mi" },
          "status": { "conditions": [
            { "type": "BudgetAllocated", "status": "True", "reason": "Allocated", "message": "", "observedGeneration": {{observedGeneration}}, "lastTransitionTime": "2026-01-01T00:00:00Z" },
            { "type": "Ready", "status": "{{readyStatus}}", "reason": "{{reason}}", "message": "{{message}}", "observedGeneration": {{observedGeneration}}, "lastTransitionTime": "2026-01-01T00:00:00Z" }
          ] }
        }
        """;
}
