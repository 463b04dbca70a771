using System.Diagnostics;
using SensorOperator.Planning.Autopilot;
using SensorStack.BudgetReport.Measuring;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>Where the runner reads and what it writes.</summary>
/// <param name="Commands">To the script: "resize NAME BYTES" (write the cgroup limit in place) or "restart NAME BYTES" (stop, write, start).</param>
/// <param name="Acks">From the script: "ok" once the change is in force, anything else is why it failed.</param>
internal sealed record RunnerIo(string CgroupBase, CgroupVersion Version, Uri SensorMetrics, TextWriter Commands, TextReader Acks, TextWriter Log, string RecordFolder);

/// <summary>
/// The operator's autopilot on this machine: every <paramref name="interval"/> it reads each component's
/// working set and OOM kills from its cgroup, folds them into the component's history and asks the operator's
/// pure decision (<see cref="AutopilotPlanner.Decide"/>) for limits, then applies the steps in their order
/// through the script, which rewrites the cgroup limit live (this machine's in-place resize). The decision's
/// clock runs <paramref name="timeScale"/> times faster than the wall clock, so hours of cooldown and
/// shrinkAfter pass in a run of minutes.
/// </summary>
internal sealed class AutopilotRunner(
    AutopilotSettings settings,
    long budgetBytes,
    IReadOnlyList<LocalComponent> components,
    TimeSpan interval,
    double timeScale,
    RunnerIo io)
{
    private readonly LimitLedger ledger = new(budgetBytes, components);
    private readonly Dictionary<string, ComponentHistory> histories = components.ToDictionary(c => c.Name, _ => ComponentHistory.Empty, StringComparer.Ordinal);
    private readonly Dictionary<string, int> oomKillsSeen = components.ToDictionary(c => c.Name, _ => 0, StringComparer.Ordinal);
    private readonly IReadOnlyList<string> columns = [.. components.Select(c => c.Column)];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly DateTimeOffset origin = DateTimeOffset.UtcNow;
    private string? previousCondition;

    /// <summary>Decides and applies until <paramref name="duration"/> has passed; <paramref name="startedAt"/> is the
    /// sampler's zero (seconds since it), so the record lines up with the memory samples.</summary>
    public async Task RunAsync(TimeSpan duration, double startedAt, HttpClient http, CancellationToken cancellationToken)
    {
        var resizes = Path.Combine(io.RecordFolder, "autopilot-resizes.csv");
        var ticks = Path.Combine(io.RecordFolder, "autopilot-ticks.csv");
        await File.WriteAllTextAsync(resizes, AutopilotRecord.ResizesHeader + "\n", cancellationToken);
        await File.WriteAllTextAsync(ticks, AutopilotRecord.TicksHeader(columns) + "\n", cancellationToken);
        using var timer = new PeriodicTimer(interval);
        do
        {
            var seconds = startedAt + clock.Elapsed.TotalSeconds;
            var rows = await TickAsync(seconds, cancellationToken);
            await File.AppendAllLinesAsync(resizes, rows.Select(AutopilotRecord.Format), cancellationToken);
            var sensor = await ScrapeSensorAsync(http, cancellationToken);
            var limits = components.ToDictionary(c => c.Column, c => ledger.LimitOf(c.Name), StringComparer.Ordinal);
            await File.AppendAllTextAsync(ticks, AutopilotRecord.Format(new TickRow(seconds, previousCondition ?? "", limits, sensor.CgroupLimit, sensor.GcHeapLimit), columns) + "\n", cancellationToken);
        }
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<List<ResizeRow>> TickAsync(double seconds, CancellationToken cancellationToken)
    {
        var now = origin + (clock.Elapsed * timeScale);
        var states = new List<ComponentState>();
        foreach (var component in components)
        {
            var limit = ledger.LimitOf(component.Name);
            var sample = Observe(component, limit);
            histories[component.Name] = HistoryFolding.Fold(histories[component.Name], sample, now, settings);
            states.Add(new ComponentState(component.Name, component.Floor, component.Weight, 1, null, component.StaticLimit, limit, component.Mode, histories[component.Name]));
        }

        var decision = AutopilotPlanner.Decide(new AutopilotInput(budgetBytes, settings, states, now, previousCondition));
        previousCondition = decision.Condition.Reason;
        var rows = new List<ResizeRow>();
        foreach (var step in decision.Steps)
        {
            var outcome = ledger.Check(step) is { } refusal ? $"refused: {refusal}" : await ApplyAsync(step, cancellationToken);
            if (outcome == "applied")
            {
                ledger.Applied(step, seconds);
            }

            rows.Add(new ResizeRow(seconds, step.Component, step.From, step.To, step.Restarts, ledger.Sum, outcome, step.Reason, step.Message));
            if (outcome != "applied")
            {
                // The later steps may rely on this one's memory (increases after decreases): stop here, and keep
                // the histories as folded, so the next decision starts from the limits really in force.
                await io.Log.WriteLineAsync($"autopilot: {step.Component} {step.From}→{step.To} {outcome}; the rest of this decision is dropped");
                return rows;
            }
        }

        foreach (var component in decision.Components)
        {
            histories[component.Name] = component.History;
        }

        return rows;
    }

    private ComponentSample Observe(LocalComponent component, long limit)
    {
        var folder = Path.Combine(io.CgroupBase, component.Local);
        var oomKills = CgroupMemoryFiles.OomKills(File.ReadAllText(Path.Combine(folder, CgroupMemoryFiles.OomFile(io.Version))));
        var newKills = Math.Max(0, oomKills - oomKillsSeen[component.Name]);
        oomKillsSeen[component.Name] = oomKills;
        // An empty cgroup (the process is not running) has no working set, as metrics.k8s.io has none for a pod that is down.
        var running = File.ReadAllText(Path.Combine(folder, "cgroup.procs")).Trim().Length > 0;
        long? workingSet = running
            ? CgroupMemoryFiles.WorkingSet(io.Version, File.ReadAllText(Path.Combine(folder, CgroupMemoryFiles.UsageFile(io.Version))), File.ReadAllText(Path.Combine(folder, "memory.stat")))
            : null;
        // Restarts other than OOM kills: the runner's own restarts are not counted (as the operator does not count the
        // restarts its change caused), and a component that stops otherwise fails the run.
        return new ComponentSample(workingSet, limit, newKills, 0);
    }

    private async Task<string> ApplyAsync(ResizeStep step, CancellationToken cancellationToken)
    {
        var local = components.Single(c => c.Name == step.Component).Local;
        await io.Commands.WriteLineAsync($"{(step.Restarts ? "restart" : "resize")} {local} {step.To}");
        await io.Commands.FlushAsync(cancellationToken);
        var ack = await io.Acks.ReadLineAsync(cancellationToken);
        return ack switch
        {
            "ok" => "applied",
            null => "failed: the script closed the channel",
            _ => $"failed: {ack}",
        };
    }

    private async Task<SensorLimitMetrics> ScrapeSensorAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            return SensorLimitMetrics.Parse(await http.GetStringAsync(io.SensorMetrics, cancellationToken));
        }
        catch (HttpRequestException)
        {
            return SensorLimitMetrics.Unanswered;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SensorLimitMetrics.Unanswered; // the client's timeout: a sensor too busy to answer this tick
        }
    }
}
