using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ControllerMachinery;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// The informers the SensorStack controller reads from: the stacks themselves, every core child
/// kind and the pods (filtered to objects this operator manages), and the optional kinds
/// (<see cref="ChildKinds.Optional"/>), which discovery starts once the cluster serves them.
/// </summary>
public sealed class StackCaches
{
    private const string InstanceIndex = "instance";

    private readonly Dictionary<ResourceType, Func<ObjectKey, IKubernetesObject<V1ObjectMeta>?>> _get = [];
    private readonly Dictionary<ResourceType, Func<string, IEnumerable<IKubernetesObject<V1ObjectMeta>>>> _owned = [];
    private readonly Dictionary<ResourceType, IInformer> _optional = [];
    private readonly List<IInformer> _required = [];
    private readonly List<IInformer> _children = [];

    public StackCaches(KubeApiClient api, JsonSerializerOptions json, string @namespace, TimeProvider time, ILoggerFactory loggers, ControllerMetrics metrics, TimeSpan watchTimeout)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("SensorOperator.Informer");
        var owned = new InformerOptions
        {
            Namespace = @namespace,
            LabelSelector = $"{StackLabels.ManagedBy}={StackLabels.ManagedByValue}",
            WatchTimeout = watchTimeout,
        };
        Stacks = new Informer<V1Alpha1SensorStack>(api, ResourceType.Of<V1Alpha1SensorStack>(), TypeInfo<V1Alpha1SensorStack>(), owned with { LabelSelector = null }, time, logger, metrics);
        _required.Add(Stacks);

        Deployments = Child<V1Deployment>(ChildCacheTransforms.Deployment);
        Child<V1Service>(ChildCacheTransforms.Service);
        Child<V1ConfigMap>(ChildCacheTransforms.ConfigMap);
        Child<V1ServiceAccount>(ChildCacheTransforms.ServiceAccount);
        Child<V1Role>(ChildCacheTransforms.Role);
        Child<V1RoleBinding>(ChildCacheTransforms.RoleBinding);
        Child<V1Beta1VMServiceScrape>(ChildCacheTransforms.ServiceScrape);
        Child<V1Beta1VMRule>(ChildCacheTransforms.Rule);

        Pods = new Informer<V1Pod>(api, ResourceType.Of<V1Pod>(), TypeInfo<V1Pod>(), owned, time, logger, metrics) { Transform = ChildCacheTransforms.Pod };
        Pods.Cache.AddIndex(InstanceIndex, CacheIndexes.ByLabel(StackLabels.Instance));
        _required.Add(Pods);

        Informer<T> Child<T>(Func<T, T> transform)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            var resource = ChildKinds.All.Single(r => r == ResourceType.Of<T>());
            var informer = new Informer<T>(api, resource, TypeInfo<T>(), owned, time, logger, metrics) { Transform = transform };
            informer.Cache.AddIndex(CacheIndexes.ControllerUid, CacheIndexes.ByControllerUid);
            _get[resource] = key => informer.Cache.Get(key);
            _owned[resource] = uid => informer.Cache.ByIndex(CacheIndexes.ControllerUid, uid);
            _children.Add(informer);
            if (ChildKinds.Optional.Contains(resource))
            {
                _optional[resource] = informer;
            }
            else
            {
                _required.Add(informer);
            }

            return informer;
        }

        JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)json.GetTypeInfo(typeof(T));
    }

    public Informer<V1Alpha1SensorStack> Stacks { get; }

    public Informer<V1Deployment> Deployments { get; }

    public Informer<V1Pod> Pods { get; }

    /// <summary>Informers of every child kind, core and optional (events on these enqueue the owning stack).</summary>
    public IReadOnlyList<IInformer> ChildInformers => _children;

    /// <summary>Informers that must have synced before the operator is ready.</summary>
    public IReadOnlyList<IInformer> Required => _required;

    /// <summary>Informers of optional kinds, started by discovery.</summary>
    public IReadOnlyList<IInformer> Optional => [.. _optional.Values];

    public bool HasSynced => _required.All(i => i.HasSynced);

    /// <summary>True once the optional kind's informer runs and has listed (so its cache can be trusted).</summary>
    public bool IsWatched(ResourceType resource) => _optional.TryGetValue(resource, out var informer) ? informer.HasSynced : _get.ContainsKey(resource);

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
}
