using System.Text.Json;
using k8s;
using k8s.Models;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

public sealed class DesiredObjectTests
{
    private const string Annotation = "example.com/applied-hash";

    private static V1ConfigMap ConfigMap(params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "cm",
            NamespaceProperty = "ns",
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
            ResourceVersion = "42",
        },
        Data = new Dictionary<string, string> { ["a"] = "1" },
    };

    private static DesiredObject Desired(V1ConfigMap configMap) => DesiredObject.From(
        ResourceType.Of<V1ConfigMap>(), ObjectKey.Of(configMap), JsonSerializer.SerializeToNode(configMap, SourceGenerationContext.Default.V1ConfigMap), Annotation);

    [Fact]
    public void The_apply_body_has_apiVersion_kind_and_the_hash_but_no_server_owned_fields()
    {
        var desired = Desired(ConfigMap(("x", "1")));

        Assert.Equal("v1", (string?)desired.Body["apiVersion"]);
        Assert.Equal("ConfigMap", (string?)desired.Body["kind"]);
        Assert.Null(desired.Body["metadata"]!["resourceVersion"]);
        Assert.Equal(desired.Hash, (string?)desired.Body["metadata"]!["annotations"]![Annotation]);
        Assert.Equal(new ObjectKey("ns", "cm"), desired.Key);
    }

    [Fact]
    public void The_hash_ignores_key_order_and_resourceVersion_but_follows_content()
    {
        var one = Desired(ConfigMap(("x", "1"), ("y", "2")));
        var reordered = ConfigMap(("y", "2"), ("x", "1"));
        reordered.Metadata.ResourceVersion = "99";
        var same = Desired(reordered);
        var changed = ConfigMap(("x", "1"), ("y", "2"));
        changed.Data["a"] = "2";

        Assert.Equal(one.Hash, same.Hash);
        Assert.NotEqual(one.Hash, Desired(changed).Hash);
    }

    [Fact]
    public void A_live_object_is_unchanged_only_with_the_same_hash()
    {
        var applier = new Applier(null!, new ApplierOptions { FieldManager = "m", HashAnnotation = Annotation, Json = SourceGenerationContext.Default.Options }, Microsoft.Extensions.Logging.Abstractions.NullLogger<Applier>.Instance);
        var desired = applier.Prepare(ResourceType.Of<V1ConfigMap>(), ConfigMap());
        var live = ConfigMap();
        Assert.False(applier.IsUnchanged(desired, null));
        Assert.False(applier.IsUnchanged(desired, live));

        live.Metadata.Annotations = new Dictionary<string, string> { [Annotation] = desired.Hash };
        Assert.True(applier.IsUnchanged(desired, live));

        live.Metadata.DeletionTimestamp = DateTime.UtcNow; // being deleted: must be re-created
        Assert.False(applier.IsUnchanged(desired, live));
    }
}
