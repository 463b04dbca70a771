using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Selectors;

/// <summary>
/// The <c>fieldSelector</c> query language: <c>path=v</c>, <c>path==v</c>, <c>path!=v</c> joined by
/// commas. Any dotted path to a scalar is accepted (<c>metadata.name</c>, <c>involvedObject.uid</c>);
/// the real server accepts only a per-kind list of fields.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms)
    {
        this.terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var parsed = new List<(string, bool, string)>();
        foreach (var term in text.Split(','))
        {
            var (at, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and >= 0 ? (ee, 2, true)
                : (term.IndexOf('=', StringComparison.Ordinal), 1, true);
            if (at <= 0)
            {
                throw StatusException.BadRequest($"invalid field selector term '{term}': expected path=value or path!=value");
            }

            parsed.Add((term[..at].Trim(), equal, term[(at + length)..].Trim()));
        }

        return new FieldSelector(parsed);
    }

    public bool Matches(JsonObject obj) =>
        terms.All(t => (obj.PathValue(t.Path) ?? "") == t.Value == t.Equal);
}
