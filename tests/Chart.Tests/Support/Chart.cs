using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorStack.Testing;

namespace SensorStack.ChartTests.Support;

/// <summary>The chart under test and the ways the tests render it with the real helm.</summary>
public static class Chart
{
    public static string Directory => Path.Combine(RepositoryRoot.Path, "charts", "sensor-stack");

    /// <summary>The chart's ci/*-values.yaml scenarios, relative to the chart directory.</summary>
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "ci"), "*-values.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine("ci", Path.GetFileName(file)));
        }

        return data;
    }

    public static ToolResult Helm(params IEnumerable<string> arguments) => ToolRun.Run(RequiredTool.Find("helm"), arguments);

    /// <summary>`helm template` with a scenario file and extra --set values; fails the test when helm fails.</summary>
    public static string Template(string? scenario = null, string releaseName = "sensor-stack", params string[] sets)
    {
        var result = Helm(TemplateArguments(scenario, releaseName, sets));
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Describe()}");
        return result.StandardOutput;
    }

    public static IEnumerable<string> TemplateArguments(string? scenario, string releaseName, IEnumerable<string> sets)
    {
        List<string> args = ["template", releaseName, Directory, "--namespace", "sensor-system", "--include-crds"];
        if (scenario is not null)
        {
            args.AddRange(["--values", Path.Combine(Directory, scenario)]);
        }

        foreach (var set in sets)
        {
            args.AddRange(["--set", set]);
        }

        return args;
    }

    /// <summary>
    /// Every rendered object, deserialized strictly (an unknown field throws) into the
    /// KubernetesClient models, and the SensorStack into the operator's own model.
    /// </summary>
    public static IReadOnlyList<object> Load(string renderedYaml)
    {
        var typeMap = new Dictionary<string, Type>
        {
            ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
            ["v1/Service"] = typeof(V1Service),
            ["v1/Pod"] = typeof(V1Pod),
            ["v1/ConfigMap"] = typeof(V1ConfigMap),
            ["apps/v1/Deployment"] = typeof(V1Deployment),
            ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
            ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
            ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
            ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
            ["apiextensions.k8s.io/v1/CustomResourceDefinition"] = typeof(V1CustomResourceDefinition),
            [$"{V1Alpha1SensorStack.GroupVersion}/{V1Alpha1SensorStack.ResourceKind}"] = typeof(V1Alpha1SensorStack),
        };
        return ModelYaml.LoadAllFromString(renderedYaml, typeMap, strict: true);
    }

    public static IReadOnlyList<object> Render(string? scenario = null, params string[] sets) => Load(Template(scenario, "sensor-stack", sets));

    /// <summary>Every pod spec in the rendered objects (Deployment templates and bare Pods) with a name for messages.</summary>
    public static IEnumerable<(string Owner, V1PodSpec Spec)> PodSpecs(IEnumerable<object> objects)
    {
        foreach (var obj in objects)
        {
            switch (obj)
            {
                case V1Deployment d:
                    yield return ($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec);
                    break;
                case V1Pod p:
                    yield return ($"Pod/{p.Metadata.Name}", p.Spec);
                    break;
            }
        }
    }
}
