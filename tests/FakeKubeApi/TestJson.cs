using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace SensorStack.FakeKubeApi;

/// <summary>
/// JSON of any model for tests and fixtures: the client's options (names, nulls left out, its time
/// converters), its source-generated context first, reflection for the rest (a test's own or the
/// operator's types, anonymous bodies). Tests run on the JIT; the products never use this.
/// </summary>
public static class TestJson
{
    public static readonly JsonSerializerOptions Options = new(SourceGenerationContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(SourceGenerationContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static string Serialize(object? value) => value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null is not a {typeof(T).Name}");
}
