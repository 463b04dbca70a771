namespace SensorStack.FakeKubeApi;

/// <summary>
/// One kind of object the fake server serves: where it lives (group/version/plural), how it is
/// named in lists and discovery, and which API behaviours apply to it.
/// </summary>
/// <param name="Group">API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Admission">For custom resources: the version's schema, which every write through the API must pass.</param>
/// <param name="ReadOnly">Served only for reads through the API (e.g. PodMetrics); tests set values.</param>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    bool HasStatus = false,
    bool ReadOnly = false,
    IReadOnlyList<string>? ShortNames = null,
    CustomResourceSchema.CustomResourceAdmission? Admission = null)
{
    /// <summary><c>apps/v1</c>, or <c>v1</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>deployments.apps</c>, or <c>pods</c> for the core group (kubectl's spelling).</summary>
    public string Id => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string Singular => Kind.ToLowerInvariant();

    public string ListKind => Kind + "List";

    public override string ToString() => Id;
}
