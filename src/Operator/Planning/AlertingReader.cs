using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>
/// spec.alerting with its defaults, checked as the CRD's schema and CEL rules check it, so that
/// `render` and objects admitted by an older CRD get the same answer. The first bad field wins.
/// </summary>
internal static class AlertingReader
{
    public const int DefaultCpuPercent = 80;
    public const double DefaultIngestQueueRatio = 0.8;
    public const int DefaultMemoryPercent = 90;
    public const string DefaultFor = "5m";
    public const string DefaultScrapeDownFor = "2m";
    public const double MinimumIngestQueueRatio = 0.05;
    public static readonly TimeSpan MaximumFor = TimeSpan.FromHours(24);

    public static (ResolvedAlerting? Alerting, string? Field, string? Error) Read(AlertingSpec? spec, PlannerDefaults defaults)
    {
        var notifier = string.IsNullOrEmpty(spec?.NotifierUrl) ? null : spec.NotifierUrl;
        if (notifier is not null && !IsHttpUrl(notifier))
        {
            return Invalid("spec.alerting.notifierUrl", $"spec.alerting.notifierUrl: \"{notifier}\" must be an absolute http or https URL such as http://alertmanager.monitoring.svc:9093");
        }

        long? limit = null;
        if (!string.IsNullOrEmpty(spec?.MemoryLimit))
        {
            if (!Quantities.TryParseBytes("spec.alerting.memoryLimit", spec.MemoryLimit, out var bytes, out var error))
            {
                return Invalid("spec.alerting.memoryLimit", error);
            }

            if (bytes < MemoryPolicy.MinimumContainerLimit)
            {
                return Invalid("spec.alerting.memoryLimit", $"spec.alerting.memoryLimit: \"{spec.MemoryLimit}\" is below the smallest container limit of {Quantities.Format(MemoryPolicy.MinimumContainerLimit)}");
            }

            limit = bytes;
        }

        var cpu = spec?.CpuPercent ?? DefaultCpuPercent;
        if (cpu is < 1 or > 100)
        {
            return Invalid("spec.alerting.cpuPercent", $"spec.alerting.cpuPercent: {cpu} must be between 1 and 100");
        }

        var memory = spec?.MemoryPercent ?? DefaultMemoryPercent;
        if (memory is < 1 or > 100)
        {
            return Invalid("spec.alerting.memoryPercent", $"spec.alerting.memoryPercent: {memory} must be between 1 and 100");
        }

        var ratio = spec?.IngestQueueRatio ?? DefaultIngestQueueRatio;
        if (!double.IsFinite(ratio) || ratio < MinimumIngestQueueRatio || ratio > 1)
        {
            return Invalid("spec.alerting.ingestQueueRatio", $"spec.alerting.ingestQueueRatio: {ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be between {MinimumIngestQueueRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)} and 1");
        }

        var (pending, forError) = BoundedDuration.Read("spec.alerting.for", spec?.For, DefaultFor, TimeSpan.Zero, MaximumFor);
        if (forError is not null)
        {
            return Invalid("spec.alerting.for", forError);
        }

        var (scrapeDown, scrapeDownError) = BoundedDuration.Read("spec.alerting.scrapeDownFor", spec?.ScrapeDownFor, DefaultScrapeDownFor, TimeSpan.Zero, MaximumFor);
        if (scrapeDownError is not null)
        {
            return Invalid("spec.alerting.scrapeDownFor", scrapeDownError);
        }

        return (new ResolvedAlerting
        {
            Enabled = spec?.Enabled ?? false,
            NotifierUrl = notifier,
            Image = string.IsNullOrWhiteSpace(spec?.Image) ? defaults.VmAlertImage : spec.Image,
            Limit = limit,
            CpuPercent = cpu,
            IngestQueueRatio = ratio,
            MemoryPercent = memory,
            For = pending,
            ScrapeDownFor = scrapeDown,
        }, null, null);
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static (ResolvedAlerting?, string?, string?) Invalid(string field, string error) => (null, field, error);
}
