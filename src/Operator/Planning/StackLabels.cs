namespace SensorOperator.Planning;

/// <summary>The recommended app.kubernetes.io labels every child carries.</summary>
public static class StackLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string PartOfValue = "sensor-stack";
    public const string ManagedByValue = "sensor-operator";

    /// <summary>Selects every child of one stack: instance + managed-by.</summary>
    public static string SelectorFor(string stackName) => $"{Instance}={stackName},{ManagedBy}={ManagedByValue}";

    /// <summary>Pod selector of one component (immutable in a Deployment, so kept minimal).</summary>
    public static Dictionary<string, string> Selector(string stackName, string appName, string component) => new()
    {
        [Name] = appName,
        [Instance] = stackName,
        [Component] = component,
    };

    /// <summary>Full label set: the selector plus part-of and managed-by.</summary>
    public static Dictionary<string, string> For(string stackName, string appName, string component)
    {
        var labels = Selector(stackName, appName, component);
        labels[PartOf] = PartOfValue;
        labels[ManagedBy] = ManagedByValue;
        return labels;
    }
}
