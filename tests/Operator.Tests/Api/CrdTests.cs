using SensorStack.Testing;
using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using YamlDotNet.Serialization;

namespace SensorOperator.Tests.Api;

public class CrdTests
{
    private static readonly V1CustomResourceDefinition Crd =
        ModelYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Samples.CrdPath), strict: true);

    private static V1CustomResourceDefinitionVersion Version => Assert.Single(Crd.Spec.Versions);

    private static V1JSONSchemaProps Root => Version.Schema.OpenAPIV3Schema;

    [Fact]
    public void Names_scope_and_version_match_the_csharp_constants()
    {
        Assert.Equal($"{V1Alpha1SensorStack.Plural}.{V1Alpha1SensorStack.Group}", Crd.Metadata.Name);
        Assert.Equal(V1Alpha1SensorStack.Group, Crd.Spec.Group);
        Assert.Equal("Namespaced", Crd.Spec.Scope);
        Assert.Equal(V1Alpha1SensorStack.ResourceKind, Crd.Spec.Names.Kind);
        Assert.Equal(V1Alpha1SensorStack.Plural, Crd.Spec.Names.Plural);
        Assert.Equal(V1Alpha1SensorStack.Singular, Crd.Spec.Names.Singular);
        Assert.Equal([V1Alpha1SensorStack.ShortName], Crd.Spec.Names.ShortNames);
        Assert.Equal(V1Alpha1SensorStack.Version, Version.Name);
        Assert.True(Version.Served && Version.Storage);
        Assert.NotNull(Version.Subresources?.Status);
    }

    [Fact]
    public void Printer_columns_are_the_documented_ones_in_order()
    {
        var columns = Version.AdditionalPrinterColumns.Select(c => (c.Name.ToUpperInvariant(), c.JsonPath)).ToList();
        Assert.Equal(
        [
            ("BUDGET", ".spec.memoryBudget"),
            ("ALLOCATED", ".status.allocated"),
            ("USED", ".status.used"),
            ("BUDGET-STATUS", ".status.conditions[?(@.type==\"WithinBudget\")].reason"),
            ("READY", ".status.conditions[?(@.type==\"Ready\")].status"),
            ("AGE", ".metadata.creationTimestamp"),
        ], columns);
    }

    [Fact]
    public void Every_field_has_a_description()
    {
        var missing = new List<string>();
        Walk(Root, "", (path, schema) =>
        {
            // metadata is the exception: the API server refuses a CRD with anything but type: object
            // there (validateStructuralMetadataInvariants), a description included.
            if (string.IsNullOrWhiteSpace(schema.Description) && path != ".metadata")
            {
                missing.Add(path);
            }
        });
        Assert.Empty(missing);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var spec = Root.Properties["spec"];
        Assert.Equal("30s", Default(spec.Properties["scrapeInterval"]));
        Assert.Equal("1", Default(spec.Properties["sensor"].Properties["replicas"]));
        Assert.Equal("1d", Default(spec.Properties["victoriaMetrics"].Properties["retention"]));
        Assert.Equal("False", Default(spec.Properties["grafana"].Properties["enabled"]), ignoreCase: true);
        var alerting = spec.Properties["alerting"];
        Assert.Equal("False", Default(alerting.Properties["enabled"]), ignoreCase: true);
        Assert.Equal(("80", "0.8", "90"), (Default(alerting.Properties["cpuPercent"]), Default(alerting.Properties["ingestQueueRatio"]), Default(alerting.Properties["memoryPercent"])));
        Assert.Equal(("5m", "2m"), (Default(alerting.Properties["for"]), Default(alerting.Properties["scrapeDownFor"])));
        // Nested defaults only apply inside an object that exists, so each component defaults to {}.
        foreach (var component in new[] { "sensor", "victoriaMetrics", "grafana", "alerting" })
        {
            Assert.NotNull(spec.Properties[component].DefaultProperty);
        }

        Assert.Equal(["memoryBudget"], spec.Required);
    }

    [Fact]
    public void Admission_rules_use_quantity_and_duration_functions_on_the_fields_they_guard()
    {
        var spec = Root.Properties["spec"];
        var budgetRules = Rules(spec.Properties["memoryBudget"]);
        Assert.Contains(budgetRules, r => r.Contains("isQuantity(self)", StringComparison.Ordinal));
        Assert.Contains(budgetRules, r => r.Contains("quantity(self).compareTo(quantity('96Mi')) >= 0", StringComparison.Ordinal));
        Assert.Contains(Rules(spec.Properties["scrapeInterval"]), r => r.Contains("duration(self) >= duration('10s')", StringComparison.Ordinal));
        foreach (var component in new[] { "sensor", "victoriaMetrics", "grafana", "alerting" })
        {
            Assert.Contains(Rules(spec.Properties[component].Properties["memoryLimit"]), r => r.Contains("quantity('16Mi')", StringComparison.Ordinal));
        }

        // Each rule after the first is guarded, so a malformed value gets the one message that names it.
        var alerting = spec.Properties["alerting"].Properties;
        Assert.Equal(["isURL(self)", "!isURL(self) || url(self).getScheme() in ['http', 'https']"], Rules(alerting["notifierUrl"]));
        foreach (var field in new[] { "for", "scrapeDownFor" })
        {
            var rule = Assert.Single(Rules(alerting[field]));
            Assert.StartsWith($"!self.matches(r'{alerting[field].Pattern}') || ", rule, StringComparison.Ordinal);
            Assert.EndsWith("duration(self) <= duration('24h')", rule, StringComparison.Ordinal);
        }

        Assert.Contains(Rules(Root), r => r.Contains("size(self.metadata.name) <= 43", StringComparison.Ordinal));
        Assert.All(Crd.Spec.Versions.SelectMany(_ => AllRules(Root)), rule => Assert.False(string.IsNullOrWhiteSpace(rule.Message), rule.Rule));
    }

    [Fact]
    public void The_admission_minimums_are_the_planners()
    {
        // The CEL literals and the C# policy must move together.
        Assert.True(Quantities.TryParseBytes("", "96Mi", out var budget, out _));
        Assert.Equal(SensorOperator.Planning.MemoryPolicy.MinimumBudget, budget);
        Assert.True(Quantities.TryParseBytes("", "16Mi", out var limit, out _));
        Assert.Equal(SensorOperator.Planning.MemoryPolicy.MinimumContainerLimit, limit);
        Assert.Equal(SensorOperator.Planning.MemoryPolicy.MaxReplicas, (int)Root.Properties["spec"].Properties["sensor"].Properties["replicas"].Maximum!.Value);
        var alerting = Root.Properties["spec"].Properties["alerting"].Properties;
        Assert.Equal(SensorOperator.Planning.AlertingReader.MinimumIngestQueueRatio, alerting["ingestQueueRatio"].Minimum);
        Assert.Equal((SensorOperator.Planning.AlertingReader.DefaultFor, SensorOperator.Planning.AlertingReader.DefaultScrapeDownFor), (Default(alerting["for"]), Default(alerting["scrapeDownFor"])));
        Assert.True(Quantities.TryParseBytes("", "32Mi", out var vmalertFloor, out _));
        Assert.Equal(SensorOperator.Planning.MemoryPolicy.VmAlertFloor, vmalertFloor);
    }

    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void Every_sample_is_valid_against_the_schema(string sample)
    {
        var (unknown, errors) = Admit(Samples.Text(sample));
        Assert.Empty(unknown);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  sensor: { replicas: 0 }",
        "spec.sensor.replicas: Invalid value: 0: spec.sensor.replicas in body should be greater than or equal to 1")]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  scrapeInterval: 30",
        "spec.scrapeInterval: Invalid value: \"integer\": spec.scrapeInterval in body must be of type string: \"integer\"")]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  victoriaMetrics: { retention: 1m }",
        "spec.victoriaMetrics.retention: Invalid value: \"1m\": spec.victoriaMetrics.retention in body should match '^[1-9][0-9]{0,5}(h|d|w|y)?$'")]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  alerting: { ingestQueueRatio: 1.5 }",
        "spec.alerting.ingestQueueRatio: Invalid value: 1.5: spec.alerting.ingestQueueRatio in body should be less than or equal to 1")]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  alerting: { cpuPercent: 0 }",
        "spec.alerting.cpuPercent: Invalid value: 0: spec.alerting.cpuPercent in body should be greater than or equal to 1")]
    [InlineData("memoryBudget: 128Mi", "memoryBudget: 128Mi\n  alerting: { for: 5 minutes }",
        "spec.alerting.for: Invalid value: \"5 minutes\": spec.alerting.for in body should match '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$'")]
    public void The_schema_rejects_what_it_should(string from, string to, string expected)
    {
        var yaml = Samples.Text("minimal.yaml").Replace(from, to, StringComparison.Ordinal);
        var (_, errors) = Admit(yaml);
        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Fact]
    public void Unknown_fields_are_what_the_API_server_prunes()
    {
        var yaml = Samples.Text("minimal.yaml").Replace("memoryBudget: 128Mi", "memoryBudjet: 128Mi", StringComparison.Ordinal);
        var (unknown, errors) = Admit(yaml);
        Assert.Equal(["spec.memoryBudjet"], unknown);
        Assert.Equal("spec.memoryBudget: Required value", Assert.Single(errors).ToString());
    }

    /// <summary>A manifest through the CRD's schema with the API server's own rules (the shared library).</summary>
    private static (List<string> Unknown, List<CustomResourceSchema.FieldError> Errors) Admit(string yaml)
    {
        var admission = CustomResourceSchema.CustomResourceAdmission.ForVersion(
            (System.Text.Json.Nodes.JsonObject)CustomResourceSchema.YamlJson.Parse(File.ReadAllText(Samples.CrdPath))!, V1Alpha1SensorStack.Version)!;
        var obj = (System.Text.Json.Nodes.JsonObject)CustomResourceSchema.YamlJson.Parse(yaml)!;
        var unknown = admission.Decode(obj);
        return (unknown, admission.Validate(obj));
    }

    [Fact]
    public void The_csharp_model_and_the_schema_have_the_same_fields_and_types()
    {
        var differences = new List<string>();
        Compare(typeof(V1Alpha1SensorStack), Root, "", differences);
        Assert.Empty(differences);
    }

    /// <summary>Proof that the comparison above can fail: a schema with a field the model lacks.</summary>
    [Fact]
    public void The_model_comparison_notices_a_field_missing_from_the_model()
    {
        var spec = Root.Properties["spec"];
        var extended = new V1JSONSchemaProps
        {
            Type = "object",
            Properties = new Dictionary<string, V1JSONSchemaProps>(spec.Properties) { ["paused"] = new() { Type = "boolean" } },
        };
        var differences = new List<string>();
        Compare(typeof(SensorStackSpec), extended, ".spec", differences);
        Assert.Equal([".spec.paused: in the schema, not in SensorStackSpec"], differences);
    }

    private static void Compare(Type type, V1JSONSchemaProps schema, string path, List<string> differences)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(JsonName, p => p);
        var fields = schema.Properties?.Keys.ToHashSet() ?? [];

        foreach (var name in fields.Except(properties.Keys))
        {
            differences.Add($"{path}.{name}: in the schema, not in {type.Name}");
        }

        foreach (var name in properties.Keys.Except(fields))
        {
            differences.Add($"{path}.{name}: in {type.Name}, not in the schema");
        }

        foreach (var name in fields.Intersect(properties.Keys))
        {
            var property = properties[name];
            var child = schema.Properties![name];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var expected = SchemaType(propertyType);
            if (expected != child.Type)
            {
                differences.Add($"{path}.{name}: {propertyType.Name} in {type.Name} but {child.Type} in the schema");
                continue;
            }

            if (name == "metadata")
            {
                continue; // ObjectMeta: the API server's, not part of the CRD schema
            }

            if (expected == "object")
            {
                Compare(propertyType, child, $"{path}.{name}", differences);
            }
            else if (expected == "array")
            {
                var element = propertyType.GetGenericArguments().Single();
                var items = ItemsOf(child);
                if (SchemaType(element) == "object")
                {
                    Compare(element, items, $"{path}.{name}[]", differences);
                }
            }
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string SchemaType(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(DateTime) => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(double) => "number",
        _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => "array",
        _ => "object",
    };

    private static void Walk(V1JSONSchemaProps schema, string path, Action<string, V1JSONSchemaProps> visit)
    {
        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            visit($"{path}.{name}", child);
            Walk(child, $"{path}.{name}", visit);
            if (child.Items is not null)
            {
                var items = ItemsOf(child);
                visit($"{path}.{name}[]", items);
                Walk(items, $"{path}.{name}[]", visit);
            }
        }
    }

    private static List<V1ValidationRule> AllRules(V1JSONSchemaProps root)
    {
        var rules = new List<V1ValidationRule>(root.XKubernetesValidations ?? []);
        Walk(root, "", (_, s) => rules.AddRange(s.XKubernetesValidations ?? []));
        return rules;
    }

    /// <summary>The client types items as object (a schema or a list of them); read it as one schema.</summary>
    internal static V1JSONSchemaProps ItemsOf(V1JSONSchemaProps schema) => schema.Items as V1JSONSchemaProps
        ?? ModelYaml.Deserialize<V1JSONSchemaProps>(ModelYaml.Serialize(schema.Items), strict: true);

    private static List<string> Rules(V1JSONSchemaProps schema) => (schema.XKubernetesValidations ?? []).Select(r => r.Rule).ToList();

    private static string? Default(V1JSONSchemaProps schema) => schema.DefaultProperty?.ToString();
}
