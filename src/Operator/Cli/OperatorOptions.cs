using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SensorOperator.Cli;

/// <summary>The options of <c>sensor-operator run</c>, validated before anything starts.</summary>
public sealed partial record OperatorOptions : IValidatableObject
{
    /// <summary>The levels of <c>--log-level</c>, comma-separated: a constant, so the validation attribute can hold it.</summary>
    public const string LogLevelNames = "trace,debug,info,warn,error";

    public static readonly string[] LogLevels = LogLevelNames.Split(',');

    [ExistingFile]
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Namespace to watch; empty watches every namespace.</summary>
    public string Namespace { get; init; } = "";

    public bool LeaderElect { get; init; } = true;

    /// <summary>Namespace of the Lease; <see cref="FromEnvironment"/> takes $POD_NAMESPACE.</summary>
    public string LeaderElectionNamespace { get; init; } = "default";

    /// <summary>Port of /healthz, /readyz and /metrics; 0 picks a free port (tests).</summary>
    [IntBetween(0, 65535, "is not a port (0-65535)")]
    public int HttpPort { get; init; } = 8080;

    /// <summary>Address the HTTP endpoint binds to (all interfaces in a pod; loopback in tests).</summary>
    public string HttpAddress { get; init; } = "0.0.0.0";

    [AtLeast(100)] // sub-second intervals are for tests against a fake API server
    public TimeSpan ObserveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every child is applied with force, reverting edits of fields the operator owns.</summary>
    [AtLeast(1000)]
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(10);

    [Positive]
    public double Qps { get; init; } = 20;

    [IntBetween(1, int.MaxValue, "must be at least 1")]
    public int Burst { get; init; } = 40;

    [IntBetween(1, int.MaxValue, "must be at least 1")]
    public int MaxConcurrentReconciles { get; init; } = 4;

    [ImageReference]
    public string? SensorImage { get; init; }

    [OneOf(LogLevelNames)]
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
    public IReadOnlyList<string> Problems() =>
        new OperatorOptionsValidator().Validate(Options.DefaultName, this) is { Failed: true } result ? [.. result.Failures] : [];

    /// <summary>The rules that are not one property's own; the generated validator runs them after the attributes.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Namespace.Length > 0 && !DnsLabel().IsMatch(Namespace))
        {
            yield return new(OptionRuleAttribute.Invalid(nameof(Namespace), Namespace, "is not a valid namespace name"));
        }

        if (LeaderElect && !DnsLabel().IsMatch(LeaderElectionNamespace))
        {
            yield return new(OptionRuleAttribute.Invalid(nameof(LeaderElectionNamespace), LeaderElectionNamespace, "is not a valid namespace name"));
        }
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

/// <summary>Checks <see cref="OperatorOptions"/> (source-generated: the attributes, then <see cref="OperatorOptions.Validate"/>).</summary>
[OptionsValidator]
public sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>;
