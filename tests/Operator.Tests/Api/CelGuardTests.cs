using SensorStack.Testing;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Tests.Api;

/// <summary>
/// The API server evaluates a field's CEL rules even when its OpenAPI pattern already failed, and a
/// conversion of a malformed value (duration('soon'), quantity('lots'), int('x')) adds
/// "type conversion error ... evaluating rule" to the real message. So every rule that converts its
/// field starts with a guard that admits only values the conversion accepts: isQuantity(self) for
/// quantity() (kubernetes/apiserver pkg/cel/library/quantity.go), the field's own pattern for
/// duration(), a digits-only match for int(). A malformed value then gets exactly one message: the
/// pattern's or the isQuantity rule's. There is no CEL evaluator here; these tests run each guard
/// with the C# twin of what it stands for and each conversion with the planner's own parsers.
/// </summary>
public partial class CelGuardTests
{
    private static readonly V1JSONSchemaProps Root = Assert.Single(
        ModelYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Samples.CrdPath), strict: true).Spec.Versions)
        .Schema.OpenAPIV3Schema;

    /// <summary>Malformed values of every kind the fields see, and some well-formed ones near them.</summary>
    private static readonly string[] Probes =
    [
        "soon", "", " ", "h", "xh", "1.5h", "-5h", "+24h", "24 h", "0x18h", "１２h", "10", "10 s", "s", "1..5s", "1.s", ".5s",
        "5µ", "µs", "-5s", "1e3s", "Mi", "lots", "1e3Mi", "0.5.Mi", "300MB", "300mi", "-1Mi", "1Gi", "300Mi", "8Mi", "5s",
        "1m30s", "2h45m", "1.5m", "24h", "12h", "999999h", "1d", "6",
    ];

    public static TheoryData<string, string> ConvertingRules()
    {
        var rules = new TheoryData<string, string>();
        Visit(Root, "", (path, schema) =>
        {
            foreach (var rule in schema.XKubernetesValidations ?? [])
            {
                if (Conversion().IsMatch(rule.Rule))
                {
                    rules.Add(path, rule.Rule);
                }
            }
        });
        return rules;
    }

    [Fact]
    public void Every_field_that_converts_its_value_is_found()
    {
        var paths = ConvertingRules().Select(row => row.Data.Item1).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            ".spec.alerting.for", ".spec.alerting.memoryLimit", ".spec.alerting.scrapeDownFor",
            ".spec.grafana.memoryLimit", ".spec.memoryBudget", ".spec.scrapeInterval",
            ".spec.sensor.memoryLimit", ".spec.victoriaMetrics.memoryLimit", ".spec.victoriaMetrics.retention",
        ], paths);
    }

    [Theory]
    [MemberData(nameof(ConvertingRules))]
    public void A_rule_that_converts_its_field_admits_only_values_that_convert(string path, string rule)
    {
        var schema = At(path);
        var (admits, converts) = GuardAndConversion(rule, schema);

        foreach (var probe in Probes.Where(admits))
        {
            Assert.True(converts(probe), $"{path}: the guard of `{rule}` lets \"{probe}\" reach a conversion that fails");
        }
    }

    [Theory]
    [InlineData(".spec.memoryBudget", "8Mi")]
    [InlineData(".spec.sensor.memoryLimit", "8Mi")]
    [InlineData(".spec.scrapeInterval", "5s")]
    [InlineData(".spec.victoriaMetrics.retention", "12h")]
    public void The_guard_still_lets_a_well_formed_value_that_is_too_small_reach_its_minimum(string path, string value)
    {
        var schema = At(path);
        var minimum = (schema.XKubernetesValidations ?? []).Single(r => Conversion().IsMatch(r.Rule) && r.Rule.StartsWith('!'));

        var (admits, converts) = GuardAndConversion(minimum.Rule, schema);

        Assert.True(admits(value) && converts(value), $"`{minimum.Rule}` would not judge \"{value}\"");
    }

    [Fact]
    public void A_malformed_interval_meets_only_its_pattern()
    {
        var schema = At(".spec.scrapeInterval");
        var rule = Assert.Single(schema.XKubernetesValidations ?? []);

        Assert.DoesNotMatch(schema.Pattern, "soon");
        Assert.False(GuardAndConversion(rule.Rule, schema).Admits("soon"));
    }

    /// <summary>
    /// The guard a rule starts with, as a C# predicate, and the conversion it protects, as the
    /// planner's parser. A rule that converts without a recognised guard fails the test.
    /// </summary>
    private static (Func<string, bool> Admits, Func<string, bool> Converts) GuardAndConversion(string rule, V1JSONSchemaProps schema)
    {
        Func<string, bool> converts = rule switch
        {
            _ when rule.Contains("quantity(self)", StringComparison.Ordinal) => v => Quantities.TryParseBytes("f", v, out _, out _),
            _ when rule.Contains("duration(self)", StringComparison.Ordinal) => v => GoDuration.TryParse("f", v, out _, out _),
            _ when rule.Contains("int(self.substring(0, size(self) - 1))", StringComparison.Ordinal) =>
                v => v.Length > 0 && long.TryParse(v[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out _),
            _ => throw new InvalidOperationException($"unknown conversion in `{rule}`"),
        };

        if (rule.StartsWith("!isQuantity(self) || ", StringComparison.Ordinal))
        {
            return (v => Quantities.TryParseBytes("f", v, out _, out _), converts);
        }

        var matches = GuardRegex().Match(rule);
        Assert.True(matches.Success, $"`{rule}` converts its field without a guard");
        var regex = matches.Groups["regex"].Value;
        if (rule.Contains("duration(self)", StringComparison.Ordinal))
        {
            // duration() is guarded by exactly the field's pattern: one message for a malformed value.
            Assert.Equal(schema.Pattern, regex);
        }

        return (v => Regex.IsMatch(v, regex, RegexOptions.None, TimeSpan.FromSeconds(1)), converts);
    }

    private static V1JSONSchemaProps At(string path) =>
        path.Split('.', StringSplitOptions.RemoveEmptyEntries).Aggregate(Root, (schema, name) => schema.Properties[name]);

    private static void Visit(V1JSONSchemaProps schema, string path, Action<string, V1JSONSchemaProps> visit)
    {
        visit(path, schema);
        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            Visit(child, $"{path}.{name}", visit);
        }
    }

    /// <summary>A CEL call that converts the field itself and errors on a malformed value.</summary>
    [GeneratedRegex(@"\b(quantity|duration|int)\(self\b")]
    private static partial Regex Conversion();

    /// <summary>`!self.matches('…') || ` or its raw-string form `!self.matches(r'…') || ` at the start.</summary>
    [GeneratedRegex(@"^!self\.matches\(r?'(?<regex>[^']*)'\) \|\| ")]
    private static partial Regex GuardRegex();
}
