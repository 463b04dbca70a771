using SensorOperator.Planning.Autopilot;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>One limit change the runner made: when (seconds since the start of sampling), what, and Σ limits after it.</summary>
/// <param name="Restarted">The component was stopped, given the new limit and started again (a Go component's shrink).</param>
internal sealed record AppliedResize(double Seconds, string Component, long From, long To, bool Restarted, long SumAfter, string Reason, string Message);

/// <summary>
/// The limits in force, and the guard on every write: a change is applied only when Σ limits x replicas
/// stays within the budget after it. The decision already orders decreases before increases; the ledger
/// refuses a step that would break the budget anyway, so a wrong decision shows up as a refused step in
/// the record rather than as a moment over budget. Pure: the runner writes the cgroup file after
/// <see cref="Check"/> and records it with <see cref="Applied"/> once the write is confirmed.
/// </summary>
internal sealed class LimitLedger
{
    private readonly Dictionary<string, long> limits;
    private readonly List<AppliedResize> history = [];

    public LimitLedger(long budgetBytes, IEnumerable<LocalComponent> components)
    {
        BudgetBytes = budgetBytes;
        limits = components.ToDictionary(c => c.Name, c => c.StaticLimit, StringComparer.Ordinal);
        if (Sum > budgetBytes)
        {
            throw new InvalidOperationException($"the static split ({Sum} bytes) is over the budget ({budgetBytes} bytes)");
        }
    }

    public long BudgetBytes { get; }

    /// <summary>Σ limits in force (every local component runs one replica).</summary>
    public long Sum => limits.Values.Sum();

    public IReadOnlyList<AppliedResize> History => history;

    public long LimitOf(string component) => limits[component];

    /// <summary>Null when <paramref name="step"/> may be applied now; else why not.</summary>
    public string? Check(ResizeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!limits.TryGetValue(step.Component, out var current))
        {
            return $"{step.Component} is not a component of this run";
        }

        if (current != step.From)
        {
            return $"{step.Component} runs at {current} bytes, the step starts from {step.From}";
        }

        var after = Sum - current + step.To;
        return after > BudgetBytes ? $"{step.Component} {step.From}→{step.To} would make Σ limits {after} bytes, over the {BudgetBytes}-byte budget" : null;
    }

    /// <summary>Records a step the runner applied and confirmed.</summary>
    public AppliedResize Applied(ResizeStep step, double seconds)
    {
        if (Check(step) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        limits[step.Component] = step.To;
        var applied = new AppliedResize(seconds, step.Component, step.From, step.To, step.Restarts, Sum, step.Reason, step.Message);
        history.Add(applied);
        return applied;
    }
}
