using k8s.Models;
using SensorOperator.Reconciliation;

namespace SensorOperator.Tests.Reconciliation;

public sealed class ConditionsTests
{
    private static readonly DateTime Earlier = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc);

    private static readonly List<V1Condition> Previous =
    [
        new V1Condition { Type = "Ready", Status = "False", Reason = "ComponentsNotReady", Message = "sensor 0/1 ready", LastTransitionTime = Earlier },
    ];

    [Fact]
    public void The_transition_time_stays_while_the_status_stays_even_if_reason_and_message_change()
    {
        var next = Conditions.Next(Previous, "Ready", "False", "ApplyFailed", "apply failed", 3, Now);

        Assert.Equal(Earlier, next.LastTransitionTime);
        Assert.Equal("ApplyFailed", next.Reason);
        Assert.Equal(3, next.ObservedGeneration);
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_changes()
    {
        Assert.Equal(Now, Conditions.Next(Previous, "Ready", "True", "AllComponentsReady", "ok", 1, Now).LastTransitionTime);
    }

    [Fact]
    public void A_new_condition_starts_now()
    {
        Assert.Equal(Now, Conditions.Next(Previous, "WithinBudget", "Unknown", "MetricsUnavailable", "x", 1, Now).LastTransitionTime);
        Assert.Equal(Now, Conditions.Next(null, "Ready", "False", "r", "m", 1, Now).LastTransitionTime);
    }
}
