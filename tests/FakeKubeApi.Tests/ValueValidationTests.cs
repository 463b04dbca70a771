using System.Net;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi;

namespace SensorStack.FakeKubeApiTests;

/// <summary>The OpenAPI value rules beyond the project's CRD, on a test CRD, with the real server's message shapes.</summary>
public class ValueValidationTests
{
    private const string Widgets = "apis/example.com/v1/namespaces/default/widgets";

    private const string SpecSchema = """
        {
          "type": "object",
          "properties": {
            "ratio": { "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true },
            "tags": { "type": "array", "minItems": 1, "maxItems": 2, "x-kubernetes-list-type": "set", "items": { "type": "string", "minLength": 2 } },
            "ports": { "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                       "items": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "port": { "type": "integer" } } } },
            "labels": { "type": "object", "maxProperties": 1, "additionalProperties": { "type": "string" } },
            "note": { "type": "string", "nullable": true },
            "size": { "x-kubernetes-int-or-string": true, "anyOf": [{ "type": "integer" }, { "type": "string" }] },
            "colour": { "type": "string", "enum": ["red", "green"], "default": "red" }
          }
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Widget(string spec) => JsonNode.Parse($$"""
        { "apiVersion": "example.com/v1", "kind": "Widget", "metadata": { "name": "w" }, "spec": {{spec}} }
        """)!.AsObject();

    [Theory]
    [InlineData("""{"ratio":0}""", "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0")]
    [InlineData("""{"ratio":1}""", "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1")]
    [InlineData("""{"tags":[]}""", "spec.tags: Invalid value: []interface {}{}: spec.tags in body should have at least 1 items")]
    [InlineData("""{"tags":["ab","cd","ef"]}""", "spec.tags: Too many: 3: must have at most 2 items")]
    [InlineData("""{"tags":["ab","ab"]}""", "spec.tags[1]: Duplicate value: \"ab\"")]
    [InlineData("""{"tags":["a"]}""", "spec.tags[0]: Invalid value: \"a\": spec.tags[0] in body should be at least 2 chars long")]
    [InlineData("""{"ports":[{"name":"http","port":80},{"name":"http","port":81}]}""", "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}")]
    [InlineData("""{"ports":[{"port":80}]}""", "spec.ports[0].name: Required value")]
    [InlineData("""{"labels":{"a":"1","b":"2"}}""", "spec.labels: Too many: 1: has too many items")]
    [InlineData("""{"labels":{"a":1}}""", "spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"")]
    [InlineData("""{"size":true}""", "spec.size: Invalid value: \"\": spec.size in body must validate at least one schema (anyOf)")]
    [InlineData("""{"colour":"blue"}""", "spec.colour: Unsupported value: \"blue\": supported values: \"red\", \"green\"")]
    [InlineData("""{"colour":null,"ratio":null}""", "spec.ratio: Invalid value: \"null\": spec.ratio in body must be of type number: \"null\"")]
    public async Task A_value_the_schema_refuses_is_422_with_the_upstream_message(string spec, string expected)
    {
        await using var api = await StartAsync();
        using var raw = new RawApi(api);

        var answer = await raw.SendAsync(HttpMethod.Post, Widgets, Widget(spec));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Code);
        Assert.Equal($"Widget.example.com \"w\" is invalid: {expected}", answer.Message);
    }

    [Theory]
    [InlineData("""{"ratio":0.5,"tags":["ab"],"ports":[{"name":"http"},{"name":"grpc"}],"labels":{"a":"1"},"note":null,"size":3}""")]
    [InlineData("""{"size":"50%","colour":"green"}""")]
    public async Task Values_within_every_rule_are_admitted(string spec)
    {
        await using var api = await StartAsync();
        using var raw = new RawApi(api);

        var answer = await raw.SendAsync(HttpMethod.Post, Widgets, Widget(spec));

        Assert.Equal(HttpStatusCode.Created, answer.Code);
    }

    [Fact]
    public async Task A_null_where_the_field_has_a_default_and_is_not_nullable_gets_the_default()
    {
        await using var api = await StartAsync();
        using var raw = new RawApi(api);

        var answer = await raw.SendAsync(HttpMethod.Post, Widgets, Widget("""{"colour":null}"""));

        Assert.Equal("red", answer.Body["spec"]!["colour"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_events_carry_defaults_like_reads()
    {
        await using var api = await StartAsync();
        api.Put(Widget("{}"));

        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var response = await http.GetAsync(Widgets + "?watch=1&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var first = JsonNode.Parse((await reader.ReadLineAsync(Ct))!)!;

        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("red", first["object"]!["spec"]!["colour"]!.GetValue<string>());
    }

    private static async Task<FakeKubeApiServer> StartAsync()
    {
        var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        api.InstallCustomResourceDefinition(CrdValidationTests.Widgets(SpecSchema).ToJsonString());
        return api;
    }
}
