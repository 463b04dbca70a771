using SensorOperator.Api;
using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Planning;

/// <summary>
/// spec.autopilot with its defaults, checked as the CRD's schema and CEL rules check it (the bounds are
/// <see cref="AutopilotSettings"/>' constants), so that `render` and objects admitted by an older CRD
/// get the same answer. The first bad field wins.
/// </summary>
internal static class AutopilotReader
{
    public static (AutopilotSettings? Settings, string? Field, string? Error) Read(AutopilotSpec? spec)
    {
        var defaults = AutopilotSettings.Disabled;
        var headroom = spec?.HeadroomPercent ?? defaults.HeadroomPercent;
        if (headroom is < 0 or > AutopilotSettings.MaxHeadroomPercent)
        {
            return Invalid("spec.autopilot.headroomPercent", $"spec.autopilot.headroomPercent: {headroom} must be between 0 and {AutopilotSettings.MaxHeadroomPercent}");
        }

        var minChangeText = string.IsNullOrEmpty(spec?.MinChange) ? AutopilotSettings.DefaultMinChange : spec.MinChange;
        if (!Quantities.TryParseBytes("spec.autopilot.minChange", minChangeText, out var minChange, out var error))
        {
            return Invalid("spec.autopilot.minChange", error);
        }

        if (minChange < Bytes(AutopilotSettings.MinimumMinChange) || minChange > Bytes(AutopilotSettings.MaximumMinChange))
        {
            return Invalid("spec.autopilot.minChange", $"spec.autopilot.minChange: \"{minChangeText}\" must be between {AutopilotSettings.MinimumMinChange} and {AutopilotSettings.MaximumMinChange}");
        }

        var (cooldown, cooldownError) = ReadDuration("spec.autopilot.cooldown", spec?.Cooldown, AutopilotSettings.DefaultCooldown, AutopilotSettings.MinimumCooldown, AutopilotSettings.MaximumCooldown);
        if (cooldownError is not null)
        {
            return Invalid("spec.autopilot.cooldown", cooldownError);
        }

        var (shrinkAfter, shrinkError) = ReadDuration("spec.autopilot.shrinkAfter", spec?.ShrinkAfter, AutopilotSettings.DefaultShrinkAfter, AutopilotSettings.MinimumShrinkAfter, AutopilotSettings.MaximumShrinkAfter);
        if (shrinkError is not null)
        {
            return Invalid("spec.autopilot.shrinkAfter", shrinkError);
        }

        return (new AutopilotSettings(spec?.Enabled ?? false, headroom, minChange, cooldown, shrinkAfter), null, null);
    }

    private static (TimeSpan Value, string? Error) ReadDuration(string field, string? text, string fallback, TimeSpan minimum, TimeSpan maximum)
    {
        var value = string.IsNullOrEmpty(text) ? fallback : text;
        if (!GoDuration.TryParse(field, value, out var duration, out var error))
        {
            return (default, error);
        }

        if (duration < minimum || duration > maximum)
        {
            return (default, $"{field}: \"{value}\" must be between {GoDuration.Format(minimum)} and {GoDuration.Format(maximum)}");
        }

        return (duration, null);
    }

    private static long Bytes(string quantity) =>
        Quantities.TryParseBytes("", quantity, out var bytes, out _) ? bytes : throw new InvalidOperationException(quantity);

    private static (AutopilotSettings?, string?, string?) Invalid(string field, string error) => (null, field, error);
}
