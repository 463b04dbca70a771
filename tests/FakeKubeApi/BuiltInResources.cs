namespace SensorStack.FakeKubeApi;

/// <summary>The resources a fresh fake server serves: the built-in kinds an operator typically touches.</summary>
public static class BuiltInResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "Namespace", "namespaces", Namespaced: false, HasStatus: true, ShortNames: ["ns"]);
    public static readonly ResourceType Pods = new("", "v1", "Pod", "pods", Namespaced: true, HasStatus: true, ShortNames: ["po"]);
    public static readonly ResourceType Services = new("", "v1", "Service", "services", Namespaced: true, HasStatus: true, ShortNames: ["svc"]);
    public static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps", Namespaced: true, ShortNames: ["cm"]);
    public static readonly ResourceType Secrets = new("", "v1", "Secret", "secrets", Namespaced: true);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", Namespaced: true, ShortNames: ["sa"]);
    public static readonly ResourceType Endpoints = new("", "v1", "Endpoints", "endpoints", Namespaced: true, ShortNames: ["ep"]);
    public static readonly ResourceType CoreEvents = new("", "v1", "Event", "events", Namespaced: true, ShortNames: ["ev"]);
    public static readonly ResourceType Nodes = new("", "v1", "Node", "nodes", Namespaced: false, HasStatus: true, ShortNames: ["no"]);
    public static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", Namespaced: true, HasStatus: true, ShortNames: ["deploy"]);
    public static readonly ResourceType StatefulSets = new("apps", "v1", "StatefulSet", "statefulsets", Namespaced: true, HasStatus: true, ShortNames: ["sts"]);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", Namespaced: true, HasStatus: true, ShortNames: ["rs"]);
    public static readonly ResourceType DaemonSets = new("apps", "v1", "DaemonSet", "daemonsets", Namespaced: true, HasStatus: true, ShortNames: ["ds"]);
    public static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", Namespaced: true);
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", Namespaced: true);
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", Namespaced: true);
    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", Namespaced: false);
    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "Lease", "leases", Namespaced: true);
    public static readonly ResourceType Events = new("events.k8s.io", "v1", "Event", "events", Namespaced: true, ShortNames: ["ev"]);
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false, HasStatus: true, ShortNames: ["crd", "crds"]);

    /// <summary>metrics-server's PodMetrics: read-only through the API, values set by tests.</summary>
    public static readonly ResourceType PodMetrics = new("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", Namespaced: true, ReadOnly: true);
    public static readonly ResourceType NodeMetrics = new("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", Namespaced: false, ReadOnly: true);

    public static IReadOnlyList<ResourceType> Defaults { get; } =
    [
        Namespaces, Pods, Services, ConfigMaps, Secrets, ServiceAccounts, Endpoints, CoreEvents, Nodes,
        Deployments, StatefulSets, ReplicaSets, DaemonSets, EndpointSlices,
        Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, Leases, Events, CustomResourceDefinitions,
        PodMetrics, NodeMetrics,
    ];
}
