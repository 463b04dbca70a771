using System.CommandLine;
using System.Net;
using System.Text.Json;
using k8s;
using ControllerMachinery;
using k8s.Exceptions;
using SensorOperator.Api;

namespace SensorOperator.Cli;

/// <summary>
/// <c>sensor-operator wait --name NAME [--namespace NS] [--timeout 5m] [--kubeconfig PATH] [--context NAME]</c>: exits 0
/// once the SensorStack's Ready condition is True for its current generation, and non-zero with the
/// last seen condition when the timeout passes first. The chart's <c>helm test</c> hook runs it, so
/// the operator image can test itself without a kubectl image.
/// </summary>
/// <remarks>
/// The object is read as plain JSON through the custom-objects API rather than the typed model: the
/// command only needs <c>metadata.generation</c> and <c>status.conditions</c>, and it keeps working
/// against a CRD version whose other fields this build does not know.
/// </remarks>
public static class WaitCommand
{
    /// <summary>Exit code when the stack did not become Ready in time.</summary>
    public const int TimedOut = 1;

    /// <summary>Exit code when waiting cannot succeed (no permission, bad kubeconfig).</summary>
    public const int Failed = 2;

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    public static Command Create() => Create(DefaultPollInterval);

    /// <summary>Builds the command; tests pass a short <paramref name="pollInterval"/>.</summary>
    internal static Command Create(TimeSpan pollInterval)
    {
        var name = new Option<string>("--name")
        {
            Description = "Name of the SensorStack to wait for.",
            Required = true,
        };
        var @namespace = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace of the SensorStack (default: $POD_NAMESPACE, else \"default\").",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "default",
        };
        // A string option validated at parse time, so --help shows the Go form ("5m") as the default.
        var timeout = new Option<string>("--timeout")
        {
            Description = "How long to wait, as a Go duration (30s, 5m, 1h).",
            DefaultValueFactory = _ => "5m",
        };
        timeout.Validators.Add(result =>
        {
            if (ParseTimeout(result.GetValueOrDefault<string>(), out _) is { } error)
            {
                result.AddError(error);
            }
        });
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Path to a kubeconfig file (default: in-cluster config, else $KUBECONFIG or ~/.kube/config).",
        };
        var context = new Option<string?>("--context")
        {
            Description = "kubeconfig context to use (default: the file's current context).",
        };

        var command = new Command("wait", "Wait until a SensorStack reports Ready=True; exit 1 with its last condition on timeout.")
        {
            name, @namespace, timeout, kubeconfig, context,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(name),
            parse.GetRequiredValue(@namespace),
            ParseTimeout(parse.GetRequiredValue(timeout), out var duration) is null ? duration : throw new InvalidOperationException("--timeout was validated"),
            parse.GetValue(kubeconfig),
            parse.GetValue(context),
            pollInterval,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Parses a positive Go duration; returns the error message, or null when valid.</summary>
    private static string? ParseTimeout(string? text, out TimeSpan duration)
    {
        if (!GoDuration.TryParse("--timeout", text, out duration, out var error))
        {
            return error;
        }

        return duration > TimeSpan.Zero ? null : $"--timeout: \"{text}\" must be positive";
    }

    private static async Task<int> RunAsync(
        string name, string @namespace, TimeSpan timeout, string? kubeconfig, string? context, TimeSpan pollInterval,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        KubeApiClient client;
        try
        {
            client = KubeApiClient.Create(KubeConfiguration.Load(kubeconfig, context));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"wait: cannot load a Kubernetes configuration: {e.Message}").ConfigureAwait(false);
            return Failed;
        }

        using (client)
        {
            return await WaitAsync(client, name, @namespace, timeout, pollInterval, output, error, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> WaitAsync(
        KubeApiClient client, string name, string @namespace, TimeSpan timeout, TimeSpan pollInterval,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var target = $"sensorstack {@namespace}/{name}";
        string? lastReported = null;

        while (true)
        {
            string state;
            try
            {
                var obj = await client.GetAsync(
                    ResourceType.Of<V1Alpha1SensorStack>(), new ObjectKey(@namespace, name), KubeApiClient.RawJson, deadline.Token).ConfigureAwait(false);
                var readiness = ReadinessOf(obj);
                if (readiness.IsReady)
                {
                    await output.WriteLineAsync($"{target} is Ready: {readiness.Describe()}").ConfigureAwait(false);
                    return 0;
                }

                state = readiness.Describe();
            }
            catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                // Waiting longer cannot help: the identity may not read SensorStacks.
                await error.WriteLineAsync($"wait: not allowed to read {target}: {e.Message}").ConfigureAwait(false);
                return Failed;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                state = "not found (yet)";
            }
            catch (KubeApiException e)
            {
                state = $"API server answered {(int)e.StatusCode}: {e.Message}";
            }
            catch (HttpRequestException e)
            {
                state = $"API server unreachable: {e.Message}";
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                state = lastReported ?? "no answer from the API server";
            }

            if (state != lastReported)
            {
                await output.WriteLineAsync($"{target}: {state}").ConfigureAwait(false);
                lastReported = state;
            }

            try
            {
                await Task.Delay(pollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The timeout passed: report the last state instead of an exception.
            }

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await error.WriteLineAsync($"wait: {target} not Ready after {GoDuration.Format(timeout)}; last state: {state}").ConfigureAwait(false);
                return TimedOut;
            }
        }
    }

    /// <summary>
    /// Reads the Ready condition of a SensorStack object. A True condition counts only when it was
    /// written for the object's current generation, so a stack that was Ready before a spec change
    /// is not reported Ready until the operator has caught up with that change.
    /// </summary>
    internal static Readiness ReadinessOf(JsonElement stack)
    {
        var generation = stack.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("generation", out var g) && g.TryGetInt64(out var gen)
            ? gen
            : (long?)null;
        if (!stack.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return new Readiness(false, null, null, null, "no status yet");
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (Text(condition, "type") != ConditionTypes.Ready)
            {
                continue;
            }

            var observed = condition.TryGetProperty("observedGeneration", out var o) && o.TryGetInt64(out var og) ? og : (long?)null;
            var conditionStatus = Text(condition, "status");
            var reason = Text(condition, "reason");
            var message = Text(condition, "message");
            if (generation is not null && observed is not null && observed < generation)
            {
                return new Readiness(false, conditionStatus, reason, message, $"Ready condition is for generation {observed}, the spec is at {generation}");
            }

            return new Readiness(conditionStatus == "True", conditionStatus, reason, message, null);
        }

        return new Readiness(false, null, null, null, "no Ready condition yet");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed record Readiness(bool IsReady, string? Status, string? Reason, string? Message, string? Note)
    {
        public string Describe() => Note ?? $"Ready={Status} ({Reason}{(string.IsNullOrEmpty(Message) ? "" : ": " + Message)})";
    }
}
