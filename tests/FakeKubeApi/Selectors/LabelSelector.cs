using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Selectors;

/// <summary>
/// The <c>labelSelector</c> query language: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>,
/// <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist), joined by commas (AND).
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements)
    {
        this.requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    /// <exception cref="StatusException">400 when the selector cannot be parsed.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector(SplitTopLevel(text).Select(ParseRequirement).ToList());
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r.Matches(labels));

    private static Requirement ParseRequirement(string term)
    {
        var t = term.Trim();
        if (t.Length == 0)
        {
            throw Invalid(term);
        }

        if (t.StartsWith('!'))
        {
            return new Requirement(Key(t[1..], term), Operator.DoesNotExist, []);
        }

        var set = ParseSetTerm(t, " notin ", Operator.NotIn) ?? ParseSetTerm(t, " in ", Operator.In);
        if (set is not null)
        {
            return set;
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = t.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new Requirement(Key(t[..at], term), op, [t[(at + token.Length)..].Trim()]);
            }
        }

        return new Requirement(Key(t, term), Operator.Exists, []);
    }

    private static Requirement? ParseSetTerm(string term, string keyword, Operator op)
    {
        var at = term.IndexOf(keyword, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = term[(at + keyword.Length)..].Trim();
        if (!rest.StartsWith('(') || !rest.EndsWith(')'))
        {
            throw Invalid(term);
        }

        var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
        return new Requirement(Key(term[..at], term), op, values);
    }

    private static string Key(string key, string term)
    {
        var k = key.Trim();
        if (k.Length == 0 || k.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '=' or '!' or ','))
        {
            throw Invalid(term);
        }

        return k;
    }

    /// <summary>Splits on commas outside parentheses (<c>a in (x,y),b</c> is two terms).</summary>
    internal static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static StatusException Invalid(string term) =>
        StatusException.BadRequest($"unable to parse requirement: invalid label selector term '{term}'");

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyCollection<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Equals or Operator.In => has && Values.Contains(value!),
                // As in Kubernetes, != and notin also match objects that lack the label.
                Operator.NotEquals or Operator.NotIn => !has || !Values.Contains(value!),
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                _ => false,
            };
        }
    }
}
