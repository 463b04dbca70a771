using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// spec.autopilot with its defaults applied (the CRD's defaults and bounds are the same numbers;
/// <see cref="SpecReader"/> checks them for objects that bypassed admission).
/// </summary>
/// <param name="Enabled">Off (the default): the static floor-and-weight split, exactly as without autopilot.</param>
/// <param name="HeadroomPercent">Added on top of the observed peak (VPA's safety margin is 15%).</param>
/// <param name="MinChangeBytes">The smallest move worth a resize; also the least headroom above a peak.</param>
/// <param name="Cooldown">After a change, how long the autopilot waits before the next one (OOM kills excepted).</param>
/// <param name="ShrinkAfter">How long a peak holds a limit up: a component shrinks only once its peak is older.</param>
public sealed record AutopilotSettings(bool Enabled, int HeadroomPercent, long MinChangeBytes, TimeSpan Cooldown, TimeSpan ShrinkAfter)
{
    public const int DefaultHeadroomPercent = 15;
    public const string DefaultMinChange = "8Mi";
    public const string DefaultCooldown = "30m";
    public const string DefaultShrinkAfter = "6h";

    public const int MaxHeadroomPercent = 100;
    public const string MinimumMinChange = "1Mi";
    public const string MaximumMinChange = "1Gi";
    public static readonly TimeSpan MinimumCooldown = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumCooldown = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinimumShrinkAfter = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaximumShrinkAfter = TimeSpan.FromDays(7);

    /// <summary>spec.autopilot absent or empty: off, with the documented defaults.</summary>
    public static AutopilotSettings Disabled { get; } = new(
        false, DefaultHeadroomPercent, 8 * Quantities.Mebibyte, TimeSpan.FromMinutes(30), TimeSpan.FromHours(6));

    /// <summary>The defaults with autopilot on (what `autopilot: {enabled: true}` means).</summary>
    public static AutopilotSettings EnabledDefaults { get; } = Disabled with { Enabled = true };
}
