using SensorStack.Testing;
using System.Globalization;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Tests.Api;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning;

/// <summary>vmalert as a planned component, and the rules it is given.</summary>
public class AlertingPlanTests
{
    private static readonly string[] Severities = ["warning", "critical"];

    private static readonly StackPlan Watched = Feasible(Samples.Load("alerting.yaml"));

    private static V1Container VmAlert(StackPlan plan) =>
        plan.Children.OfType<V1Deployment>().Single(d => d.Metadata.Name.EndsWith("-vmalert", StringComparison.Ordinal)).Spec.Template.Spec.Containers.Single();

    private static AlertRuleGroup Group(StackPlan plan) => Assert.Single(plan.Rule!.Spec.Groups);

    [Fact]
    public void Vmalert_gets_its_floor_and_the_budget_still_holds()
    {
        // Floors 32 + 64 + 256 + 32 = 384Mi; 128Mi left goes 1:2:1 to sensor, VM, Grafana; vmalert weighs 0.
        Assert.Equal(
            [(ComponentNames.Sensor, Mi(64)), (ComponentNames.VictoriaMetrics, Mi(128)), (ComponentNames.Grafana, Mi(288)), (ComponentNames.Alerting, Mi(32))],
            Watched.Components.Select(c => (c.Name, c.LimitBytes)));
        Assert.Equal(Mi(512), Watched.AllocatedBytes);
        Assert.True(Watched.AllocatedBytes <= Watched.BudgetBytes);
    }

    [Fact]
    public void Alerting_raises_the_floors_named_in_BudgetTooSmall()
    {
        var result = Infeasible(Stack("120Mi", s => s.Alerting = new AlertingSpec { Enabled = true }));
        Assert.Equal(ConditionReasons.BudgetTooSmall, result.Reason);
        Assert.Equal("spec.memoryBudget 120Mi is below the 128Mi the components' floors need (sensor 32Mi + victoriaMetrics 64Mi + alerting 32Mi)", result.Message);
    }

    [Fact]
    public void An_explicit_vmalert_limit_is_honoured()
    {
        var plan = Feasible(Stack("300Mi", s => s.Alerting = new AlertingSpec { Enabled = true, MemoryLimit = "48Mi" }));
        Assert.Equal(Mi(48), plan.Components.Single(c => c.Name == ComponentNames.Alerting).LimitBytes);
        Assert.Equal("36MiB", VmAlert(plan).Env.Single(e => e.Name == "GOMEMLIMIT").Value);
    }

    [Fact]
    public void Vmalert_queries_and_writes_to_the_stacks_VictoriaMetrics_every_scrape_interval_and_notifies_the_Alertmanager()
    {
        var container = VmAlert(Watched);
        Assert.Equal("victoriametrics/vmalert:v1.106.1", container.Image);
        Assert.Contains("-datasource.url=http://watched-vm.sensors.svc:8428", container.Args);
        Assert.Contains("-remoteWrite.url=http://watched-vm.sensors.svc:8428", container.Args);
        Assert.Contains("-remoteRead.url=http://watched-vm.sensors.svc:8428", container.Args);
        Assert.Contains("-evaluationInterval=30s", container.Args);
        Assert.Contains("-notifier.url=http://alertmanager.monitoring.svc:9093", container.Args);
        Assert.DoesNotContain("-notifier.blackhole", container.Args);
        Assert.Contains("-rule=/etc/vmalert/rules/rules.yaml", container.Args);
        Assert.Equal("24MiB", container.Env.Single(e => e.Name == "GOMEMLIMIT").Value); // 3/4 of 32Mi
        Assert.True(Watched.Alerting!.Notifies);
    }

    [Fact]
    public void Without_a_notifier_alerts_are_evaluated_and_recorded_but_not_sent()
    {
        var plan = Feasible(Stack("300Mi", s => { s.ScrapeInterval = "15s"; s.Alerting = new AlertingSpec { Enabled = true }; }));
        var container = VmAlert(plan);
        Assert.Contains("-notifier.blackhole", container.Args);
        Assert.DoesNotContain(container.Args, a => a.StartsWith("-notifier.url", StringComparison.Ordinal));
        Assert.Contains("-evaluationInterval=15s", container.Args);
        Assert.False(plan.Alerting!.Notifies);
    }

    [Fact]
    public void Every_rule_has_for_a_severity_and_annotations_naming_the_stack()
    {
        var group = Group(Watched);
        Assert.Equal(
            ["SensorCpuHigh", "SensorCpuSpikesLong", "SensorIngestQueueHigh", "SensorIngestShedding", "SensorMemoryNearLimit", "VictoriaMetricsMemoryNearLimit", "SensorScrapeDown"],
            group.Rules.Select(r => r.Alert));
        Assert.Equal("30s", group.Interval);
        foreach (var rule in group.Rules)
        {
            Assert.False(string.IsNullOrEmpty(rule.For), rule.Alert);
            Assert.Contains(rule.Labels["severity"], Severities);
            Assert.Equal("watched", rule.Labels["sensorstack"]);
            Assert.Contains("SensorStack sensors/watched", rule.Annotations["summary"], StringComparison.Ordinal);
            // The measured value; for SensorScrapeDown (up is 0 or absent) how long scrapes have failed.
            Assert.Contains(rule.Alert == "SensorScrapeDown" ? "for 2m" : "$value", rule.Annotations["description"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Thresholds_and_durations_come_from_the_spec()
    {
        var plan = Feasible(Stack("300Mi", s => s.Alerting = new AlertingSpec
        {
            Enabled = true, CpuPercent = 65, MemoryPercent = 75, IngestQueueRatio = 0.5, For = "90s", ScrapeDownFor = "45s",
        }));
        var rules = Group(plan).Rules.ToDictionary(r => r.Alert);
        Assert.EndsWith("* 100 > 65", rules["SensorCpuHigh"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("* 100 > 75", rules["SensorMemoryNearLimit"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("* 100 > 75", rules["VictoriaMetricsMemoryNearLimit"].Expr, StringComparison.Ordinal);
        Assert.Contains(">= 0.5 * sensor_ingest_batches_limit", rules["SensorIngestQueueHigh"].Expr, StringComparison.Ordinal);
        Assert.Equal("1m30s", rules["SensorCpuHigh"].For);
        Assert.Equal("45s", rules["SensorScrapeDown"].For);
        Assert.Contains("up{job=\"demo-sensor\",namespace=\"sensors\"} == 0", rules["SensorScrapeDown"].Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_ConfigMap_and_the_VMRule_hold_the_same_rules()
    {
        var configMap = Watched.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "watched-rules");
        var text = configMap.Data["rules.yaml"];
        Assert.StartsWith("# Written by sensor-operator for SensorStack sensors/watched", text, StringComparison.Ordinal);
        var fromFile = ModelYaml.Deserialize<VMRuleSpec>(text, strict: true);
        Assert.Equal(ModelYaml.Serialize(Watched.Rule!.Spec), ModelYaml.Serialize(fromFile));
    }

    [Fact]
    public void The_dashboard_gets_an_alerts_panel_from_ALERTS_and_vmalert_is_scraped_for_its_memory()
    {
        var dashboards = Watched.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "watched-grafana-dashboards");
        var json = System.Text.Json.Nodes.JsonNode.Parse(dashboards.Data["sensor-stack.json"])!;
        var panel = json["panels"]!.AsArray().Single(p => p!["title"]!.GetValue<string>().StartsWith("Alerts", StringComparison.Ordinal))!;
        Assert.Contains("ALERTS{sensorstack=\"watched\",namespace=\"sensors\"}", panel["targets"]![0]!["expr"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(json["panels"]!.AsArray(), p => p!["title"]!.GetValue<string>() == "alerting: used vs limit");
        var scrape = Watched.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "watched-scrape").Data["scrape.yaml"];
        Assert.Contains("job_name: watched-vmalert", scrape, StringComparison.Ordinal);
        Assert.Contains("watched-vmalert.sensors.svc:8880", scrape, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec.alerting.notifierUrl", "alertmanager:9093")]
    [InlineData("spec.alerting.notifierUrl", "ftp://alertmanager.monitoring.svc")]
    [InlineData("spec.alerting.memoryLimit", "8Mi")]
    [InlineData("spec.alerting.cpuPercent", "0")]
    [InlineData("spec.alerting.cpuPercent", "101")]
    [InlineData("spec.alerting.memoryPercent", "0")]
    [InlineData("spec.alerting.ingestQueueRatio", "1.5")]
    [InlineData("spec.alerting.ingestQueueRatio", "0.01")]
    [InlineData("spec.alerting.for", "five minutes")]
    [InlineData("spec.alerting.for", "25h")]
    [InlineData("spec.alerting.scrapeDownFor", "-1m")]
    public void A_bad_alerting_field_is_InvalidSpec_naming_the_field(string field, string value)
    {
        var alerting = new AlertingSpec { Enabled = true };
        switch (field)
        {
            case "spec.alerting.notifierUrl": alerting.NotifierUrl = value; break;
            case "spec.alerting.memoryLimit": alerting.MemoryLimit = value; break;
            case "spec.alerting.cpuPercent": alerting.CpuPercent = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "spec.alerting.memoryPercent": alerting.MemoryPercent = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "spec.alerting.ingestQueueRatio": alerting.IngestQueueRatio = double.Parse(value, CultureInfo.InvariantCulture); break;
            case "spec.alerting.for": alerting.For = value; break;
            case "spec.alerting.scrapeDownFor": alerting.ScrapeDownFor = value; break;
        }

        var result = Infeasible(Stack("300Mi", s => s.Alerting = alerting));
        Assert.True(result.IsInvalidSpec);
        Assert.Equal(field, result.Field);
        Assert.StartsWith(field + ": ", result.Message);
        Assert.Contains(value, result.Message);
    }
}
