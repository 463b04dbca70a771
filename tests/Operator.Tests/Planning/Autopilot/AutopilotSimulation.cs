using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>A component of a simulated stack.</summary>
internal sealed record SimComponent(string Name, long Floor, int Weight, int Replicas = 1, long? Explicit = null, ResizeMode Mode = ResizeMode.InPlace);

/// <summary>One step as it was applied, with Σ limit x replicas right after it.</summary>
internal sealed record AppliedStep(TimeSpan At, ResizeStep Step, decimal TotalAfter, bool Forced, long Budget);

/// <summary>
/// Runs the pure autopilot over a synthetic history: every tick each component's working set comes
/// from a demand function; a demand above the limit in force is an OOM kill (the pod restarts, so
/// no working set is seen for it that tick); the observation is folded in, a decision is taken and
/// its steps are applied at once, in order, recording Σ limit x replicas after each. No I/O, no clock.
/// </summary>
internal sealed class AutopilotSimulation
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<SimComponent> components;
    private readonly Dictionary<string, long> limits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentHistory> histories = new(StringComparer.Ordinal);
    private string? previousCondition;

    public AutopilotSimulation(long budget, AutopilotSettings settings, params SimComponent[] components)
    {
        Budget = budget;
        Settings = settings;
        this.components = [.. components];
        foreach (var (name, limit) in StaticLimits())
        {
            limits[name] = limit;
            histories[name] = ComponentHistory.Empty;
        }
    }

    /// <summary>spec.memoryBudget; a scenario may change it between runs.</summary>
    public long Budget { get; set; }

    public AutopilotSettings Settings { get; }

    public TimeSpan Elapsed { get; private set; }

    public DateTimeOffset Now => Start + Elapsed;

    /// <summary>Working set per pod at a time; the demand, whether or not metrics show it.</summary>
    public Func<string, TimeSpan, long> Demand { get; set; } = (_, _) => 0;

    /// <summary>True where metrics.k8s.io gives nothing.</summary>
    public Func<TimeSpan, bool> MetricsMissing { get; set; } = _ => false;

    /// <summary>Non-OOM container restarts seen at a tick.</summary>
    public Func<string, TimeSpan, int> Restarts { get; set; } = (_, _) => 0;

    public List<AutopilotDecision> Decisions { get; } = [];

    public List<AppliedStep> Steps { get; } = [];

    public List<(TimeSpan At, string Name, long Limit)> OomKills { get; } = [];

    public List<(TimeSpan At, string Reason)> Conditions { get; } = [];

    /// <summary>The limits per pod after each tick.</summary>
    public List<(TimeSpan At, IReadOnlyDictionary<string, long> Limits, long Budget)> LimitTimeline { get; } = [];

    public IReadOnlyList<SimComponent> Components => components;

    public long Limit(string name) => limits[name];

    public ComponentHistory History(string name) => histories[name];

    public string? Condition => previousCondition;

    public IReadOnlyDictionary<string, long> StaticLimits()
    {
        var demands = components.Select(c => new ComponentDemand(c.Name, c.Floor, c.Weight, c.Replicas, c.Explicit)).ToList();
        var (allocations, failure) = BudgetSplit.Split(Budget, demands);
        Assert.True(allocations is not null, failure?.Message);
        return allocations.ToDictionary(a => a.Name, a => a.Limit);
    }

    /// <summary>Disables a component: it leaves the inputs, its memory is free.</summary>
    public void Remove(string name)
    {
        components.RemoveAll(c => c.Name == name);
        limits.Remove(name);
        histories.Remove(name);
    }

    /// <summary>Enables a component: it has no pods yet (limit in force 0) and no history.</summary>
    public void Add(SimComponent component)
    {
        components.Add(component);
        limits[component.Name] = 0;
        histories[component.Name] = ComponentHistory.Empty;
    }

    public void Run(TimeSpan duration, TimeSpan? tick = null)
    {
        var step = tick ?? TimeSpan.FromMinutes(5);
        var end = Elapsed + duration;
        while (Elapsed < end)
        {
            Elapsed += step;
            Tick();
        }
    }

    private void Tick()
    {
        foreach (var c in components)
        {
            var demand = Demand(c.Name, Elapsed);
            var killed = limits[c.Name] > 0 && demand > limits[c.Name];
            if (killed)
            {
                OomKills.Add((Elapsed, c.Name, limits[c.Name]));
            }

            long? seen = killed || limits[c.Name] == 0 || MetricsMissing(Elapsed) ? null : demand;
            var sample = new ComponentSample(seen, limits[c.Name], killed ? 1 : 0, Restarts(c.Name, Elapsed));
            histories[c.Name] = HistoryFolding.Fold(histories[c.Name], sample, Now, Settings);
        }

        var statics = StaticLimits();
        var input = new AutopilotInput(
            Budget,
            Settings,
            [.. components.Select(c => new ComponentState(c.Name, c.Floor, c.Weight, c.Replicas, c.Explicit, statics[c.Name], limits[c.Name], c.Mode, histories[c.Name]))],
            Now,
            previousCondition);
        var decision = AutopilotPlanner.Decide(input);
        Decisions.Add(decision);
        var forced = input.Components.Sum(c => (decimal)c.LimitInForce * c.Replicas) > Budget;
        foreach (var s in decision.Steps)
        {
            Assert.Equal(limits[s.Component], s.From);
            limits[s.Component] = s.To;
            Steps.Add(new AppliedStep(Elapsed, s, Total(), forced, Budget));
        }

        foreach (var d in decision.Components)
        {
            Assert.Equal(limits[d.Name], d.Target);
            histories[d.Name] = d.History;
        }

        previousCondition = decision.Condition.Reason;
        Conditions.Add((Elapsed, decision.Condition.Reason));
        LimitTimeline.Add((Elapsed, new Dictionary<string, long>(limits), Budget));
    }

    public decimal Total() => components.Sum(c => (decimal)limits[c.Name] * c.Replicas);

    public IEnumerable<AppliedStep> StepsOf(string name) => Steps.Where(s => s.Step.Component == name);

    public static long Mi(double n) => (long)(n * Quantities.Mebibyte);
}
