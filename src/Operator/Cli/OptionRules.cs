using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using SensorOperator.Api;

namespace SensorOperator.Cli;

/// <summary>
/// A rule on one option of <c>sensor-operator run</c>; a failure reads "--flag: value rule", naming
/// the flag the user typed and what they gave it (DataAnnotations' own messages omit the value).
/// </summary>
public abstract class OptionRuleAttribute : ValidationAttribute
{
    protected abstract string Rule { get; }

    protected abstract bool Allows(object? value);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Allows(value) ? ValidationResult.Success : new ValidationResult(Invalid(validationContext.MemberName ?? "", value, Rule));

    /// <summary>The message for option <paramref name="member"/> (a property name) holding <paramref name="value"/>.</summary>
    public static string Invalid(string member, object? value, string rule) => $"{Flag(member)}: {Format(value)} {rule}";

    /// <summary>The command-line flag of a property: <c>MaxConcurrentReconciles</c> is <c>--max-concurrent-reconciles</c>.</summary>
    internal static string Flag(string member)
    {
        var flag = new StringBuilder("--");
        foreach (var c in member)
        {
            if (char.IsUpper(c) && flag.Length > 2)
            {
                flag.Append('-');
            }

            flag.Append(char.ToLowerInvariant(c));
        }

        return flag.ToString();
    }

    private static string Format(object? value) => value switch
    {
        string s => $"\"{s}\"",
        TimeSpan t => GoDuration.Format(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}

/// <summary>An int inside an inclusive range.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IntBetweenAttribute(int min, int max, string rule) : OptionRuleAttribute
{
    protected override string Rule => rule;

    protected override bool Allows(object? value) => value is int i && i >= min && i <= max;
}

/// <summary>A duration of at least <paramref name="milliseconds"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AtLeastAttribute(int milliseconds) : OptionRuleAttribute
{
    protected override string Rule => $"is too short (at least {GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds))})";

    protected override bool Allows(object? value) => value is TimeSpan t && t >= TimeSpan.FromMilliseconds(milliseconds);
}

/// <summary>A finite number above zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute : OptionRuleAttribute
{
    protected override string Rule => "must be a positive number";

    protected override bool Allows(object? value) => value is double d && d > 0 && double.IsFinite(d);
}

/// <summary>One of a fixed set of words, given comma-separated.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(string words) : OptionRuleAttribute
{
    private readonly string[] allowed = words.Split(',');

    protected override string Rule => $"is not one of {string.Join(", ", allowed)}";

    protected override bool Allows(object? value) => value is string s && allowed.Contains(s);
}

/// <summary>Unset, or an image reference: not empty and without white space.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ImageReferenceAttribute : OptionRuleAttribute
{
    protected override string Rule => "is not an image reference";

    protected override bool Allows(object? value) => value is null || (value is string { Length: > 0 } s && !s.Any(char.IsWhiteSpace));
}

/// <summary>Unset or empty, or a file that exists.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExistingFileAttribute : OptionRuleAttribute
{
    protected override string Rule => "does not exist";

    protected override bool Allows(object? value) => value is null or "" || (value is string path && File.Exists(path));
}
