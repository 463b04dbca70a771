using System.Text.RegularExpressions;
using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>
/// Applies defaults and parses every field of a SensorStack, mirroring the CRD's schema and CEL
/// rules: `render` and objects that bypassed admission (an older CRD) get the same answers. The
/// first bad field wins and is named in the failure.
/// </summary>
internal static partial class SpecReader
{
    public const string DefaultScrapeInterval = "30s";
    public const string DefaultRetention = "1d";
    public const string DefaultNamespace = "default";
    public static readonly TimeSpan MinimumScrapeInterval = TimeSpan.FromSeconds(10);

    /// <summary>The longest child name suffix is "-grafana-datasources" (20): 43 + 20 = 63, the DNS label limit.</summary>
    public const int MaxStackNameLength = 43;

    // Service names are DNS-1035 labels: a lower-case letter first.
    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();

    public static (ResolvedSpec? Spec, InfeasiblePlan? Failure) Read(V1Alpha1SensorStack stack, PlannerDefaults defaults)
    {
        var name = stack.Metadata?.Name;
        if (string.IsNullOrEmpty(name) || name.Length > MaxStackNameLength || !Dns1035Label().IsMatch(name))
        {
            return Invalid("metadata.name", $"metadata.name: \"{name}\" must be a DNS label of at most {MaxStackNameLength} characters starting with a letter (children are named <name>-grafana-datasources etc. and must stay within 63)");
        }

        var spec = stack.Spec ?? new SensorStackSpec();
        if (!Quantities.TryParseBytes("spec.memoryBudget", spec.MemoryBudget, out var budget, out var error))
        {
            return Invalid("spec.memoryBudget", error);
        }

        var intervalText = string.IsNullOrEmpty(spec.ScrapeInterval) ? DefaultScrapeInterval : spec.ScrapeInterval;
        if (!GoDuration.TryParse("spec.scrapeInterval", intervalText, out var interval, out error))
        {
            return Invalid("spec.scrapeInterval", error);
        }

        if (interval < MinimumScrapeInterval)
        {
            return Invalid("spec.scrapeInterval", $"spec.scrapeInterval: \"{intervalText}\" is shorter than the minimum of 10s");
        }

        var replicas = spec.Sensor?.Replicas ?? 1;
        if (replicas < 1 || replicas > MemoryPolicy.MaxReplicas)
        {
            return Invalid("spec.sensor.replicas", $"spec.sensor.replicas: {replicas} must be between 1 and {MemoryPolicy.MaxReplicas}");
        }

        var retention = string.IsNullOrEmpty(spec.VictoriaMetrics?.Retention) ? DefaultRetention : spec.VictoriaMetrics.Retention;
        if (!RetentionPeriod.TryParse("spec.victoriaMetrics.retention", retention, out _, out error))
        {
            return Invalid("spec.victoriaMetrics.retention", error);
        }

        var limits = new long?[3];
        string?[] fields = ["spec.sensor.memoryLimit", "spec.victoriaMetrics.memoryLimit", "spec.grafana.memoryLimit"];
        string?[] texts = [spec.Sensor?.MemoryLimit, spec.VictoriaMetrics?.MemoryLimit, spec.Grafana?.MemoryLimit];
        for (var i = 0; i < 3; i++)
        {
            if (string.IsNullOrEmpty(texts[i]))
            {
                continue;
            }

            if (!Quantities.TryParseBytes(fields[i]!, texts[i], out var limit, out error))
            {
                return Invalid(fields[i]!, error);
            }

            if (limit < MemoryPolicy.MinimumContainerLimit)
            {
                return Invalid(fields[i]!, $"{fields[i]}: \"{texts[i]}\" is below the smallest container limit of {Quantities.Format(MemoryPolicy.MinimumContainerLimit)}");
            }

            limits[i] = limit;
        }

        var (alerting, alertingField, alertingError) = AlertingReader.Read(spec.Alerting, defaults);
        if (alerting is null)
        {
            return Invalid(alertingField!, alertingError!);
        }

        var (autopilot, autopilotField, autopilotError) = AutopilotReader.Read(spec.Autopilot);
        if (autopilot is null)
        {
            return Invalid(autopilotField!, autopilotError!);
        }

        return (new ResolvedSpec
        {
            StackName = name,
            Namespace = string.IsNullOrEmpty(stack.Metadata!.NamespaceProperty) ? DefaultNamespace : stack.Metadata.NamespaceProperty,
            Uid = stack.Metadata.Uid,
            BudgetBytes = budget,
            ScrapeInterval = interval,
            SensorImage = OrDefault(spec.Sensor?.Image, defaults.SensorImage),
            SensorLimit = limits[0],
            SensorReplicas = replicas,
            VictoriaMetricsImage = OrDefault(spec.VictoriaMetrics?.Image, defaults.VictoriaMetricsImage),
            VictoriaMetricsLimit = limits[1],
            Retention = retention,
            GrafanaEnabled = spec.Grafana?.Enabled ?? false,
            GrafanaImage = OrDefault(spec.Grafana?.Image, defaults.GrafanaImage),
            GrafanaLimit = limits[2],
            Alerting = alerting,
            Autopilot = autopilot,
        }, null);
    }

    private static string OrDefault(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static (ResolvedSpec?, InfeasiblePlan?) Invalid(string field, string message) =>
        (null, new InfeasiblePlan(ConditionReasons.InvalidSpec, message, field));
}
