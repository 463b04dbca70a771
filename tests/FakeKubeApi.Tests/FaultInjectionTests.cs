using System.Net;
using k8s;
using k8s.Autorest;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Faults;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_script_answers_the_next_matching_requests_in_order()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.Faults.Script("create", "configmaps", 409, 0, 500);

        var first = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct));
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        var third = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct));
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d"), "default", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.Conflict, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, third.Response.StatusCode);
        Assert.Equal(["b", "d"], api.List("configmaps").Select(NameOf));
        Assert.Equal(2, api.Faults.Injected);
    }

    [Fact]
    public async Task Throttling_answers_429_with_Retry_After_and_changes_nothing()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.Faults.Add(new FaultRule { Verbs = "create", StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(3), Limit = 1 });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        using var content = new StringContent(TestJson.Serialize(ConfigMap("a")), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/v1/namespaces/default/configmaps", content, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Empty(api.List("configmaps"));
        Assert.Equal(1, api.Requests.Count("create", "configmaps", 429));
    }

    [Fact]
    public async Task A_rate_fails_about_that_share_of_matching_requests_only()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.Faults.Add(new FaultRule { Verbs = "get", Resource = "configmaps", StatusCode = 503, Rate = 0.2 });
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);

        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: Ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                failures++;
            }
        }

        await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        Assert.InRange(failures, 20, 60);
        Assert.Equal(failures, api.Requests.Count("get", "configmaps", 503));
        Assert.Equal(1, api.Requests.Count("list", "configmaps", 200));
    }

    [Fact]
    public async Task Delays_hold_requests_back_without_failing_them()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.Faults.Add(new FaultRule { Verbs = "list", Delay = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;

        await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(290));
        Assert.Equal(0, api.Faults.Injected);
    }

    [Fact]
    public async Task A_rule_for_a_resource_covers_its_status_subresource()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "default", cancellationToken: Ct);
        api.Faults.Add(new FaultRule { Verbs = "patch", Resource = "deployments.apps", StatusCode = 500 });

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new k8s.Models.V1Patch("""{"status":{"replicas":1}}""", k8s.Models.V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, e.Response.StatusCode);
        Assert.Equal(1, api.Requests.Count("patch", "deployments.apps/status", 500));
    }
}
