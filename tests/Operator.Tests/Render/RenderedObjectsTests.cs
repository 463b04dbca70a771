using System.Diagnostics;
using k8s;
using k8s.Models;
using SensorOperator.Planning;
using SensorOperator.Tests.Api;
using SensorStack.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SensorOperator.Tests.Render;

public class RenderedObjectsTests
{
    private static readonly Dictionary<string, Type> Models = new()
    {
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["operator.victoriametrics.com/v1beta1/VMServiceScrape"] = typeof(V1Beta1VMServiceScrape),
        ["operator.victoriametrics.com/v1beta1/VMRule"] = typeof(V1Beta1VMRule),
    };

    public static TheoryData<string> FeasibleSamples() => ["minimal.yaml", "default.yaml", "explicit-limits.yaml", "alerting.yaml"];

    /// <summary>The rendered YAML split into documents, each with its apiVersion/kind.</summary>
    private static List<(string Key, string Yaml)> Documents(string output)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return stream.Documents.Select(d =>
        {
            var root = (YamlMappingNode)d.RootNode;
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
            return ($"{root["apiVersion"]}/{root["kind"]}", writer.ToString());
        }).ToList();
    }

    [Theory]
    [MemberData(nameof(FeasibleSamples))]
    public void Every_rendered_object_deserializes_strictly_into_its_model(string sample)
    {
        var result = RenderRunner.Run("-f", Samples.PathOf(sample), "--service-scrape", "--vm-rule");
        Assert.Equal(0, result.ExitCode);
        var documents = Documents(result.Output);
        Assert.Contains(documents, d => d.Key.EndsWith("/VMServiceScrape", StringComparison.Ordinal));
        foreach (var (key, yaml) in documents)
        {
            Assert.True(Models.TryGetValue(key, out var type), $"no model for {key}");
            var obj = Deserialize(yaml, type);
            Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(obj);
        }
    }

    [Fact]
    public void Strict_loading_would_catch_a_misspelled_field()
    {
        var result = RenderRunner.Run("-f", Samples.PathOf("default.yaml"));
        var (_, yaml) = Documents(result.Output).First(d => d.Key == "apps/v1/Deployment");
        var misspelled = yaml.Replace("readOnlyRootFilesystem", "readOnlyRootFileSystem", StringComparison.Ordinal);
        Assert.NotEqual(yaml, misspelled);
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => Deserialize(misspelled, typeof(V1Deployment)));
        Assert.Contains("readOnlyRootFileSystem", e.ToString());
    }

    [Theory]
    [MemberData(nameof(FeasibleSamples))]
    public void VictoriaMetrics_accepts_the_rendered_scrape_config(string sample)
    {
        var vm = RequiredTool.Find("victoria-metrics");
        var config = ScrapeConfig(sample);
        var (exit, log) = DryRun(vm, config);
        Assert.True(exit == 0, log);
    }

    [Fact]
    public void The_VictoriaMetrics_check_fails_on_a_broken_config()
    {
        // Proof that the check above can fail: VictoriaMetrics parses strictly.
        var vm = RequiredTool.Find("victoria-metrics");
        var broken = ScrapeConfig("default.yaml").Replace("metrics_path:", "metrics_paht:", StringComparison.Ordinal);
        var (exit, log) = DryRun(vm, broken);
        Assert.NotEqual(0, exit);
        Assert.Contains("metrics_paht", log);
    }

    private static string ScrapeConfig(string sample)
    {
        var result = RenderRunner.Run("-f", Samples.PathOf(sample));
        var (_, yaml) = Documents(result.Output).Single(d => d.Key == "v1/ConfigMap" && d.Yaml.Contains("scrape.yaml", StringComparison.Ordinal));
        return ModelYaml.Deserialize<V1ConfigMap>(yaml, strict: true).Data["scrape.yaml"];
    }

    private static (int Exit, string Log) DryRun(string vm, string config)
    {
        var directory = Directory.CreateTempSubdirectory("scrape-config-");
        try
        {
            var path = Path.Combine(directory.FullName, "scrape.yaml");
            File.WriteAllText(path, config);
            var start = new ProcessStartInfo(vm)
            {
                ArgumentList = { $"-promscrape.config={path}", "-promscrape.config.dryRun" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = directory.FullName,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("victoria-metrics -promscrape.config.dryRun did not finish in 60s");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static object Deserialize(string yaml, Type type) => ModelYaml.Deserialize(yaml, type, strict: true);
}
