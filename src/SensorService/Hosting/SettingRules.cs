using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SensorService.Hosting;

/// <summary>Options bound from one configuration section; the section names the key in messages.</summary>
public interface ISectionOptions
{
    /// <summary>The section the options are bound from, e.g. <c>Sensor:RateLimit</c>.</summary>
    string Section { get; }
}

/// <summary>
/// A rule whose failure reads "Section:Key = 'value' is invalid: rule." DataAnnotations' own
/// messages name the member but not the value; an operator needs both to fix the setting.
/// </summary>
public abstract class SettingRuleAttribute : ValidationAttribute
{
    protected abstract string Rule { get; }

    protected abstract bool Allows(object? value);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Allows(value) ? ValidationResult.Success : new ValidationResult(Invalid(validationContext.ObjectInstance, validationContext.MemberName, value, Rule));

    /// <summary>The message for a setting that breaks <paramref name="rule"/>.</summary>
    public static string Invalid(object options, string? member, object? value, string rule)
    {
        var key = options is ISectionOptions bound ? $"{bound.Section}:{member}" : member;
        return $"{key} = '{Format(value)}' is invalid: {rule}.";
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>An inclusive range for an int, a double or a TimeSpan (given as "c" strings, e.g. "00:00:01").</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BetweenAttribute : SettingRuleAttribute
{
    private readonly IComparable min;
    private readonly IComparable max;

    public BetweenAttribute(int min, int max) => (this.min, this.max) = (min, max);

    public BetweenAttribute(double min, double max) => (this.min, this.max) = (min, max);

    public BetweenAttribute(string min, string max) =>
        (this.min, this.max) = (TimeSpan.Parse(min, CultureInfo.InvariantCulture), TimeSpan.Parse(max, CultureInfo.InvariantCulture));

    protected override string Rule => $"must be between {Format(min)} and {Format(max)}";

    // NaN compares as smaller than every number, so a NaN double fails the lower bound.
    protected override bool Allows(object? value) =>
        value is IComparable v && v.GetType() == min.GetType() && v.CompareTo(min) >= 0 && v.CompareTo(max) <= 0 && value is not double.NaN;
}

/// <summary>A string that is not empty or white space.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotBlankAttribute(string rule) : SettingRuleAttribute
{
    protected override string Rule => rule;

    protected override bool Allows(object? value) => value is string s && !string.IsNullOrWhiteSpace(s);
}
