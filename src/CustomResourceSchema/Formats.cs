using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CustomResourceSchema;

/// <summary>
/// String formats the API server checks. apiextensions-apiserver keeps only its
/// <c>supportedFormats</c> (pkg/apiserver/validation/formats.go) and kube-openapi's strfmt checks
/// those; this models the ones Kubernetes objects use: <c>date-time</c>, <c>date</c>, <c>byte</c>,
/// <c>uuid</c>, <c>ipv4</c>, <c>ipv6</c>. Any other format passes (see the fake API server's
/// README). Numeric formats (<c>int32</c>, <c>int64</c>, <c>float</c>, <c>double</c>) are not range
/// checks: kube-openapi's typeValidator only compares the JSON kind for them.
/// </summary>
public static partial class Formats
{
    public static bool IsValid(string format, string text)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(text);
        return format switch
        {
            "date-time" or "datetime" => DateTime().IsMatch(text) && System.DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
            "date" => Date().IsMatch(text) && System.DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
            "byte" => IsBase64(text),
            "uuid" => Uuid().IsMatch(text),
            "ipv4" => IPAddress.TryParse(text, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3,
            "ipv6" => IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
            _ => true,
        };
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    // strfmt's DateTime accepts RFC 3339 with optional fractional seconds and a Z or numeric offset.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();
}
