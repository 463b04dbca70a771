using System.Diagnostics;
using k8s;
using k8s.Models;
using SensorOperator.Planning;
using SensorOperator.Tests.Api;
using SensorOperator.Tests.Planning;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;
using System.Text.Json.Nodes;
using CustomResourceSchema;

namespace SensorOperator.Tests.Render;

/// <summary>
/// The rendered rules as the real tools read them: vmalert's own parser (-dryRun, the
/// VictoriaMetrics release the scrape tests run), promtool's (Prometheus rule syntax and
/// templates), and the VMRule against the VictoriaMetrics operator's published CRD.
/// </summary>
public class AlertRulesToolTests
{
    private static string RulesFile(string sample = "alerting.yaml")
    {
        var plan = StackFactory.Feasible(Samples.Load(sample));
        return plan.Children.OfType<V1ConfigMap>().Single(c => c.Data?.ContainsKey("rules.yaml") == true).Data["rules.yaml"];
    }

    [Fact]
    public void Vmalert_dry_run_accepts_the_rendered_rules()
    {
        var (exit, log) = Run(RequiredTool.Find("vmalert"), RulesFile(), path => ["-dryRun", $"-rule={path}"]);
        Assert.True(exit == 0, log);
    }

    [Fact]
    public void Promtool_accepts_the_rendered_rules_and_finds_all_seven()
    {
        var (exit, log) = Run(RequiredTool.Find("promtool"), RulesFile(), path => ["check", "rules", path]);
        Assert.True(exit == 0, log);
        Assert.Contains("SUCCESS: 7 rules found", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_checks_fail_on_a_broken_expression_or_template()
    {
        // Proof that the checks above can fail.
        var brokenExpr = RulesFile().Replace("* 100 > 80", "* 100 > > 80", StringComparison.Ordinal);
        var (exit, log) = Run(RequiredTool.Find("vmalert"), brokenExpr, path => ["-dryRun", $"-rule={path}"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("SensorCpuHigh", log, StringComparison.Ordinal);

        var brokenTemplate = RulesFile().Replace("{{ $labels.pod }}", "{{ $labels.pod", StringComparison.Ordinal);
        (exit, log) = Run(RequiredTool.Find("promtool"), brokenTemplate, path => ["check", "rules", path]);
        Assert.NotEqual(0, exit);
        Assert.Contains("template", log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_VMRule_is_valid_against_the_published_CRD()
    {
        var crd = (JsonObject)YamlJson.Parse(ThirdPartyCrds.Yaml(ThirdPartyCrds.VMRules))!;
        Assert.Equal((V1Beta1VMServiceScrape.Group, V1Beta1VMRule.ResourceKind, V1Beta1VMRule.Plural),
            ((string?)crd["spec"]!["group"], (string?)crd["spec"]!["names"]!["kind"], (string?)crd["spec"]!["names"]!["plural"]));
        var admission = CustomResourceAdmission.ForVersion(crd, V1Beta1VMServiceScrape.Version)!;
        var rule = StackFactory.Feasible(Samples.Load("alerting.yaml")).Rule!;

        var obj = (JsonObject)YamlJson.Parse(ModelYaml.Serialize(rule))!;
        Assert.Empty(admission.Decode(obj));
        Assert.Empty(admission.Validate(obj));

        // And the check notices a field the CRD does not have.
        var misspelled = (JsonObject)YamlJson.Parse(ModelYaml.Serialize(rule).Replace("annotations:", "anotations:", StringComparison.Ordinal))!;
        Assert.Contains(admission.Decode(misspelled), f => f.EndsWith(".anotations", StringComparison.Ordinal));
    }

    private static (int Exit, string Log) Run(string tool, string rules, Func<string, string[]> arguments)
    {
        var directory = Directory.CreateTempSubdirectory("alert-rules-");
        try
        {
            var path = Path.Combine(directory.FullName, "rules.yaml");
            File.WriteAllText(path, rules);
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = directory.FullName,
            };
            foreach (var argument in arguments(path))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} did not finish in 60s");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
