using SensorOperator.Api;
using YamlDotNet.RepresentationModel;
using static SensorStack.BudgetReport.Planning.YamlNodes;

namespace SensorStack.BudgetReport.Planning;

/// <summary>The rendered promscrape config adapted to a local run: the sensor job with its interval,
/// path and labels, but its Kubernetes service discovery replaced by one static loopback target.</summary>
internal sealed record AdaptedScrapeConfig(
    string VictoriaMetricsYaml,
    string PrometheusYaml,
    string Job,
    TimeSpan Interval,
    IReadOnlyList<string> Dropped);

internal static class ScrapeConfigAdapter
{
    // Prometheus' own default when neither the job nor `global` sets an interval.
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>The operator writes intervals as Go durations; anything else is not its render.</summary>
    private static TimeSpan ParseInterval(string text) =>
        GoDuration.TryParse("scrape_interval", text, out var interval, out var error) ? interval : throw new PlanException(error);

    // Keys of a scrape config that Prometheus 2.x accepts; anything else is a VictoriaMetrics
    // extension the baseline would reject at start-up.
    private static readonly HashSet<string> PrometheusJobKeys =
    [
        "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme", "honor_labels",
        "honor_timestamps", "params", "sample_limit", "label_limit", "label_name_length_limit",
        "label_value_length_limit", "target_limit", "body_size_limit", "relabel_configs",
        "metric_relabel_configs", "static_configs",
    ];

    private static readonly HashSet<string> PrometheusGlobalKeys =
        ["scrape_interval", "scrape_timeout", "evaluation_interval", "external_labels"];

    /// <summary>
    /// The job that discovers the sensor through Kubernetes (kubernetes_sd_configs) gets
    /// <paramref name="target"/> as its only static target; its relabel rules that read discovery
    /// labels (__meta_kubernetes_*) are dropped, since nothing is discovered, while the rest (fixed
    /// labels such as component) are kept. Jobs with static targets name in-cluster Services of
    /// components the local run does not start, so they are dropped.
    /// </summary>
    public static AdaptedScrapeConfig Adapt(string renderedYaml, string target)
    {
        var dropped = new List<string>();
        var vm = Load(renderedYaml);
        var renderedJobs = Jobs(vm);
        var jobs = (YamlSequenceNode)vm.Children[new YamlScalarNode("scrape_configs")];
        YamlMappingNode? sensorJob = null;
        foreach (var job in renderedJobs)
        {
            var name = Scalar(job, "job_name") ?? "(unnamed)";
            if (!job.Children.Remove(new YamlScalarNode("kubernetes_sd_configs")))
            {
                jobs.Children.Remove(job);
                dropped.Add($"job {name} (its targets are not started locally)");
                continue;
            }

            if (sensorJob is not null)
            {
                throw new PlanException("the scrape config has more than one job with Kubernetes discovery; expected only the sensor's");
            }

            sensorJob = job;
            if (job.Children.TryGetValue(new YamlScalarNode("relabel_configs"), out var relabel) && relabel is YamlSequenceNode rules)
            {
                foreach (var rule in rules.Children.OfType<YamlMappingNode>().Where(ReadsDiscoveryLabels).ToList())
                {
                    rules.Children.Remove(rule);
                    dropped.Add($"job {name}: relabel rule on {string.Join(", ", SourceLabels(rule))}");
                }

                if (rules.Children.Count == 0)
                {
                    job.Children.Remove(new YamlScalarNode("relabel_configs"));
                }
            }

            job.Children[new YamlScalarNode("static_configs")] = new YamlSequenceNode(
                new YamlMappingNode(new YamlScalarNode("targets"), new YamlSequenceNode(new YamlScalarNode(target))));
        }

        if (sensorJob is null)
        {
            throw new PlanException("the scrape config has no job with Kubernetes discovery, so none scrapes the sensor");
        }

        var jobName = Scalar(sensorJob, "job_name") ?? throw new PlanException("the sensor's scrape job has no job_name");
        var interval = Scalar(sensorJob, "scrape_interval") ?? Scalar(Mapping(vm, "global"), "scrape_interval");
        var vmYaml = Save(vm);

        var prometheus = Load(vmYaml);
        KeepOnly(Mapping(prometheus, "global"), PrometheusGlobalKeys, "global.", dropped);
        foreach (var job in Jobs(prometheus))
        {
            KeepOnly(job, PrometheusJobKeys, $"job {jobName}: ", dropped);
        }

        KeepOnly(prometheus, ["global", "scrape_configs"], "", dropped);
        return new AdaptedScrapeConfig(
            vmYaml,
            Save(prometheus),
            jobName,
            interval is null ? DefaultInterval : ParseInterval(interval),
            dropped.Distinct().ToList());
    }

    private static IEnumerable<string> SourceLabels(YamlMappingNode rule) =>
        rule.Children.TryGetValue(new YamlScalarNode("source_labels"), out var node) && node is YamlSequenceNode labels
            ? labels.Children.OfType<YamlScalarNode>().Select(l => l.Value ?? "")
            : [];

    private static bool ReadsDiscoveryLabels(YamlMappingNode rule) =>
        SourceLabels(rule).Any(l => l.StartsWith("__meta_", StringComparison.Ordinal));

    private static YamlMappingNode Load(string yaml)
    {
        var documents = YamlNodes.LoadAll(yaml, "the scrape config");
        return documents.Count == 1 && documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new PlanException("the scrape config is not one YAML mapping");
    }

    private static List<YamlMappingNode> Jobs(YamlMappingNode root)
    {
        var jobs = root.Children.TryGetValue(new YamlScalarNode("scrape_configs"), out var node) && node is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlMappingNode>().ToList()
            : [];
        return jobs.Count > 0 ? jobs : throw new PlanException("the scrape config has no scrape_configs");
    }

    private static void KeepOnly(YamlMappingNode? node, HashSet<string> keep, string prefix, List<string> dropped)
    {
        if (node is null)
        {
            return;
        }

        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Where(k => !keep.Contains(k.Value ?? "")).ToList())
        {
            node.Children.Remove(key);
            dropped.Add($"{prefix}{key.Value} (not a Prometheus setting)");
        }
    }
}
