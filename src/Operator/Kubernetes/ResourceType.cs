namespace SensorOperator.Kubernetes;

/// <summary>
/// A Kubernetes resource addressed generically by group, version and plural. The client's
/// custom-object operations accept any such triple (an empty group reaches the core /api/v1), so
/// one code path lists, watches, applies and deletes every kind the operator touches.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment");
    public static readonly ResourceType Services = new("", "v1", "services", "Service");
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap");
    public static readonly ResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount");
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod");
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "roles", "Role");
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding");
}
