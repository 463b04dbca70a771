namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// Orders the changes so that Σ limit x replicas ≤ budget holds after every step: all decreases first
/// (the memory they free is confirmed before anything uses it), then the increases, the most urgent
/// first. Each step carries the message its Event tells.
/// </summary>
internal static class ResizeSteps
{
    public static IReadOnlyList<ResizeStep> Order(IReadOnlyList<Move> moves)
    {
        var decreases = moves.Where(m => m.To < m.From).ToList();
        var increases = moves.Where(m => m.To > m.From).OrderByDescending(m => m.Urgency).ToList();
        return
        [
            .. decreases.Select(m => Step(m, ResizeMessages.Decrease(m))),
            .. increases.Select(m => Step(m, ResizeMessages.Increase(m, decreases))),
        ];
    }

    private static ResizeStep Step(Move move, string message) =>
        new(move.Name, move.From, move.To, move.Component.Replicas, move.Restarts, move.Reason ?? ResizeReasons.Rebalanced, message);
}
