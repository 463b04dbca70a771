namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// Makes the desired changes fit: Σ limit x replicas ≤ budget once they are applied, at most one
/// restart per decision (unless the budget itself forces more), increases funded by decreases of
/// components whose share is above their target (in-place donors first, none below −25% a step), and
/// what cannot be funded trimmed from the least urgent increase. Pure; works on the moves in place.
/// </summary>
internal static class BudgetFitting
{
    public static void Fit(IReadOnlyList<Move> moves, long budget, DecisionContext context)
    {
        // A component without pods (just enabled) must get at least its target's room: the others
        // then come down to their targets as when the budget shrank.
        var forced = context.Forced || moves.Any(m => m.From == 0 && m.To > 0);
        var restartsLeft = forced ? int.MaxValue : 1;
        foreach (var move in moves.Where(m => m.To > m.From).OrderByDescending(m => m.Urgency).ToList()
                     .Concat(moves.Where(m => m.To < m.From).OrderByDescending(m => m.Urgency).ThenByDescending(m => m.From - m.To).ToList()))
        {
            if (!move.Restarts)
            {
                continue;
            }

            // A kill or a revert is answered even when something else restarts: the pod restarted already.
            if (restartsLeft == 0 && move.Urgency < Urgency.Oom)
            {
                move.Hold();
                continue;
            }

            restartsLeft = Math.Max(0, restartsLeft - 1);
        }

        var pulls = Pull(moves, budget, context with { Forced = forced }, ref restartsLeft);
        TopUp(moves, budget);
        Trim(moves, budget, context.Settings);
        GiveBack(pulls, budget, moves);
        Fill(moves, budget);
        NameTheTakers(moves);
    }

    private static decimal Deficit(IReadOnlyList<Move> moves, long budget) => moves.Sum(m => (decimal)m.To * m.Replicas) - budget;

    /// <summary>Takes what the increases lack from components above their target.</summary>
    private static List<(Move Donor, long Amount)> Pull(IReadOnlyList<Move> moves, long budget, DecisionContext context, ref int restartsLeft)
    {
        var pulls = new List<(Move, long)>();
        var deficit = Deficit(moves, budget);
        if (deficit <= 0)
        {
            return pulls;
        }

        // An OOM kill, a revert or a limit about to be hit may take from a component whose metrics
        // are missing: its need then rests on the peaks still in its window (or on its limit).
        var urgent = moves.Any(m => m.To > m.From && m.Urgency >= Urgency.NearLimit);
        var donors = moves
            .Where(m => m.To <= m.From && m.Component.ExplicitLimit is null && m.Target < m.To)
            .Where(m => context.Forced || (urgent ? !InBackoff(m, context) : ChangeTriggers.MayShrink(m.Component, context, fullWindow: false)))
            .OrderBy(m => m.Component.Mode == ResizeMode.InPlace ? 0 : 1)
            .ThenByDescending(m => m.To - m.Target)
            .ToList();
        foreach (var donor in donors)
        {
            if (deficit <= 0)
            {
                break;
            }

            var least = context.Forced ? donor.Target : Math.Max(donor.Target, donor.StepFloor);
            if (!context.Forced && ChangeTriggers.IsYoung(donor.Component, context.Now))
            {
                least = Math.Max(least, donor.Component.StaticLimit);
            }

            var newlyRestarting = donor.Component.Mode != ResizeMode.InPlace && !donor.Changes;
            if (donor.To <= least || (newlyRestarting && restartsLeft == 0))
            {
                continue;
            }

            var amount = Math.Min(donor.To - least, WholeMebibytes.Up(deficit / donor.Replicas));
            if (newlyRestarting && !urgent && !context.Forced)
            {
                // A restart for a few MiB is not worth it: such a donor gives all it can above its
                // target, at least the hysteresis, or nothing (the increase then waits).
                if (donor.To - least < donor.Threshold(context.Settings))
                {
                    continue;
                }

                amount = donor.To - least;
            }

            if (!donor.Changes)
            {
                donor.Urgency = Urgency.Voluntary;
                donor.Reason = ResizeReasons.Rebalanced;
                restartsLeft = newlyRestarting ? restartsLeft - 1 : restartsLeft;
            }

            donor.To -= amount;
            deficit -= (decimal)amount * donor.Replicas;
            pulls.Add((donor, amount));
        }

        return pulls;
    }

    /// <summary>Memory a donor gave beyond the deficit goes to the increases still short of their target.</summary>
    private static void TopUp(IReadOnlyList<Move> moves, long budget)
    {
        foreach (var move in moves.Where(m => m.To > m.From && m.To < m.Target).OrderByDescending(m => m.Urgency).ToList())
        {
            var surplus = -Deficit(moves, budget);
            move.To += Math.Max(0, Math.Min(move.Target - move.To, WholeMebibytes.Down(surplus / move.Replicas)));
        }
    }

    /// <summary>What could not be funded comes off the least urgent increases; a voluntary one trimmed below the hysteresis is dropped.</summary>
    private static void Trim(IReadOnlyList<Move> moves, long budget, AutopilotSettings settings)
    {
        foreach (var move in moves.Where(m => m.To > m.From).OrderBy(m => m.Urgency).ThenBy(m => m.To - m.From).ToList())
        {
            var deficit = Deficit(moves, budget);
            if (deficit <= 0)
            {
                return;
            }

            move.To -= Math.Min(move.To - move.From, WholeMebibytes.Up(deficit / move.Replicas));
            if (move.To == move.From || (move.Urgency == Urgency.Voluntary && move.To - move.From < move.Threshold(settings)))
            {
                move.Hold();
            }
        }
    }

    /// <summary>Donors pulled for an increase that was then trimmed get back what is no longer needed.</summary>
    private static void GiveBack(List<(Move Donor, long Amount)> pulls, long budget, IReadOnlyList<Move> moves)
    {
        for (var i = pulls.Count - 1; i >= 0; i--)
        {
            var (donor, amount) = pulls[i];
            var surplus = -Deficit(moves, budget);
            var back = Math.Min(amount, WholeMebibytes.Down(surplus / donor.Replicas));
            // A donor that restarts anyway keeps its whole step; only an unneeded one is undone.
            if (donor.Component.Mode != ResizeMode.InPlace && back < amount)
            {
                back = 0;
            }

            if (back <= 0)
            {
                continue;
            }

            donor.To += back;
            if (!donor.Changes)
            {
                donor.Hold();
            }
        }
    }

    /// <summary>
    /// Memory a decrease frees is not left idle: components below their target that grow without a
    /// restart get it, even below the hysteresis (the decision changes limits anyway, so this is no
    /// extra churn).
    /// </summary>
    private static void Fill(IReadOnlyList<Move> moves, long budget)
    {
        if (!moves.Any(m => m.To < m.From))
        {
            return;
        }

        foreach (var move in moves.Where(m => m.Component.ExplicitLimit is null && m.To >= m.From && m.Target > m.To && m.Component.Mode != ResizeMode.AlwaysRestarts)
                     .OrderByDescending(m => m.Target - m.To).ToList())
        {
            var give = Math.Min(move.Target - move.To, WholeMebibytes.Down(-Deficit(moves, budget) / move.Replicas));
            if (give <= 0)
            {
                continue;
            }

            if (!move.Changes)
            {
                move.Urgency = Urgency.Voluntary;
                move.Reason = ResizeReasons.Rebalanced;
                move.Why = "its share of the memory others gave up";
            }

            move.To += give;
        }
    }

    private static void NameTheTakers(IReadOnlyList<Move> moves)
    {
        var takers = string.Join(", ", moves.Where(m => m.To > m.From).Select(m => m.Name));
        foreach (var donor in moves.Where(m => m.Reason == ResizeReasons.Rebalanced && m.To < m.From && m.Why is null))
        {
            donor.Why = takers.Length == 0 ? "share above its target" : $"for {takers}";
        }
    }

    private static bool InBackoff(Move move, DecisionContext context) =>
        move.Component.History.BackoffUntil is { } until && context.Now < until;
}
