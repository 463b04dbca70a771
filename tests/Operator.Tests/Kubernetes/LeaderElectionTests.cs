using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>Two instances contend for one Lease on the fake API server.</summary>
public sealed class LeaderElectionTests
{
    private static LeaderElectionOptions Options(string identity) => new()
    {
        Namespace = "default",
        LeaseName = "test-leader",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Exactly_one_instance_leads_and_the_other_takes_over_when_it_stops()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var clientA = KubeApiClient.Create(server.ClientConfiguration());
        var requestsB = new LeaseRequests();
        using var clientB = KubeApiClient.Create(server.ClientConfiguration(), requestsB);
        using var gateA = new LeadershipGate();
        using var gateB = new LeadershipGate();
        var metricsA = new ControllerMetrics("test_");
        using var a = new LeaderElectionService(clientA, Options("a"), gateA, metricsA, TimeProvider.System, NullLogger<LeaderElectionService>.Instance);
        using var b = new LeaderElectionService(clientB, Options("b"), gateB, new ControllerMetrics("test_"), TimeProvider.System, NullLogger<LeaderElectionService>.Instance);

        await a.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.True(() => gateA.IsLeader, "a leads");
        await b.StartAsync(TestContext.Current.CancellationToken);
        // b reads the Lease once per retry period; three reads that find a's unexpired Lease are three
        // attempts to acquire it, none of which may write or make b the leader.
        await Eventually.True(() => requestsB.Reads >= 3, "b tries to acquire the lease three times");
        Assert.False(gateB.IsLeader);
        Assert.Equal(0, requestsB.Writes);
        Assert.Equal(1, metricsA.IsLeader.Value);
        var leaseTerm = await gateA.WaitAsync(TestContext.Current.CancellationToken);

        await a.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(leaseTerm.IsCancellationRequested, "a's term ends when it stops");
        Assert.False(gateA.IsLeader);
        await Eventually.True(() => gateB.IsLeader, "b takes over after the lease expires");

        var lease = server.Get<k8s.Models.V1Lease>("leases.coordination.k8s.io", "default", "test-leader");
        Assert.Equal("b", lease!.Spec.HolderIdentity);
        await b.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task With_election_off_the_instance_leads_at_once_without_a_lease()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var client = KubeApiClient.Create(server.ClientConfiguration());
        using var gate = new LeadershipGate();
        using var service = new LeaderElectionService(client, Options("solo") with { Enabled = false }, gate, new ControllerMetrics("test_"), TimeProvider.System, NullLogger<LeaderElectionService>.Instance);

        await service.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.True(() => gate.IsLeader, "leads");
        Assert.Equal(0, server.Requests.Count(resource: "leases.coordination.k8s.io"));
        await service.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Counts one client's requests for Leases, so the test can tell b's attempts from a's renewals.</summary>
    private sealed class LeaseRequests : DelegatingHandler
    {
        private int reads;
        private int writes;

        public int Reads => Volatile.Read(ref reads);

        public int Writes => Volatile.Read(ref writes);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.Contains("/leases", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref request.Method == HttpMethod.Get ? ref reads : ref writes);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
