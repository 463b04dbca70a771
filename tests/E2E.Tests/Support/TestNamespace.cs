using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorOperator.Api;
using SensorStack.Testing;

namespace SensorStack.E2ETests.Support;

/// <summary>
/// A namespace of its own for one test, enforcing the restricted Pod Security profile (so every
/// pod the operator creates must meet it). When the test fails, the namespace's SensorStacks,
/// events, pod logs, `kubectl describe` output and the operator's log are written to the test
/// output and to artifacts/e2e/dumps/; then the namespace is deleted (see <see cref="ClusterTest"/>).
/// </summary>
public sealed class TestNamespace
{
    private const string OperatorNamespace = "sensor-system";

    private ControllerMachinery.KubeApiClient? api;

    private TestNamespace(IKubernetes client, string name)
    {
        Client = client;
        Name = name;
    }

    public IKubernetes Client { get; }

    /// <summary>The machinery's request seam over the same client, for SensorStacks (the Aot client's typed calls cannot serialize them).</summary>
    public ControllerMachinery.KubeApiClient Api => api ??= ControllerMachinery.KubeApiClient.Create(
        KubernetesClientConfiguration.BuildConfigFromConfigFile(Cluster.KubeconfigPath));

    public string Name { get; }

    public static async Task<TestNamespace> CreateAsync(string prefix)
    {
        var client = await Cluster.ConnectAsync();
        var name = $"e2e-{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["pod-security.kubernetes.io/enforce"] = "restricted",
                    ["pod-security.kubernetes.io/enforce-version"] = "latest",
                    ["app.kubernetes.io/part-of"] = "sensor-stack-e2e",
                },
            },
        }, cancellationToken: TestContext.Current.CancellationToken);
        return new TestNamespace(client, name);
    }

    /// <summary>Deletes the namespace; first dumps its state when <paramref name="dumpFirst"/> (a failed test).</summary>
    public async Task CleanUpAsync(bool dumpFirst)
    {
        if (dumpFirst)
        {
            await DumpAsync();
        }

        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(Name, new V1DeleteOptions { PropagationPolicy = "Background" });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone (a test may delete its namespace itself).
        }
    }

    private async Task DumpAsync()
    {
        var dump = new StringBuilder();
        dump.AppendLine($"===== diagnostics for namespace {Name} =====");
        await Section(dump, "SensorStacks", async ct =>
        {
            var list = await Api.ListAsync(
                ControllerMachinery.ResourceType.Of<V1Alpha1SensorStack>(), Name, new ControllerMachinery.ListOptions(), ControllerMachinery.KubeApiClient.RawJson, ct);
            return list.ToString();
        });
        await Section(dump, "events", async ct =>
        {
            var events = await Client.CoreV1.ListNamespacedEventAsync(Name, cancellationToken: ct);
            return string.Join('\n', events.Items.OrderBy(e => e.LastTimestamp ?? e.EventTime).Select(e =>
                $"{e.LastTimestamp:O} {e.Type} {e.Reason} {e.InvolvedObject.Kind}/{e.InvolvedObject.Name}: {e.Message}"));
        });
        await Section(dump, "pod logs", ct => LogsAsync(Name, null, ct));
        await Section(dump, "kubectl describe", _ => Task.FromResult(Describe()));
        await Section(dump, "operator log (last 200 lines)", ct => LogsAsync(OperatorNamespace, "app.kubernetes.io/component=operator", ct, tail: 200));

        var text = dump.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        var directory = Path.Combine(RepositoryRoot.Path, "artifacts", "e2e", "dumps");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{Name}.txt"), text);
    }

    private async Task<string> LogsAsync(string @namespace, string? selector, CancellationToken cancellationToken, int tail = 100)
    {
        var pods = await Client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken);
        var text = new StringBuilder();
        foreach (var pod in pods.Items)
        {
            foreach (var container in pod.Spec.Containers)
            {
                text.AppendLine($"--- {pod.Metadata.Name}/{container.Name} (phase {pod.Status?.Phase}) ---");
                try
                {
                    using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, @namespace, container: container.Name, tailLines: tail, cancellationToken: cancellationToken);
                    using var reader = new StreamReader(stream);
                    text.AppendLine(await reader.ReadToEndAsync(cancellationToken));
                }
                catch (HttpOperationException e)
                {
                    text.AppendLine($"(no log: {(int)e.Response.StatusCode} {e.Response.Content})");
                }
            }
        }

        return text.ToString();
    }

    private string Describe()
    {
        var kubectl = new[] { Path.Combine(RepositoryRoot.Path, ".tools", "bin", "kubectl") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "kubectl")))
            .FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            return "(kubectl not found: describe left out)";
        }

        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "describe", "sensorstacks,deployments,pods,services", "--namespace", Name })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
        }

        return output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult();
    }

    private static async Task Section(StringBuilder dump, string title, Func<CancellationToken, Task<string>> read)
    {
        dump.AppendLine($"----- {title} -----");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            dump.AppendLine(await read(timeout.Token));
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or IOException)
        {
            // A dump is best effort: say what could not be read and go on with the next section.
            dump.AppendLine($"(could not read {title}: {e.Message})");
        }
    }
}
