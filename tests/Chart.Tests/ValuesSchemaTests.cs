using System.Text.Json;
using System.Text.RegularExpressions;
using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>A bad value fails `helm template` (and so `helm install`) with a message naming it.</summary>
public class ValuesSchemaTests
{
    public static TheoryData<string, string> BadValues() => new()
    {
        { "stack.memoryBudget=lots", "stack.memoryBudget" },
        { "stack.scrapeInterval=5", "stack.scrapeInterval" },
        { "stack.memorybudget=1Gi", "memorybudget" },
        { "stack.name=Not_A_Name", "stack.name" },
        { "image.pullPolicy=Sometimes", "image.pullPolicy" },
        { "image.digest=latest", "image.digest" },
        { "replicaCount=0", "replicaCount" },
        { "logLevel=loud", "logLevel" },
        { "observeInterval=soon", "observeInterval" },
        { "watchNamespace=Bad Namespace", "watchNamespace" },
        { "resources.limits.memory=300Mi", "resources.requests.memory (256Mi) must equal resources.limits.memory (300Mi)" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_with_a_message_naming_it(string set, string expectedInMessage)
    {
        var result = Chart.Helm(Chart.TemplateArguments(null, "sensor-stack", [set]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expectedInMessage, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stack_name_limit_is_the_one_the_crd_enforces()
    {
        var crd = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml"));
        var rule = Regex.Match(crd, @"size\(self\.metadata\.name\) <= (\d+)");
        Assert.True(rule.Success, "the CRD has no metadata.name length rule");
        var crdLimit = int.Parse(rule.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Chart.Directory, "values.schema.json")));

        var chartLimit = schema.RootElement.GetProperty("properties").GetProperty("stack").GetProperty("properties").GetProperty("name").GetProperty("maxLength").GetInt32();

        Assert.Equal(crdLimit, chartLimit);
        var tooLong = Chart.Helm(Chart.TemplateArguments(null, "sensor-stack", ["stack.enabled=true", "stack.name=s" + new string('x', crdLimit)]));
        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("stack.name", tooLong.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_refuses_a_bad_value_too()
    {
        var result = Chart.Helm("lint", "--strict", Chart.Directory, "--set", "stack.memoryBudget=lots");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("stack.memoryBudget", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_one_replica_without_leader_election_is_refused()
    {
        var result = Chart.Helm(Chart.TemplateArguments(null, "sensor-stack", ["replicaCount=2", "leaderElection.enabled=false"]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("leaderElection.enabled is false", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_in_values_yaml_is_commented()
    {
        // Each key line follows a comment line; exceptions: section headers ("image:") whose keys are
        // commented, and the standard Kubernetes fields inside a commented "resources:" block.
        var lines = File.ReadAllLines(Path.Combine(Chart.Directory, "values.yaml"));
        var uncommented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('-') || !trimmed.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var previous = i > 0 ? lines[i - 1].TrimStart() : "";
            var opensSection = trimmed.EndsWith(':');
            var parentIsResources = IsInside(lines, i, "resources:");
            if (!previous.StartsWith('#') && !opensSection && !parentIsResources)
            {
                uncommented.Add($"line {i + 1}: {line}");
            }
        }

        Assert.True(uncommented.Count == 0, "values without a comment:\n" + string.Join('\n', uncommented));
    }

    // requests/limits entries under a commented "resources:" are standard Kubernetes fields.
    private static bool IsInside(string[] lines, int index, string section)
    {
        var indent = lines[index].Length - lines[index].TrimStart().Length;
        for (var i = index - 1; i >= 0; i--)
        {
            var trimmed = lines[i].TrimStart();
            var lineIndent = lines[i].Length - trimmed.Length;
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || lineIndent >= indent)
            {
                continue;
            }

            if (trimmed == section)
            {
                return true;
            }

            indent = lineIndent;
        }

        return false;
    }
}
