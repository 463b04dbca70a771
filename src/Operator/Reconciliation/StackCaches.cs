using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SensorOperator.Api;
using SensorOperator.Kubernetes;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// The informers the SensorStack controller reads from: the stacks themselves, every core child
/// kind and the pods (filtered to objects this operator manages), and VMServiceScrapes and VMRules
/// once the cluster is seen to serve them.
/// </summary>
public sealed class StackCaches : IDisposable
{
    private readonly Dictionary<ResourceType, Func<ObjectKey, IKubernetesObject<V1ObjectMeta>?>> _get = [];
    private readonly Dictionary<ResourceType, Func<string, IEnumerable<IKubernetesObject<V1ObjectMeta>>>> _owned = [];
    private readonly List<IInformer> _required = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _scrapesStarted;
    private Task? _scrapesTask;
    private int _rulesStarted;
    private Task? _rulesTask;

    public StackCaches(IKubernetes client, string @namespace, TimeProvider time, ILoggerFactory loggers, ControllerMetrics metrics, TimeSpan? watchTimeout = null)
    {
        var logger = loggers.CreateLogger("SensorOperator.Informer");
        var owned = new InformerOptions
        {
            Namespace = @namespace,
            LabelSelector = $"{StackLabels.ManagedBy}={StackLabels.ManagedByValue}",
            WatchTimeout = watchTimeout ?? TimeSpan.FromMinutes(5),
        };
        Stacks = new Informer<V1Alpha1SensorStack>(client, StackResource, owned with { LabelSelector = null }, time, logger, metrics);
        _required.Add(Stacks);

        Deployments = Add<V1Deployment>(ChildKinds.Deployment, ChildCacheTransforms.Deployment);
        Add<V1Service>(ChildKinds.Service, ChildCacheTransforms.Service);
        Add<V1ConfigMap>(ChildKinds.ConfigMap, ChildCacheTransforms.ConfigMap);
        Add<V1ServiceAccount>(ChildKinds.ServiceAccount, ChildCacheTransforms.ServiceAccount);
        Add<V1Role>(ChildKinds.Role, ChildCacheTransforms.Role);
        Add<V1RoleBinding>(ChildKinds.RoleBinding, ChildCacheTransforms.RoleBinding);
        Pods = new Informer<V1Pod>(client, ResourceType.Pods, owned, time, logger, metrics) { Transform = ChildCacheTransforms.Pod };
        Pods.Cache.AddIndex(InstanceIndex, CacheIndexes.ByLabel(StackLabels.Instance));
        _required.Add(Pods);

        // Optional: started by EnsureServiceScrapes when discovery finds the CRD; not part of readiness.
        ServiceScrapes = new Informer<V1Beta1VMServiceScrape>(client, ChildResources.VMServiceScrape, owned, time, logger, metrics)
        {
            Transform = ChildCacheTransforms.ServiceScrape,
        };
        ServiceScrapes.Cache.AddIndex(CacheIndexes.ControllerUid, CacheIndexes.ByControllerUid);
        Register(ChildResources.VMServiceScrape, ServiceScrapes);
        Rules = new Informer<V1Beta1VMRule>(client, ChildResources.VMRule, owned, time, logger, metrics)
        {
            Transform = ChildCacheTransforms.Rule,
        };
        Rules.Cache.AddIndex(CacheIndexes.ControllerUid, CacheIndexes.ByControllerUid);
        Register(ChildResources.VMRule, Rules);

        Informer<T> Add<T>(ChildKind kind, Func<T, T> transform)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            var informer = new Informer<T>(client, ChildResources.Of(kind), owned, time, logger, metrics) { Transform = transform };
            informer.Cache.AddIndex(CacheIndexes.ControllerUid, CacheIndexes.ByControllerUid);
            _required.Add(informer);
            Register(ChildResources.Of(kind), informer);
            ChildInformers.Add(informer);
            return informer;
        }
    }

    public static ResourceType StackResource { get; } = new(V1Alpha1SensorStack.Group, V1Alpha1SensorStack.Version, V1Alpha1SensorStack.Plural, V1Alpha1SensorStack.ResourceKind);

    public Informer<V1Alpha1SensorStack> Stacks { get; }

    public Informer<V1Deployment> Deployments { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1Beta1VMServiceScrape> ServiceScrapes { get; }

    /// <summary>VMRules, watched once the cluster is seen to serve them (like <see cref="ServiceScrapes"/>).</summary>
    public Informer<V1Beta1VMRule> Rules { get; }

    /// <summary>Informers of the core child kinds (events on these enqueue the owning stack).</summary>
    public IList<IInformer> ChildInformers { get; } = [];

    /// <summary>Informers that must have synced before the operator is ready.</summary>
    public IReadOnlyList<IInformer> Required => _required;

    public bool HasSynced => _required.All(i => i.HasSynced);

    public IKubernetesObject<V1ObjectMeta>? Get(ResourceType resource, ObjectKey key) =>
        _get.TryGetValue(resource, out var get) ? get(key) : null;

    /// <summary>Cached children of every kind controlled by the object with <paramref name="ownerUid"/>.</summary>
    public IEnumerable<(ResourceType Resource, IKubernetesObject<V1ObjectMeta> Child)> OwnedBy(string ownerUid) =>
        _owned.SelectMany(kv => kv.Value(ownerUid).Select(o => (kv.Key, o)));

    /// <summary>
    /// True while the cache still holds the stack this reconcile loaded (same uid) and its deletion
    /// has not started. A reconcile that began before the stack was deleted checks this before each
    /// write, so it stops instead of re-creating children the API server has just collected.
    /// </summary>
    public bool IsCurrent(ObjectKey key, string? uid) =>
        uid is not null
        && Stacks.Cache.Get(key) is { Metadata: { } metadata }
        && metadata.Uid == uid
        && metadata.DeletionTimestamp is null;

    /// <summary>Cached pods of one stack (by the instance label every child's pods carry).</summary>
    public IReadOnlyList<V1Pod> PodsOf(ObjectKey stack) => Pods.Cache.ByIndex(InstanceIndex, stack.ToString());

    private const string InstanceIndex = "instance";

    /// <summary>Starts watching VMServiceScrapes (once), when the cluster turns out to serve them.</summary>
    public void EnsureServiceScrapesWatched()
    {
        if (Interlocked.Exchange(ref _scrapesStarted, 1) == 0)
        {
            _scrapesTask = Task.Run(() => ServiceScrapes.RunAsync(_stopping.Token));
        }
    }

    /// <summary>Starts watching VMRules (once), when the cluster turns out to serve them.</summary>
    public void EnsureRulesWatched()
    {
        if (Interlocked.Exchange(ref _rulesStarted, 1) == 0)
        {
            _rulesTask = Task.Run(() => Rules.RunAsync(_stopping.Token));
        }
    }

    /// <summary>Stops the optional informers started by <see cref="EnsureServiceScrapesWatched"/> and <see cref="EnsureRulesWatched"/>.</summary>
    public async Task StopOptionalAsync()
    {
        await _stopping.CancelAsync();
        foreach (var task in new[] { _scrapesTask, _rulesTask })
        {
            if (task is not null)
            {
                await task;
            }
        }
    }

    private void Register<T>(ResourceType resource, Informer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        _get[resource] = key => informer.Cache.Get(key);
        _owned[resource] = uid => informer.Cache.ByIndex(CacheIndexes.ControllerUid, uid);
    }

    public void Dispose() => _stopping.Dispose();
}
