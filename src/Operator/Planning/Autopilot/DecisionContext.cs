namespace SensorOperator.Planning.Autopilot;

/// <summary>What holds for the whole stack in one decision.</summary>
/// <param name="Forced">The limits in force do not fit the budget (it shrank): limits must come to their targets whatever the hysteresis says.</param>
/// <param name="Cooldown">A change was decided less than spec.autopilot.cooldown ago: only urgent changes now.</param>
/// <param name="Held">Degraded, or a BudgetInsufficient split already in force: only OOM kills and reverts move limits.</param>
internal sealed record DecisionContext(AutopilotSettings Settings, DateTimeOffset Now, bool Forced, bool Cooldown, bool Held);
