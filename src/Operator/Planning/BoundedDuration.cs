using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>A Go-duration spec field with a default and bounds, read as its CEL rule judges it.</summary>
internal static class BoundedDuration
{
    /// <returns>The duration, or the error naming the field and the bounds.</returns>
    public static (TimeSpan Value, string? Error) Read(string field, string? text, string fallback, TimeSpan minimum, TimeSpan maximum)
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
}
