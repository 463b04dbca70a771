using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// Which change each component asks for, before the budget is fitted: the hysteresis, the urgent
/// triggers (OOM kill, revert, near the limit) and the shrink rules. Pure.
/// </summary>
internal static class ChangeTriggers
{
    public static void Desire(Move move, DecisionContext context)
    {
        var c = move.Component;
        var history = c.History;
        var settings = context.Settings;
        move.AnswersOom = history.OomKills.Any(k => !k.Answered);

        if (c.ExplicitLimit is { } fixedLimit)
        {
            // Never moved by the autopilot; only a spec change (or a new component) sets it.
            if (c.LimitInForce != fixedLimit)
            {
                Set(move, fixedLimit, Urgency.Forced, ResizeReasons.BudgetChanged, $"spec limit {Quantities.Format(fixedLimit)}");
            }

            return;
        }

        if (c.LimitInForce == 0 || (context.Forced && move.Target < move.From))
        {
            Set(move, move.Target, Urgency.Forced, ResizeReasons.BudgetChanged, c.LimitInForce == 0 ? "new component, its share of the budget" : "into the budget");
            return;
        }

        if (RevertDue(history, c, context) is { } revert)
        {
            var killed = history.OomKills.Any(k => k.At >= revert.At);
            var to = killed ? Math.Max(revert.From, Math.Max(move.Need.Bytes, move.Target)) : revert.From;
            var cause = killed ? "OOM kill" : $"{history.RestartsSinceResize} restart(s)";
            Set(move, to, Urgency.Revert, ResizeReasons.Reverted, $"{cause} after the {Quantities.Format(revert.From)}→{Quantities.Format(revert.To)} shrink");
            return;
        }

        if (move.AnswersOom)
        {
            if (move.Target > move.From)
            {
                Set(move, move.Target, Urgency.Oom, ResizeReasons.OomKilled, move.Need.Why);
            }

            return;
        }

        if (history.LastResize is { } last && last.To != last.From && c.LimitInForce == last.From && context.Now - last.At < settings.Cooldown)
        {
            // Decided earlier, not applied yet (its decreases were being confirmed, or the operator restarted).
            Set(move, last.To, Urgency.Pending, last.Reason, $"continuing: {last.Message}");
            return;
        }

        if (context.Held)
        {
            return;
        }

        if (history.NearLimitStreak >= 2 && move.Target > move.From)
        {
            Set(move, move.Target, Urgency.NearLimit, ResizeReasons.NearLimit, $"{move.Need.Why}, at ≥95% of the limit twice running");
            return;
        }

        if (context.Cooldown)
        {
            return;
        }

        // Whether the component's own need moved since the last decision, or only its share did
        // (another component's need moved the other way).
        var delta = move.Target - move.From;
        if (delta >= move.Threshold(settings))
        {
            var grew = history.NeedAtResize is not { } before || move.Need.Bytes > before;
            Set(move, move.Target, Urgency.Voluntary, grew ? ResizeReasons.PeakGrew : ResizeReasons.Rebalanced, grew ? move.Need.Why : "its share of the memory others gave up");
        }
        else if (-delta >= move.Threshold(settings) && MayShrink(c, context, fullWindow: true))
        {
            var to = Math.Max(move.Target, move.StepFloor);
            var capped = to > move.Target ? " (at most −25% a step)" : "";
            // A stepped shrink (−25% at a time) goes on aging after its first step.
            var aged = history.NeedAtResize is not { } before || move.Need.Bytes < before
                || (history.LastResize?.Reason == ResizeReasons.PeakAged && move.Need.Bytes <= before);
            Set(move, to, Urgency.Voluntary, aged ? ResizeReasons.PeakAged : ResizeReasons.Rebalanced,
                aged ? $"{move.Need.Why}, no higher peak in {GoDuration.Format(settings.ShrinkAfter)}{capped}" : null);
        }
    }

    /// <summary>
    /// Whether a component may give memory up: metrics now, no gap in what the window has seen, and
    /// no back-off after a revert. A voluntary shrink (its own peak aged) also needs a whole window
    /// of history; giving memory to another component needs only that its need is known.
    /// </summary>
    public static bool MayShrink(ComponentState component, DecisionContext context, bool fullWindow)
    {
        var history = component.History;
        if (component.ExplicitLimit is not null || history.LastWorkingSet is null)
        {
            return false;
        }

        if (history.BackoffUntil is { } until && context.Now < until)
        {
            return false;
        }

        if (IsYoung(component, context.Now))
        {
            return false;
        }

        return PeakWindow.Covers(history, context.Now, context.Settings, fullWindow);
    }

    /// <summary>Under an hour of history: its limit stays at or above the static split.</summary>
    public static bool IsYoung(ComponentState component, DateTimeOffset now) =>
        component.History.HistorySince is not { } since || now - since < NeedEstimator.YoungHistory;

    /// <summary>The last change, when it was a shrink that an OOM kill or restarts followed within shrinkAfter and is still in force.</summary>
    private static ResizeRecord? RevertDue(ComponentHistory history, ComponentState component, DecisionContext context)
    {
        if (history.LastResize is not { IsDecrease: true } last || component.LimitInForce != last.To || context.Now - last.At > context.Settings.ShrinkAfter)
        {
            return null;
        }

        return history.OomKills.Any(k => k.At >= last.At) || history.RestartsSinceResize > 0 ? last : null;
    }

    private static void Set(Move move, long to, Urgency urgency, string reason, string? why)
    {
        move.To = to;
        move.Urgency = urgency;
        move.Reason = reason;
        move.Why = why;
    }
}
