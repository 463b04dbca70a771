using System.Net;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

public sealed class ApiRequestHandlerTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/ns/configmaps", "list")]
    [InlineData("GET", "/api/v1/namespaces/ns/configmaps/x", "get")]
    [InlineData("GET", "/apis/apps/v1/deployments?labelSelector=a%3Db", "list")]
    [InlineData("GET", "/apis/apps/v1/namespaces/ns/deployments?watch=true&resourceVersion=5", "watch")]
    [InlineData("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods", "list")]
    [InlineData("GET", "/apis/operator.victoriametrics.com/v1beta1", "get")]
    [InlineData("PATCH", "/apis/sensorstack.io/v1alpha1/namespaces/ns/sensorstacks/a/status", "patch")]
    [InlineData("POST", "/api/v1/namespaces/ns/events", "create")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l", "update")]
    [InlineData("DELETE", "/api/v1/namespaces/ns/services/s", "delete")]
    public void Requests_are_named_by_their_Kubernetes_verb(string method, string path, string verb)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("http://127.0.0.1" + path));
        Assert.Equal(verb, ApiRequestHandler.Verb(request));
    }

    [Fact]
    public async Task Counts_requests_by_verb_and_code_and_rate_limits_all_but_watches()
    {
        var metrics = new ControllerMetrics("test_");
        using var limit = new ClientRateLimit(qps: 0.01, burst: 1);
        using var handler = new ApiRequestHandler(metrics, limit) { InnerHandler = new Answer(HttpStatusCode.Conflict) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1") };
        var ct = TestContext.Current.CancellationToken;

        using var first = await client.GetAsync(new Uri("/api/v1/namespaces/ns/pods/p", UriKind.Relative), ct);
        using var cancelSecond = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var second = client.GetAsync(new Uri("/api/v1/namespaces/ns/pods/p", UriKind.Relative), cancelSecond.Token);
        using var watch = await client.GetAsync(new Uri("/api/v1/pods?watch=true", UriKind.Relative), ct);
        Assert.False(second.IsCompleted); // the bucket is empty (one token per 100 s); the watch went through regardless

        await cancelSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(1, metrics.ApiRequests.WithLabels("get", "409").Value);
        Assert.Equal(1, metrics.ApiRequests.WithLabels("watch", "409").Value);
    }

    private sealed class Answer(HttpStatusCode code) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(code));
    }
}
