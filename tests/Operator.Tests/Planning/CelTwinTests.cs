using SensorStack.Testing;
using k8s;
using SensorOperator.Api;
using SensorOperator.Planning;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning;

/// <summary>
/// The CRD's CEL rules (x-kubernetes-validations) are evaluated only by a real API server; the
/// fake and render do not evaluate them. Each rule therefore has a planner twin, and each twin is
/// tested on both sides of the rule's boundary: the value the rule admits plans, the one it
/// refuses is refused by the planner, naming the field.
/// </summary>
public class CelTwinTests
{
    /// <summary>Every CEL rule of the CRD, by the field it sits on; a new rule without a twin fails the first test.</summary>
    private static readonly Dictionary<string, string[]> Twins = new()
    {
        [""] = ["size(self.metadata.name) <= 43", "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')"],
        [".spec.memoryBudget"] = ["isQuantity(self)", "!isQuantity(self) || quantity(self).compareTo(quantity('96Mi')) >= 0"],
        [".spec.scrapeInterval"] = ["!self.matches(r'^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$') || duration(self) >= duration('10s')"],
        [".spec.sensor.memoryLimit"] = ["isQuantity(self)", "!isQuantity(self) || quantity(self).compareTo(quantity('16Mi')) >= 0"],
        [".spec.victoriaMetrics.memoryLimit"] = ["isQuantity(self)", "!isQuantity(self) || quantity(self).compareTo(quantity('16Mi')) >= 0"],
        [".spec.victoriaMetrics.retention"] = ["!self.matches('^[1-9][0-9]{0,5}h$') || int(self.substring(0, size(self) - 1)) >= 24"],
        [".spec.grafana.memoryLimit"] = ["isQuantity(self)", "!isQuantity(self) || quantity(self).compareTo(quantity('16Mi')) >= 0"],
        [".spec.alerting.memoryLimit"] = ["isQuantity(self)", "!isQuantity(self) || quantity(self).compareTo(quantity('16Mi')) >= 0"],
        [".spec.alerting.notifierUrl"] = ["isURL(self)", "!isURL(self) || url(self).getScheme() in ['http', 'https']"],
        [".spec.alerting.for"] = ["!self.matches(r'^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$') || duration(self) <= duration('24h')"],
        [".spec.alerting.scrapeDownFor"] = ["!self.matches(r'^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$') || duration(self) <= duration('24h')"],
    };

    [Fact]
    public void Every_CEL_rule_of_the_CRD_is_listed_here_with_its_twin_tests()
    {
        var crd = ModelYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(File.ReadAllText(Api.Samples.CrdPath), strict: true);
        var rules = new Dictionary<string, string[]>();
        Collect(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema, "", rules);
        Assert.Equal(Twins.OrderBy(t => t.Key).Select(t => (t.Key, string.Join(" | ", t.Value))), rules.OrderBy(r => r.Key).Select(r => (r.Key, string.Join(" | ", r.Value))));
    }

    [Theory]
    [InlineData(43, true)]
    [InlineData(44, false)]
    public void The_name_length_rule(int length, bool admitted) =>
        AssertTwin(Stack("1Gi", name: "s" + new string('x', length - 1)), admitted, "metadata.name");

    [Theory]
    [InlineData("a-1", true)]
    [InlineData("1a", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    public void The_name_pattern_rule(string name, bool admitted) => AssertTwin(Stack("1Gi", name: name), admitted, "metadata.name");

    [Theory]
    [InlineData("300M", true)]
    [InlineData("300MB", false)]
    [InlineData("1e3Mi", false)]
    public void The_budget_quantity_rule(string budget, bool admitted) => AssertTwin(Stack(budget), admitted, "spec.memoryBudget");

    [Fact]
    public void The_budget_minimum_rule()
    {
        Assert.IsType<FeasiblePlan>(StackPlanner.Plan(Stack("96Mi"), PlannerDefaults.Default));
        // Refused by the planner too, as a budget that does not fit (exit 1 in render, BudgetTooSmall in status).
        Assert.Equal(ConditionReasons.BudgetTooSmall, Infeasible(Stack("95Mi")).Reason);
    }

    [Theory]
    [InlineData("10s", true)]
    [InlineData("9999ms", false)]
    [InlineData("9s", false)]
    public void The_scrape_interval_minimum_rule(string interval, bool admitted) =>
        AssertTwin(Stack("1Gi", s => s.ScrapeInterval = interval), admitted, "spec.scrapeInterval");

    [Theory]
    [InlineData("24h", true)]
    [InlineData("23h", false)]
    [InlineData("1d", true)]
    public void The_retention_minimum_rule(string retention, bool admitted) =>
        AssertTwin(Stack("1Gi", s => s.VictoriaMetrics = new VictoriaMetricsSpec { Retention = retention }), admitted, "spec.victoriaMetrics.retention");

    [Theory]
    [InlineData("sensor", "16Mi", true)]
    [InlineData("sensor", "15Mi", false)]
    [InlineData("sensor", "64MB", false)]
    [InlineData("victoriaMetrics", "16Mi", true)]
    [InlineData("victoriaMetrics", "16383Ki", false)]
    [InlineData("victoriaMetrics", "lots", false)]
    [InlineData("grafana", "16Mi", true)]
    [InlineData("grafana", "15Mi", false)]
    [InlineData("grafana", "128 Mi", false)]
    [InlineData("alerting", "16Mi", true)]
    [InlineData("alerting", "15Mi", false)]
    [InlineData("alerting", "32 Mi", false)]
    public void The_memory_limit_rules(string component, string limit, bool admitted)
    {
        var stack = Stack("2Gi", s =>
        {
            switch (component)
            {
                case "sensor": s.Sensor = new SensorSpec { MemoryLimit = limit }; break;
                case "victoriaMetrics": s.VictoriaMetrics = new VictoriaMetricsSpec { MemoryLimit = limit }; break;
                case "alerting": s.Alerting = new AlertingSpec { Enabled = true, MemoryLimit = limit }; break;
                default: s.Grafana = new GrafanaSpec { Enabled = true, MemoryLimit = limit }; break;
            }
        });
        AssertTwin(stack, admitted, $"spec.{component}.memoryLimit");
    }

    [Theory]
    [InlineData("http://alertmanager.monitoring.svc:9093", true)]
    [InlineData("https://am.example.com/", true)]
    [InlineData("ftp://am.example.com", false)]
    [InlineData("alertmanager:9093", false)]
    [InlineData("not a url", false)]
    public void The_notifier_url_rules(string url, bool admitted) =>
        AssertTwin(Stack("1Gi", s => s.Alerting = new AlertingSpec { Enabled = true, NotifierUrl = url }), admitted, "spec.alerting.notifierUrl");

    [Theory]
    [InlineData("for", "24h", true)]
    [InlineData("for", "0s", true)]
    [InlineData("for", "24h1s", false)]
    [InlineData("scrapeDownFor", "24h", true)]
    [InlineData("scrapeDownFor", "1441m", false)]
    public void The_alerting_duration_maximum_rules(string field, string value, bool admitted) =>
        AssertTwin(Stack("1Gi", s => s.Alerting = field == "for" ? new AlertingSpec { Enabled = true, For = value } : new AlertingSpec { Enabled = true, ScrapeDownFor = value }),
            admitted, $"spec.alerting.{field}");

    /// <summary>
    /// Admitted: the spec is not refused as invalid (it may still not fit, which is the planner's
    /// other answer). Refused: InvalidSpec naming the field.
    /// </summary>
    private static void AssertTwin(V1Alpha1SensorStack stack, bool admitted, string field)
    {
        var result = StackPlanner.Plan(stack, PlannerDefaults.Default);
        if (admitted)
        {
            Assert.False(result is InfeasiblePlan { IsInvalidSpec: true }, $"refused: {(result as InfeasiblePlan)?.Message}");
        }
        else
        {
            var refused = Assert.IsType<InfeasiblePlan>(result);
            Assert.True(refused.IsInvalidSpec, refused.Message);
            Assert.Equal(field, refused.Field);
        }
    }

    private static void Collect(k8s.Models.V1JSONSchemaProps schema, string path, Dictionary<string, string[]> rules)
    {
        if (schema.XKubernetesValidations is { Count: > 0 } validations)
        {
            rules[path] = [.. validations.Select(v => v.Rule)];
        }

        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, k8s.Models.V1JSONSchemaProps>())
        {
            Collect(child, $"{path}.{name}", rules);
        }
    }
}
