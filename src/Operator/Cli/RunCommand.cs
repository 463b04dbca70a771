using System.CommandLine;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Hosting;
using SensorOperator.Api;

namespace SensorOperator.Cli;

/// <summary>
/// <c>sensor-operator run</c>: runs the operator until SIGTERM. Options are checked before anything
/// connects; a bad one stops it with a message naming the option and the value (exit 2).
/// </summary>
public static class RunCommand
{
    /// <summary>Exit code for invalid options or an unusable Kubernetes configuration.</summary>
    public const int InvalidUsage = 2;

    public static Command Create()
    {
        var defaults = OperatorOptions.FromEnvironment();
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Path to a kubeconfig file. Default: the in-cluster service account, else $KUBECONFIG or ~/.kube/config.",
        };
        var context = new Option<string?>("--context")
        {
            Description = "kubeconfig context to use (default: the file's current context).",
        };
        var @namespace = new Option<string>("--namespace", "-n")
        {
            Description = "Only reconcile SensorStacks in this namespace (default: empty = every namespace).",
            DefaultValueFactory = _ => "",
        };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Hold a Lease so that only one replica reconciles: true (default) or false (for a single local run).",
            DefaultValueFactory = _ => true,
        };
        var leaderNamespace = new Option<string>("--leader-election-namespace")
        {
            Description = "Namespace of the Lease \"" + OperatorOptions.LeaseName + "\" (default: $POD_NAMESPACE, else \"default\").",
            DefaultValueFactory = _ => defaults.LeaderElectionNamespace,
        };
        var httpPort = new Option<int>("--http-port")
        {
            Description = "Port serving /healthz, /readyz (ready once caches are synced) and /metrics (Prometheus).",
            DefaultValueFactory = _ => defaults.HttpPort,
        };
        var observeInterval = new Option<string>("--observe-interval")
        {
            Description = "How often each SensorStack's memory use is observed and its status refreshed (Go duration, at least 100ms).",
            DefaultValueFactory = _ => GoDuration.Format(defaults.ObserveInterval),
        };
        var resyncInterval = new Option<string>("--resync-interval")
        {
            Description = "How often every child is applied with force, so edits of fields the operator owns are reverted (Go duration, at least 1s).",
            DefaultValueFactory = _ => GoDuration.Format(defaults.ResyncInterval),
        };
        var qps = new Option<double>("--qps")
        {
            Description = "Client-side limit on Kubernetes API requests per second (sustained; watches and Lease renewals excluded).",
            DefaultValueFactory = _ => defaults.Qps,
        };
        var burst = new Option<int>("--burst")
        {
            Description = "Requests allowed in a burst above --qps.",
            DefaultValueFactory = _ => defaults.Burst,
        };
        var workers = new Option<int>("--max-concurrent-reconciles")
        {
            Description = "SensorStacks reconciled at once (never the same one twice at once).",
            DefaultValueFactory = _ => defaults.MaxConcurrentReconciles,
        };
        var sensorImage = new Option<string?>("--sensor-image")
        {
            Description = "Sensor image for stacks that do not set spec.sensor.image (default: " + Planning.PlannerDefaults.DefaultSensorImage + ").",
        };
        var logLevel = new Option<string>("--log-level")
        {
            Description = "Log level: " + string.Join(", ", OperatorOptions.LogLevels) + ".",
            DefaultValueFactory = _ => defaults.LogLevel,
        };
        logLevel.AcceptOnlyFromAmong(OperatorOptions.LogLevels);
        foreach (var duration in new[] { observeInterval, resyncInterval })
        {
            duration.Validators.Add(result =>
            {
                if (!GoDuration.TryParse(duration.Name, result.GetValueOrDefault<string>(), out _, out var error))
                {
                    result.AddError(error);
                }
            });
        }

        var command = new Command("run", "Run the operator: reconcile SensorStacks into budgeted sensor, VictoriaMetrics and Grafana workloads.")
        {
            kubeconfig, context, @namespace, leaderElect, leaderNamespace, httpPort, observeInterval, resyncInterval, qps, burst, workers, sensorImage, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = GoDuration.TryParse("--observe-interval", parse.GetValue(observeInterval), out var interval, out _);
            _ = GoDuration.TryParse("--resync-interval", parse.GetValue(resyncInterval), out var resync, out _);
            var options = defaults with
            {
                Kubeconfig = parse.GetValue(kubeconfig),
                Context = parse.GetValue(context),
                Namespace = parse.GetValue(@namespace) ?? "",
                LeaderElect = parse.GetValue(leaderElect),
                LeaderElectionNamespace = parse.GetValue(leaderNamespace) ?? defaults.LeaderElectionNamespace,
                HttpPort = parse.GetValue(httpPort),
                ObserveInterval = interval,
                ResyncInterval = resync,
                Qps = parse.GetValue(qps),
                Burst = parse.GetValue(burst),
                MaxConcurrentReconciles = parse.GetValue(workers),
                SensorImage = parse.GetValue(sensorImage),
                LogLevel = parse.GetValue(logLevel) ?? defaults.LogLevel,
            };
            return await RunAsync(options, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(OperatorOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.Problems() is { Count: > 0 } errors)
        {
            foreach (var message in errors)
            {
                await error.WriteLineAsync($"run: {message}");
            }

            return InvalidUsage;
        }

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubeConfiguration.Load(options.Kubeconfig, options.Context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"run: cannot load a Kubernetes configuration: {e.Message}");
            return InvalidUsage;
        }

        using var host = OperatorHost.Build(options, configuration);
        await host.RunAsync(cancellationToken);
        return 0;
    }

}
