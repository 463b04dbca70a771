namespace SensorOperator.Planning.Autopilot;

/// <summary>Why the autopilot moved a limit (status.components[].lastResize.reason, CamelCase).</summary>
public static class ResizeReasons
{
    /// <summary>The observed peak plus headroom grew past the limit.</summary>
    public const string PeakGrew = "PeakGrew";

    /// <summary>The working set was at 95% of the limit or more twice in a row.</summary>
    public const string NearLimit = "NearLimit";

    /// <summary>An OOM kill: at least limit x 1.25 and limit + 16Mi.</summary>
    public const string OomKilled = "OomKilled";

    /// <summary>The peak that held the limit up is older than shrinkAfter.</summary>
    public const string PeakAged = "PeakAged";

    /// <summary>Memory given to or taken from this component so another one's need fits.</summary>
    public const string Rebalanced = "Rebalanced";

    /// <summary>A shrink was followed by an OOM kill or restarts: back to the limit before it.</summary>
    public const string Reverted = "Reverted";

    /// <summary>The budget or the set of components changed: limits must come into the new budget.</summary>
    public const string BudgetChanged = "BudgetChanged";
}
