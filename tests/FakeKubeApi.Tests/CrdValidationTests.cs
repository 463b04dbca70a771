using System.Net;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Http;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

/// <summary>CustomResourceDefinitions the API server refuses are refused here with its answer.</summary>
public class CrdValidationTests
{
    private const string MetadataMessage =
        "CustomResourceDefinition.apiextensions.k8s.io \"sensorstacks.sensorstack.io\" is invalid: "
        + "spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ProjectCrd() => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml"));

    /// <summary>The CRD as it was before the fix: a description under properties.metadata.</summary>
    private static string CrdWithMetadataDescription()
    {
        var crd = ProjectCrd();
        const string metadata = "            metadata:\n              type: object\n";
        Assert.Contains(metadata, crd, StringComparison.Ordinal);
        return crd.Replace(metadata, metadata + "              description: Standard object metadata.\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_the_CRD_with_a_description_under_metadata_fails_as_on_a_real_server()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

        var error = Assert.Throws<StatusException>(() => api.InstallCustomResourceDefinition(CrdWithMetadataDescription()));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal(MetadataMessage, error.Message);
        Assert.DoesNotContain(api.Resources.All, t => t.Group == "sensorstack.io");
    }

    [Fact]
    public async Task Creating_that_CRD_over_HTTP_answers_422_with_the_real_message_and_causes()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var raw = new RawApi(api);

        var answer = await raw.SendAsync(HttpMethod.Post, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdJson(CrdWithMetadataDescription()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Code);
        Assert.Equal("Invalid", answer.Reason);
        Assert.Equal(MetadataMessage, answer.Message);
        Assert.Equal("CustomResourceDefinition", answer.Body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("apiextensions.k8s.io", answer.Body["details"]!["group"]!.GetValue<string>());
        var cause = Assert.Single(answer.Causes);
        Assert.Equal("FieldValueForbidden", cause!["reason"]!.GetValue<string>());
        Assert.Equal("spec.validation.openAPIV3Schema.properties[metadata]", cause["field"]!.GetValue<string>());
        Assert.Equal("Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified", cause["message"]!.GetValue<string>());
        Assert.Null(api.Get("customresourcedefinitions.apiextensions.k8s.io", null, "sensorstacks.sensorstack.io"));
    }

    [Fact]
    public async Task The_project_CRD_and_the_VictoriaMetrics_operator_CRDs_are_accepted()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

        var stacks = api.InstallCustomResourceDefinition(ProjectCrd());
        var scrapes = api.InstallThirdPartyCrd(ThirdPartyCrds.VMServiceScrapes);
        var rules = api.InstallThirdPartyCrd(ThirdPartyCrds.VMRules);

        Assert.Equal("SensorStack", Assert.Single(stacks).Kind);
        Assert.Equal("VMServiceScrape", Assert.Single(scrapes).Kind);
        Assert.Equal("VMRule", Assert.Single(rules).Kind);
        Assert.All([.. stacks, .. scrapes, .. rules], t => Assert.NotNull(t.Admission));
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"size":{"description":"no type"}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}""",
        "spec.validation.openAPIV3Schema.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{"type":"object","properties":{"items":{"type":"array"}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[items].items: Required value: must be specified")]
    [InlineData("""{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}}}}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property")]
    [InlineData("""{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[ports].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty")]
    [InlineData("""{"type":"object","properties":{"tags":{"type":"array","x-kubernetes-list-type":"list","items":{"type":"string"}}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[tags].x-kubernetes-list-type: Unsupported value: \"list\": supported values: \"atomic\", \"set\", \"map\"")]
    [InlineData("""{"type":"object","properties":{"replicas":{"type":"integer","minimum":1,"default":0}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: 0:  in body should be greater than or equal to 1")]
    [InlineData("""{"type":"object","default":{"size":1,"colour":"red"},"properties":{"size":{"type":"integer"}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: map[string]interface {}{\"size\":1, \"colour\":\"red\"}: must not have unknown fields")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"string","x-kubernetes-preserve-unknown-fields":false}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[x].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"string","x-kubernetes-validations":[{"rule":"self.size() > 1","message":"line one\nline two"}]}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[x].x-kubernetes-validations[0].message: Invalid value: \"line one\\nline two\": message must not contain line breaks")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"string","uniqueItems":true}}}""",
        "spec.validation.openAPIV3Schema.properties[spec].properties[x].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    public async Task A_broken_schema_is_refused_with_the_field_and_the_rule(string specSchema, string expected)
    {
        var error = await InstallFailsAsync(Widgets(specSchema));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal($"CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: {expected}", error.Message);
    }

    [Fact]
    public async Task Several_errors_are_listed_in_brackets_with_one_cause_each()
    {
        var crd = Widgets("""{"type":"object","properties":{"a":{},"b":{}}}""");

        var error = await InstallFailsAsync(crd);

        Assert.Equal(
            "CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: ["
            + "spec.validation.openAPIV3Schema.properties[spec].properties[a].type: Required value: must not be empty for specified object fields, "
            + "spec.validation.openAPIV3Schema.properties[spec].properties[b].type: Required value: must not be empty for specified object fields]",
            error.Message);
        Assert.Equal(2, error.Causes.Count);
        Assert.All(error.Causes, c => Assert.Equal("FieldValueRequired", c.CauseType));
    }

    [Theory]
    [InlineData("additionalPrinterColumns", """[{"name":"Size","type":"string","jsonPath":"spec.size"}]""",
        "spec.additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.size\": must be a simple json path starting with .")]
    [InlineData("additionalPrinterColumns", """[{"name":"Size","type":"text","jsonPath":".spec.size"}]""",
        "spec.additionalPrinterColumns[0].type: Invalid value: \"text\": must be one of boolean,date,integer,number,string")]
    [InlineData("subresources", """{"scale":{"specReplicasPath":".status.replicas","statusReplicasPath":".status.replicas"}}""",
        "spec.subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path under .spec")]
    [InlineData("subresources", """{"scale":{"specReplicasPath":".spec.replicas"}}""",
        "spec.subresources.scale.statusReplicasPath: Required value")]
    public async Task Broken_printer_columns_and_subresources_are_refused(string key, string value, string expected)
    {
        var crd = Widgets("""{"type":"object","properties":{"size":{"type":"integer"}}}""");
        crd["spec"]!["versions"]![0]![key] = JsonNode.Parse(value);

        var error = await InstallFailsAsync(crd);

        Assert.Equal($"CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: {expected}", error.Message);
    }

    [Fact]
    public async Task An_update_that_breaks_the_schema_is_refused_and_the_old_CRD_stays_served()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var raw = new RawApi(api);
        api.InstallCustomResourceDefinition(Widgets("""{"type":"object","properties":{"size":{"type":"integer"}}}""").ToJsonString());
        var broken = Widgets("""{"type":"object","properties":{"size":{}}}""");

        var answer = await raw.SendAsync(HttpMethod.Put, "apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", broken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Code);
        var served = api.Resources.Get("widgets.example.com").Admission!.Schema;
        Assert.Equal("integer", served.Properties["spec"].Properties["size"].Type);
    }

    [Fact]
    public async Task Fixture_Put_stores_a_CRD_as_given()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var broken = Widgets("""{"type":"object","properties":{"size":{}}}""");

        api.Put(broken);

        Assert.NotNull(api.Get("customresourcedefinitions.apiextensions.k8s.io", null, "widgets.example.com"));
    }

    /// <summary>A one-version CRD widgets.example.com whose spec has the given schema.</summary>
    internal static JsonObject Widgets(string specSchema, string extraRoot = "") => JsonNode.Parse($$"""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.example.com" },
          "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": { "kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget" },
            "versions": [{
              "name": "v1", "served": true, "storage": true,
              "subresources": { "status": {} },
              "schema": { "openAPIV3Schema": {
                "type": "object", {{extraRoot}}
                "properties": { "spec": {{specSchema}}, "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } }
              } }
            }]
          }
        }
        """)!.AsObject();

    private static async Task<StatusException> InstallFailsAsync(JsonObject crd)
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var error = Assert.Throws<StatusException>(() => api.InstallCustomResourceDefinition(crd.ToJsonString()));
        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        return error;
    }

    private static JsonObject CrdJson(string yaml) => (JsonObject)SensorStack.FakeKubeApi.Patching.YamlToJson.Parse(yaml)!;
}
