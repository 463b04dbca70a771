using k8s.Models;

namespace SensorOperator.Reconciliation;

/// <summary>
/// metav1.Condition bookkeeping: setting a condition keeps its lastTransitionTime unless its
/// status changes, so the time says when the state last flipped, not when it was last checked.
/// </summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Returns the condition to store, carrying the previous transition time when the status is unchanged.</summary>
    public static V1Condition Next(IEnumerable<V1Condition>? previous, string type, string status, string reason, string message, long? generation, DateTime now)
    {
        var before = Find(previous, type);
        var transition = before is not null && before.Status == status ? before.LastTransitionTime : now;
        return new V1Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        };
    }
}
