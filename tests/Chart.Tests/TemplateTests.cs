using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Cli;
using SensorStack.ChartTests.Support;

namespace SensorStack.ChartTests;

/// <summary>What `helm template` renders: valid Kubernetes objects with the shape the operator needs.</summary>
public class TemplateTests
{
    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void Rendered_objects_deserialize_strictly_into_the_kubernetes_models(string scenario)
    {
        // Chart.Load throws on any unknown field or unexpected kind.
        var objects = Chart.Render(scenario);

        Assert.Single(objects.OfType<V1Deployment>());
        Assert.Single(objects.OfType<V1CustomResourceDefinition>(), crd => crd.Metadata.Name == "sensorstacks.sensorstack.io");
    }

    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void Every_pod_template_meets_the_restricted_pod_security_profile(string scenario)
    {
        var pods = Chart.PodSpecs(Chart.Render(scenario)).ToList();

        Assert.NotEmpty(pods);
        foreach (var (owner, spec) in pods)
        {
            var violations = RestrictedProfile.Violations(spec);
            Assert.True(violations.Count == 0, $"{owner} ({scenario}):\n  {string.Join("\n  ", violations)}");
        }
    }

    [Fact]
    public void The_restricted_profile_check_catches_a_root_container_without_limits()
    {
        // Guards the guard: a pod spec with the usual mistakes must be reported, not waved through.
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "app", Image = "x", SecurityContext = new V1SecurityContext { RunAsUser = 0 } }],
            Volumes = [new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/" } }],
        };

        var violations = RestrictedProfile.Violations(spec);

        Assert.Contains(violations, v => v.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("runAsUser is 0", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("capabilities must drop ALL", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("seccompProfile", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("volume host", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("no memory limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Strict_loading_refuses_an_unknown_field_and_an_unknown_kind()
    {
        // Guards the guard: a misspelt field must not be silently dropped by the loader.
        const string typo = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: x }
            spec: { replica: 1, selector: {}, template: {} }
            """;
        const string unknownKind = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: { name: x }
            """;

        Assert.ThrowsAny<Exception>(() => Chart.Load(typo));
        Assert.ThrowsAny<Exception>(() => Chart.Load(unknownKind));
    }

    [Fact]
    public void The_operator_deployment_wires_probes_leader_election_identity_and_guaranteed_memory()
    {
        var deployment = Chart.Render().OfType<V1Deployment>().Single();
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("run", container.Args[0]);
        Assert.Equal("true", ArgValue(container, "--leader-elect"));
        Assert.Equal("sensor-system", ArgValue(container, "--leader-election-namespace"));
        Assert.Equal("ghcr.io/sensorstack/sensor-service:0.1.0", ArgValue(container, "--sensor-image"));
        Assert.Equal("metadata.name", container.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", container.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal(container.Resources.Limits["memory"].ToInt64(), container.Resources.Requests["memory"].ToInt64());
        Assert.Equal("ghcr.io/sensorstack/sensor-operator:0.1.0", container.Image);
    }

    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void The_operator_arguments_are_accepted_by_sensor_operator_run(string scenario)
    {
        var args = Chart.Render(scenario).OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single().Args;

        Assert.Equal("run", args[0]);
        var parse = RunCommand.Create().Parse([.. args.Skip(1)]);
        Assert.Empty(parse.Errors.Select(e => e.Message));
        Assert.Empty(parse.UnmatchedTokens);
    }

    [Fact]
    public void Values_flow_into_the_operator_arguments()
    {
        var deployment = Chart.Render(null,
            "sensorImage=registry.example/sensor:abc", "watchNamespace=sensors", "image.tag=abc123",
            "observeInterval=1m", "logLevel=debug", "leaderElection.namespace=leases").OfType<V1Deployment>().Single();
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Equal("registry.example/sensor:abc", ArgValue(container, "--sensor-image"));
        Assert.Equal("sensors", ArgValue(container, "--namespace"));
        Assert.Equal("1m", ArgValue(container, "--observe-interval"));
        Assert.Equal("debug", ArgValue(container, "--log-level"));
        Assert.Equal("leases", ArgValue(container, "--leader-election-namespace"));
        Assert.Equal("ghcr.io/sensorstack/sensor-operator:abc123", container.Image);
    }

    [Fact]
    public void The_optional_sensor_stack_is_rendered_from_the_stack_values_only_when_enabled()
    {
        Assert.Empty(Chart.Render().OfType<V1Alpha1SensorStack>());

        var stack = Chart.Render(null, "stack.enabled=true", "stack.name=lab", "stack.memoryBudget=512Mi",
            "stack.scrapeInterval=15s", "stack.grafana.enabled=true").OfType<V1Alpha1SensorStack>().Single();

        Assert.Equal("lab", stack.Metadata.Name);
        Assert.Equal("sensor-system", stack.Metadata.NamespaceProperty);
        Assert.Equal("512Mi", stack.Spec.MemoryBudget);
        Assert.Equal("15s", stack.Spec.ScrapeInterval);
        Assert.True(stack.Spec.Grafana?.Enabled);
    }

    [Fact]
    public void Object_names_stay_within_63_characters_for_a_long_release_name()
    {
        // 53 characters is Helm's limit for a release name; "<release>-sensor-stack" is then 66.
        var release = new string('r', 53);
        var objects = Chart.Load(Chart.Template("ci/stack-values.yaml", release));

        var named = objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Select(o => (o.Kind, o.Metadata.Name)).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, o => Assert.True(o.Name.Length <= 63 && !o.Name.EndsWith('-'), $"{o.Kind} '{o.Name}' is not a valid name of at most 63 characters"));
        Assert.Equal(named.Count, named.Distinct().Count());
    }

    private static string ArgValue(V1Container container, string flag)
    {
        var index = container.Args.IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < container.Args.Count, $"{flag} is not among the arguments: {string.Join(' ', container.Args)}");
        return container.Args[index + 1];
    }
}
