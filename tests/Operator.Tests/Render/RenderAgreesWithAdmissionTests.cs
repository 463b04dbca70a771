using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;

namespace SensorOperator.Tests.Render;

/// <summary>
/// Generated specs (fixed seed, so a failure reproduces), valid and broken in every way the schema
/// knows (types, patterns, bounds, lengths, required and unknown fields), each sent to the fake API
/// server with kubectl's strict field validation and rendered: the server refuses exactly what
/// render refuses as invalid input with the same field errors, and what the server admits either
/// renders, does not fit (exit 1), or is refused by the planner's twin of a CEL rule the fake
/// does not evaluate.
/// </summary>
public class RenderAgreesWithAdmissionTests
{
    private const int Cases = 1500;
    private const string Stacks = "apis/sensorstack.io/v1alpha1/namespaces/sensors/sensorstacks?fieldValidation=Strict";

    // Per field: values the schema admits (the CEL rules may still refuse some), then values it refuses.
    private static readonly (object?[] Good, object[] Bad) Budgets = (["300Mi", "1Gi", "96Mi", "95Mi", "2Gi", "300MB", "128Mi"], [300, "123456789012345678901234567890123"]);
    private static readonly (object?[] Good, object[] Bad) Intervals = (["30s", "10s", "9s", "1m30s", null], ["soon", 30]);
    private static readonly (object?[] Good, object[] Bad) Replicas = ([1, 2, 5, 100, null], [0, 101, "two", 1.5]);
    private static readonly (object?[] Good, object[] Bad) Limits = (["16Mi", "64Mi", "200Mi", "15Mi", "64MB", null, null, null, null], [64]);
    private static readonly (object?[] Good, object[] Bad) Retentions = (["1d", "2w", "24h", "23h", null], ["1m", "forever", 5]);
    private static readonly (object?[] Good, object[] Bad) Enabled = ([true, false, null], ["yes", 1]);
    private static readonly string[] CelFields =
        ["metadata.name", "spec.memoryBudget", "spec.scrapeInterval", "spec.victoriaMetrics.retention", "spec.sensor.memoryLimit", "spec.victoriaMetrics.memoryLimit", "spec.grafana.memoryLimit"];

    private static readonly string[] Outcomes = ["rendered", "does not fit", "CEL twin", "refused"];

    [Fact]
    public async Task What_the_API_server_admits_renders_or_is_refused_by_the_planner_and_nothing_else()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: ct);
        api.InstallCustomResourceDefinition(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml"), ct));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        var random = new Random(20261201);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var stack = Generate(random, $"stack-{i}");
            var yaml = stack.ToJsonString(); // JSON is YAML
            using var response = await http.PostAsync(Stacks, new StringContent(yaml, Encoding.UTF8, "application/json"), ct);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = RenderCommand.Run("-", null, false, output, error, new StringReader(yaml));
            var context = $"case {i}: {yaml}\nserver: {(int)response.StatusCode} {status["message"]}\nrender: {exit} {error}";

            if (response.StatusCode == HttpStatusCode.Created)
            {
                var outcome = exit switch
                {
                    0 => "rendered",
                    RenderCommand.Infeasible => "does not fit",
                    RenderCommand.InvalidInput when PlannerRefusal(error.ToString()) is { } field && CelFields.Contains(field) => "CEL twin",
                    _ => throw new Xunit.Sdk.XunitException($"admitted but render refused it as input: {context}"),
                };
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            else
            {
                Assert.True(exit == RenderCommand.InvalidInput, context);
                Assert.True(SchemaErrors(status).SequenceEqual(RenderErrors(error.ToString())), context);
                outcomes["refused"] = outcomes.GetValueOrDefault("refused") + 1;
            }
        }

        // Each way must be exercised in quantity, or the agreement proves little.
        var summary = string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"));
        Assert.True(Outcomes.All(k => outcomes.GetValueOrDefault(k) >= 50), summary);
    }

    /// <summary>The field errors of a refusal: the causes of a 422, the unknown fields of a strict 400.</summary>
    private static List<string> SchemaErrors(JsonNode status)
    {
        var message = status["message"]!.GetValue<string>();
        const string strict = "strict decoding error: ";
        if (message.StartsWith(strict, StringComparison.Ordinal))
        {
            return [.. message[strict.Length..].Split(", unknown field ").Select((p, i) => i == 0 ? p : "unknown field " + p)];
        }

        return [.. status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}")];
    }

    /// <summary>render's lines are <c>-:line:column: error</c>.</summary>
    private static List<string> RenderErrors(string error) =>
        [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..])];

    /// <summary>The field of a planner refusal (<c>-: SensorStack ns/name: field: ...</c>), or null for anything else.</summary>
    private static string? PlannerRefusal(string error)
    {
        const string marker = ": SensorStack ";
        var at = error.IndexOf(marker, StringComparison.Ordinal);
        if (!error.StartsWith("-: ", StringComparison.Ordinal) || at < 0)
        {
            return null;
        }

        var rest = error[(at + marker.Length)..];
        var afterId = rest[(rest.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        return afterId[..afterId.IndexOf(':', StringComparison.Ordinal)];
    }

    private static JsonObject Generate(Random random, string name)
    {
        var spec = new JsonObject();
        if (random.Next(20) > 0)
        {
            Maybe(random, spec, "memoryBudget", Budgets); // else missing, which the schema requires
        }

        Maybe(random, spec, "scrapeInterval", Intervals);
        if (random.Next(3) > 0)
        {
            var sensor = new JsonObject();
            Maybe(random, sensor, "replicas", Replicas);
            Maybe(random, sensor, "memoryLimit", Limits);
            spec["sensor"] = sensor;
        }

        if (random.Next(3) > 0)
        {
            var vm = new JsonObject();
            Maybe(random, vm, "retention", Retentions);
            Maybe(random, vm, "memoryLimit", Limits);
            spec["victoriaMetrics"] = vm;
        }

        if (random.Next(3) > 0)
        {
            var grafana = new JsonObject();
            Maybe(random, grafana, "enabled", Enabled);
            Maybe(random, grafana, "memoryLimit", Limits);
            spec["grafana"] = grafana;
        }

        if (random.Next(20) == 0)
        {
            spec["budget"] = "1Gi"; // a misspelled field
        }

        // Mostly good names; some the name rules (CEL at the root) refuse: upper case, 44 characters.
        var names = new[] { name, name, name, name, name, name, "Upper-" + name, $"{name}-{new string('y', 43 - name.Length)}" };
        return new JsonObject
        {
            ["apiVersion"] = "sensorstack.io/v1alpha1",
            ["kind"] = "SensorStack",
            ["metadata"] = new JsonObject { ["name"] = names[random.Next(names.Length)], ["namespace"] = "sensors" },
            ["spec"] = spec,
        };
    }

    private static void Maybe(Random random, JsonObject into, string key, (object?[] Good, object[] Bad) choices)
    {
        var value = random.Next(15) == 0 ? choices.Bad[random.Next(choices.Bad.Length)] : choices.Good[random.Next(choices.Good.Length)];
        if (value is not null)
        {
            into[key] = JsonValue.Create(value);
        }
    }
}
