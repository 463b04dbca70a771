namespace SensorOperator.Planning;

/// <summary>A kind of object a SensorStack may own.</summary>
/// <param name="Group">API group, empty for the core group.</param>
public sealed record ChildKind(string Group, string Version, string Kind, string Plural)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

/// <summary>
/// Every kind the planner can produce. The reconciler lists each (with the stack's child selector)
/// to delete what the current plan no longer wants, e.g. Grafana's objects after it is disabled.
/// </summary>
public static class ChildKinds
{
    public static readonly ChildKind ServiceAccount = new("", "v1", "ServiceAccount", "serviceaccounts");
    public static readonly ChildKind Role = new("rbac.authorization.k8s.io", "v1", "Role", "roles");
    public static readonly ChildKind RoleBinding = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings");
    public static readonly ChildKind ConfigMap = new("", "v1", "ConfigMap", "configmaps");
    public static readonly ChildKind Service = new("", "v1", "Service", "services");
    public static readonly ChildKind Deployment = new("apps", "v1", "Deployment", "deployments");
    public static readonly ChildKind VMServiceScrape = new(V1Beta1VMServiceScrape.Group, V1Beta1VMServiceScrape.Version, V1Beta1VMServiceScrape.ResourceKind, V1Beta1VMServiceScrape.Plural);
    public static readonly ChildKind VMRule = new(V1Beta1VMServiceScrape.Group, V1Beta1VMServiceScrape.Version, V1Beta1VMRule.ResourceKind, V1Beta1VMRule.Plural);

    /// <summary>Always-served kinds, in apply order.</summary>
    public static IReadOnlyList<ChildKind> Core { get; } = [ServiceAccount, Role, RoleBinding, ConfigMap, Service, Deployment];

    /// <summary><see cref="Core"/> plus the VictoriaMetrics operator's kinds, written where the cluster serves them.</summary>
    public static IReadOnlyList<ChildKind> All { get; } = [.. Core, VMServiceScrape, VMRule];
}
