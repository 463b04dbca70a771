using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Faults;
using SensorStack.Testing;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>
/// The Lease elector against the fake API server: each candidate with a client of its own, as two
/// processes would be, contending for one Lease with client-go's rules.
/// </summary>
public sealed class LeaseElectorTests : IAsyncLifetime
{
    private const string Leases = "leases.coordination.k8s.io";
    private FakeKubeApiServer _server = null!;
    private readonly List<Candidate> _candidates = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var candidate in _candidates)
        {
            await candidate.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private static LeaderElectionOptions Options(string identity) => new()
    {
        Namespace = "default",
        LeaseName = "elected",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    private Candidate Start(string identity)
    {
        var candidate = new Candidate(KubeApiClient.Create(_server.ClientConfiguration()), Options(identity));
        _candidates.Add(candidate);
        return candidate;
    }

    private V1Lease Lease() => _server.Get<V1Lease>(Leases, "default", "elected")!;

    [Fact]
    public async Task Of_two_candidates_exactly_one_leads_and_the_lease_says_who()
    {
        var a = Start("a");
        var b = Start("b");

        await Eventually.True(() => a.Elector.IsLeader || b.Elector.IsLeader, "someone leads");
        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
        var renewed = Lease().Spec.RenewTime;
        await Eventually.True(() => Lease().Spec.RenewTime > renewed, "the leader renews");

        Assert.False(follower.Elector.IsLeader);
        Assert.Equal(0, follower.Terms);
        var spec = Lease().Spec;
        Assert.Equal(leader.Identity, spec.HolderIdentity);
        Assert.Equal(2, spec.LeaseDurationSeconds);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.True(spec.AcquireTime <= spec.RenewTime);
        Assert.Equal(leader.Identity, follower.LastLeaderSeen);
    }

    [Fact]
    public async Task A_lease_held_by_another_is_respected_until_it_expires_then_taken_over()
    {
        // A holder that stopped renewing without releasing (a crashed process).
        var now = DateTime.UtcNow;
        _server.Put(new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = "elected", NamespaceProperty = "default" },
            Spec = new V1LeaseSpec { HolderIdentity = "crashed", LeaseDurationSeconds = 2, AcquireTime = now, RenewTime = now, LeaseTransitions = 4 },
        });
        var started = TimeProvider.System.GetTimestamp();
        var b = Start("b");

        await Eventually.True(() => b.Elector.IsLeader, "b takes over");
        // Expiry runs on b's own clock from when b first saw the record: at least the lease duration.
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(2), "not before the lease expired");
        var spec = Lease().Spec;
        Assert.Equal("b", spec.HolderIdentity);
        Assert.Equal(5, spec.LeaseTransitions);
        Assert.True(spec.AcquireTime > now, "a new term has a new acquire time");
    }

    [Fact]
    public async Task A_stopping_leader_releases_the_lease_so_a_standby_takes_over_within_a_retry_period()
    {
        var a = Start("a");
        await Eventually.True(() => a.Elector.IsLeader, "a leads");
        var b = Start("b");
        await Eventually.True(() => b.LastLeaderSeen == "a", "b sees a leading");

        await a.StopAsync();
        Assert.Equal(1, a.EndedTerms);
        Assert.Equal("", Lease().Spec.HolderIdentity);
        var released = TimeProvider.System.GetTimestamp();
        await Eventually.True(() => b.Elector.IsLeader, "b takes over");

        // The released Lease says 1 s; without the release b would wait out the full 2 s.
        Assert.True(TimeProvider.System.GetElapsedTime(released) < TimeSpan.FromSeconds(1.5), "faster than the lease duration");
        Assert.Equal("b", Lease().Spec.HolderIdentity);
        Assert.Equal(1, Lease().Spec.LeaseTransitions);
    }

    [Fact]
    public async Task A_conflicting_write_loses_the_race_and_the_candidate_tries_again()
    {
        // The first Lease update is refused as if another candidate had written first.
        var conflict = new FaultRule { Verbs = "update", Resource = Leases, StatusCode = 409, Limit = 1 };
        _server.Faults.Add(conflict);
        _server.Put(new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = "elected", NamespaceProperty = "default" },
            Spec = new V1LeaseSpec { HolderIdentity = "", LeaseDurationSeconds = 1 },
        });
        var a = Start("a");

        await Eventually.True(() => a.Elector.IsLeader, "a acquires on a later attempt");
        Assert.Equal(1, conflict.Applied);
        Assert.Equal(1, a.Terms);
        Assert.Equal("a", Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task Two_candidates_racing_for_an_empty_lease_do_not_both_win()
    {
        var candidates = Enumerable.Range(0, 4).Select(i => Start($"c{i}")).ToList();
        await Eventually.True(() => candidates.Any(c => c.Elector.IsLeader), "someone leads");

        // Hold for several renewals: at no sampled moment do two lead, and only one term began.
        for (var i = 0; i < 20; i++)
        {
            Assert.True(candidates.Count(c => c.Elector.IsLeader) <= 1, "at most one leader");
            await Task.Delay(50, Ct);
        }

        Assert.Equal(1, candidates.Sum(c => c.Terms));
    }

    [Fact]
    public async Task Renewals_failing_past_the_renew_deadline_end_the_term()
    {
        var a = Start("a");
        await Eventually.True(() => a.Elector.IsLeader, "a leads");

        _server.Faults.Add(new FaultRule { Verbs = "get,update", Resource = Leases, StatusCode = 500 });
        await Eventually.True(() => a.EndedTerms == 1, "the term ends");
        Assert.False(a.Running.IsCompleted, "the candidate stands again");

        _server.Faults.Clear();
        await Eventually.True(() => a.Terms == 2, "and leads again once the API answers");
    }

    [Fact]
    public void Timings_that_would_let_a_lease_expire_before_its_holder_gives_up_are_refused()
    {
        using var api = KubeApiClient.Create(_server.ClientConfiguration());
        var refused = Assert.Throws<ArgumentException>(() =>
            new LeaseElector(api, Options("a") with { RenewDeadline = TimeSpan.FromSeconds(3) }, TimeProvider.System, NullLogger.Instance));
        Assert.Contains("leaseDuration", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>One candidate: an elector run again after each term, as the service does, counting terms.</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly KubeApiClient _api;
        private int _terms;
        private int _ended;

        public Candidate(KubeApiClient api, LeaderElectionOptions options)
        {
            _api = api;
            Identity = options.Identity;
            Elector = new LeaseElector(api, options, TimeProvider.System, NullLogger.Instance);
            Elector.StartedLeading += () => Interlocked.Increment(ref _terms);
            Elector.StoppedLeading += () => Interlocked.Increment(ref _ended);
            Elector.NewLeader += leader => LastLeaderSeen = leader;
            Running = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Elector.RunAsync(_stop.Token);
                }
            });
        }

        public string Identity { get; }

        public LeaseElector Elector { get; }

        public Task Running { get; }

        public int Terms => Volatile.Read(ref _terms);

        public int EndedTerms => Volatile.Read(ref _ended);

        public string? LastLeaderSeen { get; private set; }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Running;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _api.Dispose();
            _stop.Dispose();
        }
    }
}
