using System.Net;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

/// <summary>Custom resources written through the API are pruned, defaulted and validated as the API server does.</summary>
public class CustomResourceAdmissionTests
{
    private const string Stacks = "apis/sensorstack.io/v1alpha1/namespaces/sensors/sensorstacks";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fake serving the project's CRD, and plain HTTP to it.</summary>
    private sealed class Session(FakeKubeApiServer api) : IAsyncDisposable
    {
        public FakeKubeApiServer Api { get; } = api;

        public RawApi Raw { get; } = new(api);

        public async ValueTask DisposeAsync()
        {
            Raw.Dispose();
            await Api.DisposeAsync();
        }
    }

    private static async Task<Session> StartAsync()
    {
        var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        api.InstallCustomResourceDefinition(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml"), Ct));
        return new Session(api);
    }

    private static JsonObject Stack(string spec, string name = "demo") => JsonNode.Parse($$"""
        { "apiVersion": "sensorstack.io/v1alpha1", "kind": "SensorStack", "metadata": { "name": "{{name}}", "namespace": "sensors" }, "spec": {{spec}} }
        """)!.AsObject();

    [Theory]
    [InlineData("""{"memoryBudget":"300Mi","grafana":{"enabled":"yes"}}""",
        "spec.grafana.enabled: Invalid value: \"string\": spec.grafana.enabled in body must be of type boolean: \"string\"", "FieldValueTypeInvalid")]
    [InlineData("""{"scrapeInterval":"30s"}""", "spec.memoryBudget: Required value", "FieldValueRequired")]
    [InlineData("""{"memoryBudget":"300Mi","sensor":{"replicas":0}}""",
        "spec.sensor.replicas: Invalid value: 0: spec.sensor.replicas in body should be greater than or equal to 1", "FieldValueInvalid")]
    [InlineData("""{"memoryBudget":"300Mi","sensor":{"replicas":101}}""",
        "spec.sensor.replicas: Invalid value: 101: spec.sensor.replicas in body should be less than or equal to 100", "FieldValueInvalid")]
    [InlineData("""{"memoryBudget":"300Mi","sensor":{"replicas":1.5}}""",
        "spec.sensor.replicas: Invalid value: \"number\": spec.sensor.replicas in body must be of type integer: \"number\"", "FieldValueTypeInvalid")]
    [InlineData("""{"memoryBudget":"300Mi","scrapeInterval":"soon"}""",
        "spec.scrapeInterval: Invalid value: \"soon\": spec.scrapeInterval in body should match '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$'", "FieldValueInvalid")]
    [InlineData("""{"memoryBudget":"300000000000000000000000000000000Mi"}""", "spec.memoryBudget: Too long: may not be longer than 32", "FieldValueTooLong")]
    [InlineData("""{"memoryBudget":"300Mi","victoriaMetrics":{"retention":"forever"}}""",
        "spec.victoriaMetrics.retention: Invalid value: \"forever\": spec.victoriaMetrics.retention in body should match '^[1-9][0-9]{0,5}(h|d|w|y)?$'", "FieldValueInvalid")]
    public async Task A_spec_the_schema_refuses_gets_422_with_the_real_message_shape(string spec, string error, string cause)
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks, Stack(spec));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Code);
        Assert.Equal("Invalid", answer.Reason);
        Assert.Equal($"SensorStack.sensorstack.io \"demo\" is invalid: {error}", answer.Message);
        Assert.Equal(cause, Assert.Single(answer.Causes)!["reason"]!.GetValue<string>());
        Assert.Equal("SensorStack", answer.Body["details"]!["kind"]!.GetValue<string>());
        Assert.Empty(api.List("sensorstacks.sensorstack.io", "sensors"));
    }

    [Fact]
    public async Task Several_errors_are_one_bracketed_message_and_one_cause_each()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks, Stack("""{"sensor":{"replicas":"two"}}"""));

        Assert.Equal(
            "SensorStack.sensorstack.io \"demo\" is invalid: [spec.memoryBudget: Required value, "
            + "spec.sensor.replicas: Invalid value: \"string\": spec.sensor.replicas in body must be of type integer: \"string\"]",
            answer.Message);
        Assert.Equal(["spec.memoryBudget", "spec.sensor.replicas"], answer.Causes.Select(c => c!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Defaults_are_applied_on_create_including_inside_defaulted_objects()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks, Stack("""{"memoryBudget":"300Mi"}"""));

        Assert.Equal(HttpStatusCode.Created, answer.Code);
        var spec = answer.Body["spec"]!;
        Assert.Equal("30s", spec["scrapeInterval"]!.GetValue<string>());
        Assert.Equal(1, spec["sensor"]!["replicas"]!.GetValue<long>());
        Assert.Equal("1d", spec["victoriaMetrics"]!["retention"]!.GetValue<string>());
        Assert.False(spec["grafana"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("30s", api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["spec"]!["scrapeInterval"]!.GetValue<string>());
    }

    [Fact]
    public async Task Objects_stored_without_defaults_are_defaulted_when_read()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);
        api.Put(Stack("""{"memoryBudget":"300Mi","extra":"kept by the fixture"}"""));

        var read = await raw.SendAsync(HttpMethod.Get, Stacks + "/demo");
        var list = await raw.SendAsync(HttpMethod.Get, Stacks);

        Assert.Equal("30s", read.Body["spec"]!["scrapeInterval"]!.GetValue<string>());
        Assert.Null(read.Body["spec"]!["extra"]);
        Assert.Equal("30s", list.Body["items"]![0]!["spec"]!["scrapeInterval"]!.GetValue<string>());
        Assert.Equal("kept by the fixture", api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["spec"]!["extra"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_with_a_warning_when_fieldValidation_is_absent()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks, Stack("""{"memoryBudget":"300Mi","budget":"1Gi","sensor":{"replica":2}}"""));

        Assert.Equal(HttpStatusCode.Created, answer.Code);
        Assert.Equal(["299 - \"unknown field \\\"spec.budget\\\"\"", "299 - \"unknown field \\\"spec.sensor.replica\\\"\""], answer.Warnings);
        var stored = api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["spec"]!.AsObject();
        Assert.False(stored.ContainsKey("budget"));
        Assert.False(stored["sensor"]!.AsObject().ContainsKey("replica"));
    }

    [Fact]
    public async Task Strict_field_validation_refuses_unknown_fields_with_400()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks + "?fieldValidation=Strict", Stack("""{"memoryBudget":"300Mi","budget":"1Gi","sensor":{"replica":2}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Code);
        Assert.Equal("BadRequest", answer.Reason);
        Assert.Equal("strict decoding error: unknown field \"spec.budget\", unknown field \"spec.sensor.replica\"", answer.Message);
        Assert.Empty(api.List("sensorstacks.sensorstack.io", "sensors"));
    }

    [Fact]
    public async Task Ignore_field_validation_prunes_silently()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks + "?fieldValidation=Ignore", Stack("""{"memoryBudget":"300Mi","budget":"1Gi"}"""));

        Assert.Equal(HttpStatusCode.Created, answer.Code);
        Assert.Empty(answer.Warnings);
        Assert.Null(answer.Body["spec"]!["budget"]);
    }

    [Fact]
    public async Task Merge_patches_and_updates_are_validated_too()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);
        await raw.SendAsync(HttpMethod.Post, Stacks, Stack("""{"memoryBudget":"300Mi"}"""));

        var patched = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo", """{"spec":{"sensor":{"replicas":0}}}""", "application/merge-patch+json");
        var current = (await raw.SendAsync(HttpMethod.Get, Stacks + "/demo")).Body;
        current["spec"]!["memoryBudget"] = 300;
        var replaced = await raw.SendAsync(HttpMethod.Put, Stacks + "/demo", current);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, patched.Code);
        Assert.Equal("SensorStack.sensorstack.io \"demo\" is invalid: spec.sensor.replicas: Invalid value: 0: spec.sensor.replicas in body should be greater than or equal to 1", patched.Message);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replaced.Code);
        Assert.Equal("SensorStack.sensorstack.io \"demo\" is invalid: spec.memoryBudget: Invalid value: \"integer\": spec.memoryBudget in body must be of type string: \"integer\"", replaced.Message);
        Assert.Equal(1, api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["spec"]!["sensor"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Status_writes_are_validated_against_the_status_schema()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);
        await raw.SendAsync(HttpMethod.Post, Stacks, Stack("""{"memoryBudget":"300Mi"}"""));
        var condition = """{"type":"Ready","status":"Maybe","reason":"Waiting","message":"","lastTransitionTime":"yesterday"}""";

        var answer = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo/status", "{\"status\":{\"conditions\":[" + condition + "]}}", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Code);
        Assert.Equal(
            "SensorStack.sensorstack.io \"demo\" is invalid: ["
            + "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\", "
            + "status.conditions[0].lastTransitionTime: Invalid value: \"yesterday\": status.conditions[0].lastTransitionTime in body must be of type date-time: \"yesterday\"]",
            answer.Message);
    }

    [Fact]
    public async Task A_status_write_is_not_refused_for_a_spec_stored_before_the_schema_got_stricter()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);
        api.Put(Stack("""{"memoryBudget":"300Mi","sensor":{"replicas":0}}"""));

        var answer = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo/status", """{"status":{"budget":"300Mi"}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, answer.Code);
        Assert.Equal("300Mi", api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["status"]!["budget"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_side_apply_of_an_undeclared_field_fails_whatever_fieldValidation_says()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);
        var body = Stack("""{"memoryBudget":"300Mi","budget":"1Gi"}""");

        var answer = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo?fieldManager=test&fieldValidation=Ignore", body, "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Code);
        Assert.Equal("failed to create typed patch object (sensors/demo; sensorstack.io/v1alpha1, Kind=SensorStack): .spec.budget: field not declared in schema", answer.Message);
        Assert.Empty(api.List("sensorstacks.sensorstack.io", "sensors"));
    }

    [Fact]
    public async Task Server_side_apply_is_defaulted_and_validated()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var applied = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo?fieldManager=test", Stack("""{"memoryBudget":"300Mi"}"""), "application/apply-patch+yaml");
        var refused = await raw.SendAsync(HttpMethod.Patch, Stacks + "/demo?fieldManager=test", Stack("""{"memoryBudget":"300Mi","sensor":{"replicas":-1}}"""), "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.Created, applied.Code);
        Assert.Equal("30s", applied.Body["spec"]!["scrapeInterval"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Code);
        Assert.Equal("SensorStack.sensorstack.io \"demo\" is invalid: spec.sensor.replicas: Invalid value: -1: spec.sensor.replicas in body should be greater than or equal to 1", refused.Message);
    }

    [Fact]
    public async Task Fixtures_store_objects_as_given()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        api.Put(Stack("""{"memoryBudget":42,"sensor":{"replicas":"many"}}"""));

        Assert.Equal(42, api.Get("sensorstacks.sensorstack.io", "sensors", "demo")!["spec"]!["memoryBudget"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_invalid_fieldValidation_value_is_a_bad_request()
    {
        await using var session = await StartAsync();
        var (api, raw) = (session.Api, session.Raw);

        var answer = await raw.SendAsync(HttpMethod.Post, Stacks + "?fieldValidation=Loose", Stack("""{"memoryBudget":"300Mi"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Code);
    }
}
