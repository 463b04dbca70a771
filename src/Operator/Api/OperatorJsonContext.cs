using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using SensorOperator.Planning;

namespace SensorOperator.Api;

/// <summary>
/// Source-generated JSON of every type the operator writes or reads: its own (SensorStack, the
/// VictoriaMetrics operator's VMServiceScrape and VMRule, vmalert's rule file) and the built-in
/// models it builds, caches or observes. Only these are kept in the NativeAOT binary, instead of the
/// client's context of every API model. The options are the client's (camelCase names, nulls left
/// out, its RFC 3339 date and ISO 8601 duration converters), so the JSON is what the client writes.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(V1Alpha1SensorStack))]
[JsonSerializable(typeof(SensorStackStatus))]
[JsonSerializable(typeof(V1Beta1VMServiceScrape))]
[JsonSerializable(typeof(V1Beta1VMRule))]
[JsonSerializable(typeof(AlertRuleFile))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1Role))]
[JsonSerializable(typeof(V1RoleBinding))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(PodMetricsList))]
public sealed partial class OperatorJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same types, refusing a field no property takes (as strict decoding does): for files a
    /// user wrote. Objects from the API server are read leniently (<see cref="JsonSerializerContext.Default"/>),
    /// since a newer server may send fields this build does not know.
    /// </summary>
    // Lazy: static initializers of the generated half of this class may run after this one's.
    public static OperatorJsonContext Strict => StrictContext.Value;

    private static readonly Lazy<OperatorJsonContext> StrictContext = new(CreateStrict);

    private static OperatorJsonContext CreateStrict()
    {
        var options = new JsonSerializerOptions(Default.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        return new OperatorJsonContext(options);
    }
}
