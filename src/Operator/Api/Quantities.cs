using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace SensorOperator.Api;

/// <summary>
/// Memory quantities in the Kubernetes format. The arithmetic and canonical printing are
/// KubernetesClient's <see cref="ResourceQuantity"/>; this adds the strictness of the API server's
/// parser (the C# port accepts some strings the API server refuses, e.g. surrounding spaces) and the
/// rules of a memory amount: a positive whole number of bytes that fits in an Int64.
/// </summary>
public static partial class Quantities
{
    public const long Mebibyte = 1024 * 1024;
    public const long Gibibyte = 1024 * Mebibyte;

    // apimachinery's grammar: signedNumber (digits, digits.digits, digits., .digits) then a binary SI,
    // decimal SI or exponent suffix. The exponent is tried first so "1e3" is 1000 and "1E" is an exabyte.
    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>
    /// Parses <paramref name="text"/> as a memory amount in bytes, rounding a fractional byte up as
    /// Kubernetes does. On failure <paramref name="error"/> says why, prefixed with <paramref name="field"/>.
    /// </summary>
    public static bool TryParseBytes(string field, string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text))
        {
            error = $"{field}: must be set to a quantity such as 256Mi";
            return false;
        }

        if (text.Length > 64 || !Grammar().IsMatch(text))
        {
            error = $"{field}: \"{text}\" is not a Kubernetes quantity (examples: 256Mi, 1Gi, 500M, 1e9)";
            return false;
        }

        if (ExponentTooLarge(text))
        {
            error = $"{field}: \"{text}\" is larger than the largest quantity (2^63-1 bytes)";
            return false;
        }

        decimal value;
        try
        {
            value = new ResourceQuantity(text).ToDecimal();
        }
        catch (OverflowException)
        {
            error = $"{field}: \"{text}\" is larger than the largest quantity (2^63-1 bytes)";
            return false;
        }

        if (value <= 0)
        {
            error = $"{field}: \"{text}\" must be more than zero";
            return false;
        }

        var rounded = decimal.Ceiling(value);
        // ResourceQuantity caps binary-suffixed values at 2^63-1 instead of failing ("8Ei"); only the
        // literal maximum may legitimately land there.
        if (rounded > long.MaxValue || (rounded == long.MaxValue && text.TrimStart('+') != "9223372036854775807"))
        {
            error = $"{field}: \"{text}\" is larger than the largest quantity (2^63-1 bytes)";
            return false;
        }

        bytes = (long)rounded;
        error = null;
        return true;
    }

    /// <summary>Canonical Kubernetes form of a byte count, in binary units when exact (300Mi, 1Gi, 1500).</summary>
    public static string Format(long bytes) =>
        new ResourceQuantity(bytes, 0, ResourceQuantity.SuffixFormat.BinarySI).CanonicalizeString();

    /// <summary>A <see cref="ResourceQuantity"/> of <paramref name="bytes"/> for container resources.</summary>
    public static ResourceQuantity ToQuantity(long bytes) => new(Format(bytes));

    // An exponent beyond 10^30 cannot be a byte count we could hold; refuse it before the fraction
    // arithmetic builds a huge power of ten (or int.Parse overflows on a 12-digit exponent).
    private static bool ExponentTooLarge(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        // "E" and "Ei" are suffixes (exa, exbi); only e/E followed by a sign or digit is an exponent.
        if (e < 0 || e == text.Length - 1 || !(char.IsAsciiDigit(text[e + 1]) || text[e + 1] is '+' or '-'))
        {
            return false;
        }

        var exponent = text[(e + 1)..];
        return exponent.TrimStart('+', '-').Length > 3
            || Math.Abs(int.Parse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)) > 30;
    }
}
