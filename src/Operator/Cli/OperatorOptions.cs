using System.Text.RegularExpressions;

namespace SensorOperator.Cli;

/// <summary>The options of <c>sensor-operator run</c>, validated before anything starts.</summary>
public sealed partial record OperatorOptions
{
    public static readonly string[] LogLevels = ["trace", "debug", "info", "warn", "error"];

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Namespace to watch; empty watches every namespace.</summary>
    public string Namespace { get; init; } = "";

    public bool LeaderElect { get; init; } = true;

    /// <summary>Namespace of the Lease; <see cref="FromEnvironment"/> takes $POD_NAMESPACE.</summary>
    public string LeaderElectionNamespace { get; init; } = "default";

    /// <summary>Port of /healthz, /readyz and /metrics; 0 picks a free port (tests).</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>Address the HTTP endpoint binds to (all interfaces in a pod; loopback in tests).</summary>
    public string HttpAddress { get; init; } = "0.0.0.0";

    public TimeSpan ObserveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every child is applied with force, reverting edits of fields the operator owns.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(10);

    public double Qps { get; init; } = 20;

    public int Burst { get; init; } = 40;

    public int MaxConcurrentReconciles { get; init; } = 4;

    public string? SensorImage { get; init; }

    public string LogLevel { get; init; } = "info";

    /// <summary>Leader identity (and the reporting instance of Events): the host name; <see cref="FromEnvironment"/> takes $POD_NAME.</summary>
    public string Identity { get; init; } = Environment.MachineName;

    public const string LeaseName = "sensor-operator-leader";

    public const string FieldManager = "sensor-operator";

    /// <summary>Lease timing (client-go defaults); tests shorten them.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Server-side timeout of each watch request.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the cluster is asked again whether it serves VMServiceScrapes.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Every problem with these options, each naming the option and the offending value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HttpPort is < 0 or > 65535)
        {
            errors.Add($"--http-port: {HttpPort} is not a port (0-65535)");
        }

        // Sub-second intervals are for tests against a fake API server; a cluster wants seconds.
        if (ObserveInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"--observe-interval: {Api.GoDuration.Format(ObserveInterval)} is too short (at least 100ms)");
        }

        if (ResyncInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"--resync-interval: {Api.GoDuration.Format(ResyncInterval)} is too short (at least 1s)");
        }

        if (!(Qps > 0) || double.IsInfinity(Qps))
        {
            errors.Add($"--qps: {Qps} must be a positive number");
        }

        if (Burst < 1)
        {
            errors.Add($"--burst: {Burst} must be at least 1");
        }

        if (MaxConcurrentReconciles < 1)
        {
            errors.Add($"--max-concurrent-reconciles: {MaxConcurrentReconciles} must be at least 1");
        }

        if (Namespace.Length > 0 && !DnsLabel().IsMatch(Namespace))
        {
            errors.Add($"--namespace: \"{Namespace}\" is not a valid namespace name");
        }

        if (LeaderElect && !DnsLabel().IsMatch(LeaderElectionNamespace))
        {
            errors.Add($"--leader-election-namespace: \"{LeaderElectionNamespace}\" is not a valid namespace name");
        }

        if (SensorImage is not null && (SensorImage.Length == 0 || SensorImage.Any(char.IsWhiteSpace)))
        {
            errors.Add($"--sensor-image: \"{SensorImage}\" is not an image reference");
        }

        if (!LogLevels.Contains(LogLevel))
        {
            errors.Add($"--log-level: \"{LogLevel}\" is not one of {string.Join(", ", LogLevels)}");
        }

        if (Kubeconfig is { Length: > 0 } path && !File.Exists(path))
        {
            errors.Add($"--kubeconfig: \"{path}\" does not exist");
        }

        return errors;
    }

    /// <summary>
    /// The defaults of a process in a pod: the chart passes the pod's name and namespace (downward
    /// API) as $POD_NAME and $POD_NAMESPACE. Read here, once, rather than in property initialisers,
    /// so options built by code (tests, hosts) never depend on the environment they run in.
    /// </summary>
    public static OperatorOptions FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        var defaults = new OperatorOptions();
        return defaults with
        {
            LeaderElectionNamespace = variable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : defaults.LeaderElectionNamespace,
            Identity = variable("POD_NAME") is { Length: > 0 } pod ? pod : defaults.Identity,
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
