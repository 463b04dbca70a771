using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using ResourceType = ControllerMachinery.ResourceType;

namespace SensorOperator.Tests.Kubernetes;

public sealed class ApiDiscoveryTests
{
    private static readonly ResourceType Scrapes = new("operator.victoriametrics.com", "v1beta1", "vmservicescrapes", "VMServiceScrape");

    [Fact]
    public async Task A_CRD_installed_later_is_noticed_at_the_next_recheck_and_a_failed_recheck_keeps_the_last_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: ct);
        var outage = new Outage();
        using var client = KubeApiClient.Create(server.ClientConfiguration(), outage);
        var time = new FakeTimeProvider();
        var discovery = new ApiDiscovery(client, time, NullLogger<ApiDiscovery>.Instance, TimeSpan.FromMinutes(1));

        Assert.False(await discovery.IsServedAsync(Scrapes, ct));
        server.InstallThirdPartyCrd(ThirdPartyCrds.VMServiceScrapes);
        Assert.False(await discovery.IsServedAsync(Scrapes, ct)); // remembered until the re-check is due
        var asked = server.Requests.Total;

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await discovery.IsServedAsync(Scrapes, ct));
        Assert.True(server.Requests.Total > asked);

        time.Advance(TimeSpan.FromMinutes(1));
        outage.Failing = true;
        Assert.True(await discovery.IsServedAsync(Scrapes, ct));
        Assert.Equal(1, outage.Failed);
    }

    /// <summary>Answers 503 for every request while <see cref="Failing"/> (the fake injects no faults into discovery).</summary>
    private sealed class Outage : DelegatingHandler
    {
        public bool Failing { get; set; }

        public int Failed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!Failing)
            {
                return base.SendAsync(request, cancellationToken);
            }

            Failed++;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { RequestMessage = request });
        }
    }
}
