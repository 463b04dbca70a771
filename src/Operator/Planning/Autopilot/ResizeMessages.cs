using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>What a change says, as a user reads it in an Event: "sensor 51Mi→60Mi: peak 52Mi + 15%; from victoriaMetrics 102Mi→93Mi".</summary>
internal static class ResizeMessages
{
    public static string Increase(Move move, IReadOnlyList<Move> decreases)
    {
        var from = decreases.Count == 0 ? "" : "; from " + string.Join(", ", decreases.Select(Change));
        return $"{Change(move)}: {move.Why}{from}";
    }

    public static string Decrease(Move move) => $"{Change(move)}: {move.Why}";

    /// <summary>Why a limit stays: its need and target, and what holds it.</summary>
    public static string Unchanged(Move move, DecisionContext context)
    {
        var need = $"need {Quantities.Format(move.Need.Bytes)} ({move.Need.Why})";
        if (move.Component.ExplicitLimit is not null)
        {
            return $"{Quantities.Format(move.From)} set by the spec, never moved";
        }

        if (move.Target == move.From)
        {
            return $"{need}; {Quantities.Format(move.From)} is its share";
        }

        var hold = context switch
        {
            { Held: true } => "held",
            { Cooldown: true } => $"cooldown of {GoDuration.Format(context.Settings.Cooldown)}",
            _ => move.Target < move.From && !ChangeTriggers.MayShrink(move.Component, context, fullWindow: true)
                ? $"no shrink without a whole {GoDuration.Format(context.Settings.ShrinkAfter)} of metrics"
                : $"within the hysteresis of {Quantities.Format(move.Threshold(context.Settings))}",
        };
        return $"{need}; share {Quantities.Format(move.Target)}, {Quantities.Format(move.From)} kept ({hold})";
    }

    private static string Change(Move move) => $"{move.Name} {Quantities.Format(move.From)}→{Quantities.Format(move.To)}";
}
