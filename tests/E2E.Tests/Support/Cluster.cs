using k8s;
using k8s.Autorest;
using SensorOperator.Api;

namespace SensorStack.E2ETests.Support;

/// <summary>
/// The cluster made by hack/kind-up.sh, found through $KUBECONFIG. Without one the tests skip,
/// unless E2E_REQUIRED=true (hack/e2e.sh, the e2e workflow): then a missing cluster fails them.
/// </summary>
public static class Cluster
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IKubernetes? client;

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("E2E_REQUIRED"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? KubeconfigPath => Environment.GetEnvironmentVariable("KUBECONFIG");

    /// <summary>A client for the cluster; skips (or, when required, fails) the test when there is none.</summary>
    public static async Task<IKubernetes> ConnectAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            client ??= await TryConnectAsync();
            return client;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IKubernetes> TryConnectAsync()
    {
        var path = KubeconfigPath;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            Unavailable($"KUBECONFIG is {(string.IsNullOrEmpty(path) ? "not set" : $"'{path}', which does not exist")}; run hack/kind-up.sh and export the KUBECONFIG it prints");
        }

        var candidate = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await candidate.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{V1Alpha1SensorStack.Plural}.{V1Alpha1SensorStack.Group}", cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or HttpOperationException or OperationCanceledException)
        {
            candidate.Dispose();
            Unavailable($"the cluster in {path} is unreachable or has no SensorStack CRD ({e.Message}); run hack/kind-up.sh");
        }

        return candidate;
    }

    private static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail($"E2E_REQUIRED=true but {reason}");
        }

        Assert.Skip(reason);
    }
}
