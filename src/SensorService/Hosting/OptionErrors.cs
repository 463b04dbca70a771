using System.Globalization;

namespace SensorService.Hosting;

/// <summary>Collects validation failures phrased as "Section:Key = 'value' is invalid: rule".</summary>
public sealed class OptionErrors(string section)
{
    private readonly List<string> failures = [];

    public IReadOnlyList<string> Failures => failures;

    public void Fail(string key, object? value, string rule) =>
        failures.Add($"{section}:{key} = '{Format(value)}' is invalid: {rule}.");

    public void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Fail(key, value, $"must be between {min} and {max}");
        }
    }

    public void Range(string key, double value, double min, double max)
    {
        // NaN fails both comparisons, so it is checked explicitly.
        if (double.IsNaN(value) || value < min || value > max)
        {
            Fail(key, value, $"must be between {Format(min)} and {Format(max)}");
        }
    }

    public void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            Fail(key, value, $"must be between {min:c} and {max:c}");
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
