using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// The budget autopilot's decision: from observed demand to limits that fit the budget. Pure: no
/// I/O, no clock (now is an input); the same input always gives the same decision.
///
/// 1. Each component's need (<see cref="NeedEstimator"/>), shared out (<see cref="ShareDistribution"/>).
/// 2. Which changes the triggers and the hysteresis allow (<see cref="ChangeTriggers"/>).
/// 3. Fitted into the budget with one restart at a time (<see cref="BudgetFitting"/>).
/// 4. Ordered: every decrease before any increase (<see cref="ResizeSteps"/>), and the history to persist.
/// </summary>
public static class AutopilotPlanner
{
    /// <summary>This many reverts and OOM bumps within an hour make the autopilot Degraded.</summary>
    public const int DegradedCorrections = 3;

    public static AutopilotDecision Decide(AutopilotInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings;
        var now = input.Now;
        var components = input.Components;

        var needs = components.Select(c => (Component: c, Need: NeedEstimator.Estimate(c, settings, now))).ToList();
        var shares = ShareDistribution.Split(input.BudgetBytes, [.. needs.Select(n => (n.Component, n.Need.Bytes))]);
        var moves = needs.Select(n => new Move(n.Component, n.Need, shares.Targets[n.Component.Name])).ToList();

        var corrections = components.Sum(c => c.History.Corrections.Count(t => t > now - HistoryFolding.CorrectionMemory));
        var lastChange = components.Select(c => c.History.LastResize?.At).Max();
        var context = new DecisionContext(
            settings,
            now,
            Forced: components.Sum(c => (decimal)c.LimitInForce * c.Replicas) > input.BudgetBytes,
            Cooldown: lastChange is { } at && now - at < settings.Cooldown,
            Held: corrections >= DegradedCorrections || (!shares.Fits && input.PreviousCondition == ConditionReasons.BudgetInsufficient));

        foreach (var move in moves)
        {
            ChangeTriggers.Desire(move, context);
        }

        BudgetFitting.Fit(moves, input.BudgetBytes, context);
        var steps = ResizeSteps.Order(moves);
        var decided = moves.Select(m => Outcome(m, steps, context)).ToList();
        return new AutopilotDecision(decided, Condition(decided, needs, shares, now), steps);
    }

    private static ComponentDecision Outcome(Move move, IReadOnlyList<ResizeStep> steps, DecisionContext context)
    {
        var step = steps.FirstOrDefault(s => s.Component == move.Name);
        var history = HistoryUpdate.After(move, context, step?.Message);
        var message = step?.Message ?? ResizeMessages.Unchanged(move, context);
        return new ComponentDecision(move.Name, move.To, move.Need.Bytes, step?.Reason, message, history);
    }

    private static AutopilotCondition Condition(IReadOnlyList<ComponentDecision> decided, IReadOnlyList<(ComponentState Component, NeedEstimate Need)> needs, Shares shares, DateTimeOffset now)
    {
        var recent = decided
            .Select(d => (d.Name, Count: d.History.Corrections.Count(t => t > now - HistoryFolding.CorrectionMemory)))
            .Where(x => x.Count > 0)
            .ToList();
        if (recent.Sum(x => x.Count) >= DegradedCorrections)
        {
            var who = string.Join(", ", recent.Select(x => $"{x.Name} {x.Count}"));
            return new AutopilotCondition(false, ConditionReasons.Degraded,
                $"{recent.Sum(x => x.Count)} reverts and OOM bumps in the last hour ({who}): limits are held and only OOM kills are answered until fewer than {DegradedCorrections} remain in the hour");
        }

        var movable = needs.Where(n => n.Component.ExplicitLimit is null).Select(n => (n.Component, n.Need.Bytes)).ToList();
        var breakdown = ShareDistribution.Breakdown(movable);
        if (!shares.Fits)
        {
            return new AutopilotCondition(false, ConditionReasons.BudgetInsufficient,
                $"the observed demand needs {Describe(shares.TotalNeed)} ({breakdown}) but the budget leaves {Describe(shares.Available)} for them: each gets its floor and a share in proportion to its need above it, and limits move again only for a new OOM kill");
        }

        return new AutopilotCondition(true, ConditionReasons.Balanced,
            $"the observed demand needs {Describe(shares.TotalNeed)} ({breakdown}) of the {Describe(shares.Available)} the budget leaves; the other {Describe(shares.Available - shares.TotalNeed)} is shared by weight");
    }

    private static string Describe(decimal bytes) => bytes >= long.MaxValue ? $"{bytes} bytes" : Quantities.Format((long)Math.Max(0, bytes));
}
