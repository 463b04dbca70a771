using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using YamlDotNet.RepresentationModel;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning;

/// <summary>What every child object carries and what each runtime is told.</summary>
public class ChildrenTests
{
    private static readonly StackPlan Plan = Feasible(Stack("512Mi", s =>
    {
        s.ScrapeInterval = "1m30s";
        s.Sensor = new SensorSpec { Replicas = 2 };
        s.Grafana = new GrafanaSpec { Enabled = true };
        s.Alerting = new AlertingSpec { Enabled = true };
    }));

    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> AllChildren => [.. Plan.Children, Plan.ServiceScrape, Plan.Rule!];

    private static V1Deployment Deployment(string name) => Plan.Children.OfType<V1Deployment>().Single(d => d.Metadata.Name == name);

    private static ComponentPlan Component(string name) => Plan.Components.Single(c => c.Name == name);

    private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;

    [Fact]
    public void Children_are_the_documented_objects_in_apply_order()
    {
        Assert.Equal(
        [
            "ServiceAccount/demo-vm", "Role/demo-vm", "RoleBinding/demo-vm",
            "ConfigMap/demo-scrape", "ConfigMap/demo-grafana-datasources", "ConfigMap/demo-grafana-dashboards", "ConfigMap/demo-rules",
            "Service/demo-sensor", "Service/demo-vm", "Service/demo-grafana", "Service/demo-vmalert",
            "Deployment/demo-sensor", "Deployment/demo-vm", "Deployment/demo-grafana", "Deployment/demo-vmalert",
        ], Plan.Children.Select(c => $"{c.Kind}/{c.Metadata.Name}"));
        Assert.Equal("VMServiceScrape/demo-sensor", $"{Plan.ServiceScrape.Kind}/{Plan.ServiceScrape.Metadata.Name}");
        Assert.Equal("VMRule/demo-rules", $"{Plan.Rule!.Kind}/{Plan.Rule.Metadata.Name}");
    }

    [Fact]
    public void Without_Grafana_there_is_no_Grafana_object()
    {
        var plan = Feasible(Stack("300Mi"));
        Assert.DoesNotContain(plan.Children, c => c.Metadata.Name.Contains("grafana", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Children, c => c.Metadata.Name.EndsWith("-vmalert", StringComparison.Ordinal) || c.Metadata.Name.EndsWith("-rules", StringComparison.Ordinal));
        Assert.Null(plan.Rule);
        Assert.Null(plan.Alerting);
        Assert.DoesNotContain("grafana", plan.Children.OfType<V1ConfigMap>().Single().Data["scrape.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_kind_the_plan_produces_is_listed_as_owned()
    {
        var owned = ChildKinds.All.Select(k => (k.ApiVersion, k.Kind)).ToHashSet();
        Assert.All(AllChildren, c => Assert.Contains((c.ApiVersion, c.Kind), owned));
        Assert.Equal(owned.Count, AllChildren.Select(c => (c.ApiVersion, c.Kind)).Distinct().Count());
    }

    [Fact]
    public void Every_child_has_the_labels_and_a_controller_owner_reference()
    {
        foreach (var child in AllChildren)
        {
            var labels = child.Metadata.Labels;
            Assert.Equal("demo", labels["app.kubernetes.io/instance"]);
            Assert.Equal("sensor-stack", labels["app.kubernetes.io/part-of"]);
            Assert.Equal("sensor-operator", labels["app.kubernetes.io/managed-by"]);
            Assert.False(string.IsNullOrEmpty(labels["app.kubernetes.io/name"]));
            Assert.False(string.IsNullOrEmpty(labels["app.kubernetes.io/component"]));
            Assert.Equal("sensors", child.Metadata.NamespaceProperty);

            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal(("sensorstack.io/v1alpha1", "SensorStack", "demo", "6f1c2e9a-0000-4000-8000-000000000001", true, true),
                (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        }
    }

    [Fact]
    public void The_child_selector_matches_every_child_and_names_are_unique_per_kind()
    {
        var selector = Plan.ChildSelector.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.All(AllChildren, c => Assert.All(selector, s => Assert.Equal(s.Value, c.Metadata.Labels[s.Key])));
        Assert.Equal(AllChildren.Count(), AllChildren.Select(c => (c.Kind, c.Metadata.Name)).Distinct().Count());
    }

    [Fact]
    public void A_stack_without_a_uid_gets_no_owner_reference_rather_than_an_invalid_one()
    {
        var plan = Feasible(Stack("300Mi", uid: null));
        Assert.All(plan.Children, c => Assert.Null(c.Metadata.OwnerReferences));
    }

    [Fact]
    public void Every_pod_meets_the_restricted_pod_security_standard()
    {
        foreach (var deployment in Plan.Children.OfType<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.Null(pod.HostNetwork);
            Assert.Null(pod.HostPID);
            foreach (var container in pod.Containers)
            {
                var sc = container.SecurityContext;
                Assert.False(sc.AllowPrivilegeEscalation);
                Assert.True(sc.ReadOnlyRootFilesystem);
                Assert.Equal(["ALL"], sc.Capabilities.Drop);
                Assert.Null(sc.Capabilities.Add);
                Assert.Null(sc.Privileged);
                Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
                Assert.NotNull(pod.Volumes.Single(v => v.Name == container.VolumeMounts.Single(m => m.MountPath == "/tmp").Name).EmptyDir);
                Assert.NotNull(container.ReadinessProbe?.HttpGet);
                Assert.NotNull(container.LivenessProbe?.HttpGet);
            }
        }
    }

    [Fact]
    public void Memory_request_equals_limit_equals_the_plan()
    {
        foreach (var component in Plan.Components)
        {
            var resources = Deployment(component.DeploymentName).Spec.Template.Spec.Containers.Single().Resources;
            Assert.Equal(component.LimitBytes, (long)resources.Limits["memory"].ToDecimal());
            Assert.Equal(component.LimitBytes, (long)resources.Requests["memory"].ToDecimal());
            Assert.False(resources.Limits.ContainsKey("cpu")); // a CPU limit would throttle the spikes the sensor measures
        }
    }

    [Fact]
    public void The_sensor_is_told_a_GC_heap_limit_of_three_quarters_of_its_limit_as_a_percentage_in_bare_hex()
    {
        var container = Deployment("demo-sensor").Spec.Template.Spec.Containers.Single();
        // A percentage follows an in-place resize (GC.RefreshMemoryLimit recomputes it); bytes would not.
        Assert.DoesNotContain(container.Env, e => e.Name == "DOTNET_GCHeapHardLimit");
        var value = Env(container, "DOTNET_GCHeapHardLimitPercent");
        // Bare hex digits: NativeAOT's configuration reader treats an "0x" prefix as a parse error.
        Assert.Equal("4B", value);
        Assert.Equal(75, int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal("0", Env(container, "DOTNET_gcServer"));
    }

    [Fact]
    public void VictoriaMetrics_is_told_its_memory_share_concurrency_retention_and_scrape_config()
    {
        var container = Deployment("demo-vm").Spec.Template.Spec.Containers.Single();
        var args = container.Args.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        var limit = Component(ComponentNames.VictoriaMetrics).LimitBytes;
        Assert.Equal(MemoryPolicy.VictoriaMetricsAllowedPercent(limit).ToString(CultureInfo.InvariantCulture), args["-memory.allowedPercent"]);
        Assert.InRange(int.Parse(args["-memory.allowedPercent"], CultureInfo.InvariantCulture), 10, 60);
        Assert.InRange(int.Parse(args["-search.maxConcurrentRequests"], CultureInfo.InvariantCulture), 2, 16);
        Assert.Equal("1d", args["-retentionPeriod"]);
        Assert.Equal("/etc/victoria-metrics/scrape/scrape.yaml", args["-promscrape.config"]);
        Assert.Equal("30s", args["-promscrape.configCheckInterval"]);

        var pod = Deployment("demo-vm").Spec.Template.Spec;
        Assert.Equal("demo-vm", pod.ServiceAccountName);
        var scrapeVolume = pod.Volumes.Single(v => v.ConfigMap is not null);
        Assert.Equal("demo-scrape", scrapeVolume.ConfigMap.Name);
        Assert.Contains(container.VolumeMounts, m => m.Name == scrapeVolume.Name && m.MountPath == "/etc/victoria-metrics/scrape");
    }

    [Theory]
    [InlineData(64, 37, 2)]
    [InlineData(102, 60, 3)]
    [InlineData(1024, 60, 16)]
    [InlineData(16, 10, 2)]
    public void VictoriaMetrics_settings_scale_with_its_limit(long limitMi, int percent, int concurrency)
    {
        Assert.Equal(percent, MemoryPolicy.VictoriaMetricsAllowedPercent(Mi(limitMi)));
        Assert.Equal(concurrency, MemoryPolicy.VictoriaMetricsMaxConcurrentRequests(Mi(limitMi)));
    }

    [Fact]
    public void Grafana_is_told_GOMEMLIMIT_at_four_fifths_and_stays_offline()
    {
        var container = Deployment("demo-grafana").Spec.Template.Spec.Containers.Single();
        var limitMi = Component(ComponentNames.Grafana).LimitBytes / Quantities.Mebibyte;
        var goMemLimit = Env(container, "GOMEMLIMIT");
        Assert.EndsWith("MiB", goMemLimit);
        Assert.InRange(long.Parse(goMemLimit[..^3], CultureInfo.InvariantCulture), limitMi * 79 / 100, limitMi * 80 / 100);
        Assert.Equal("false", Env(container, "GF_ANALYTICS_REPORTING_ENABLED"));
        Assert.Equal("false", Env(container, "GF_ANALYTICS_CHECK_FOR_UPDATES"));
        Assert.Equal("false", Env(container, "GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES"));
        Assert.Equal("true", Env(container, "GF_PLUGINS_PREINSTALL_DISABLED"));
    }

    [Fact]
    public void The_sensor_service_exposes_http_and_metrics()
    {
        var service = Plan.Children.OfType<V1Service>().Single(s => s.Metadata.Name == "demo-sensor");
        Assert.Equal([("http", 8080), ("metrics", 9102)], service.Spec.Ports.Select(p => (p.Name, p.Port)));
        Assert.Equal(Component(ComponentNames.Sensor).SelectorLabels, service.Spec.Selector);
        Assert.Equal(Component(ComponentNames.Sensor).SelectorLabels, Deployment("demo-sensor").Spec.Selector.MatchLabels);
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, Deployment("demo-sensor").Spec.Template.Metadata.Labels[l.Key]));
    }

    [Fact]
    public void VictoriaMetrics_may_only_read_what_endpoint_discovery_needs_in_its_namespace()
    {
        var role = Plan.Children.OfType<V1Role>().Single();
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["endpoints", "services", "pods"], rule.Resources);
        Assert.Equal(["get", "list", "watch"], rule.Verbs);
        Assert.Null(rule.ResourceNames);

        var binding = Plan.Children.OfType<V1RoleBinding>().Single();
        Assert.Equal(("Role", "demo-vm"), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "demo-vm", "sensors"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.False(Deployment("demo-sensor").Spec.Template.Spec.AutomountServiceAccountToken);
        Assert.False(Deployment("demo-grafana").Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public void The_scrape_config_discovers_only_the_sensor_metrics_port_in_the_namespace_at_the_spec_interval()
    {
        var text = Plan.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "demo-scrape").Data["scrape.yaml"];
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var job = (YamlMappingNode)((YamlSequenceNode)root["scrape_configs"])[0];

        Assert.Equal("1m30s", job["scrape_interval"].ToString());
        var sd = (YamlMappingNode)((YamlSequenceNode)job["kubernetes_sd_configs"])[0];
        Assert.Equal("endpoints", sd["role"].ToString());
        Assert.Equal(["sensors"], ((YamlSequenceNode)((YamlMappingNode)sd["namespaces"])["names"]).Select(n => n.ToString()));

        var keeps = ((YamlSequenceNode)job["relabel_configs"]).Cast<YamlMappingNode>()
            .Where(r => r.Children.ContainsKey("action") && r["action"].ToString() == "keep")
            .ToDictionary(r => ((YamlSequenceNode)r["source_labels"])[0].ToString(), r => r["regex"].ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["__meta_kubernetes_service_name"] = "demo-sensor",
            ["__meta_kubernetes_endpoint_port_name"] = "metrics",
        }, keeps);
    }

    [Fact]
    public void The_scrape_interval_defaults_to_30s()
    {
        var plan = Feasible(Stack("300Mi"));
        Assert.Contains("scrape_interval: 30s", plan.Children.OfType<V1ConfigMap>().Single().Data["scrape.yaml"], StringComparison.Ordinal);
        Assert.Equal("30s", plan.ServiceScrape.Spec.Endpoints.Single().Interval);
    }

    [Fact]
    public void The_VMServiceScrape_selects_the_sensor_Service_metrics_port()
    {
        var scrape = Plan.ServiceScrape;
        Assert.Equal("operator.victoriametrics.com/v1beta1", scrape.ApiVersion);
        Assert.Equal(Component(ComponentNames.Sensor).SelectorLabels, scrape.Spec.Selector.MatchLabels);
        Assert.Equal(["sensors"], scrape.Spec.NamespaceSelector!.MatchNames);
        var endpoint = Assert.Single(scrape.Spec.Endpoints);
        Assert.Equal(("metrics", "/metrics", "1m30s"), (endpoint.Port, endpoint.Path, endpoint.Interval));
        var service = Plan.Children.OfType<V1Service>().Single(s => s.Metadata.Name == "demo-sensor");
        Assert.All(scrape.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, service.Metadata.Labels[l.Key]));
    }

    [Fact]
    public void Grafana_gets_a_VictoriaMetrics_datasource_and_a_dashboard_of_spikes_and_memory_against_limits_and_budget()
    {
        var datasources = Plan.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "demo-grafana-datasources").Data["datasources.yaml"];
        Assert.Contains("url: http://demo-vm.sensors.svc:8428", datasources, StringComparison.Ordinal);
        Assert.Contains("type: prometheus", datasources, StringComparison.Ordinal);

        var dashboards = Plan.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "demo-grafana-dashboards").Data;
        Assert.Contains("path: /etc/grafana/provisioning/dashboards", dashboards["dashboards.yaml"], StringComparison.Ordinal);
        var dashboard = JsonNode.Parse(dashboards["sensor-stack.json"])!;
        var exprs = dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => t!["expr"]!.GetValue<string>()).ToList();

        Assert.Contains(exprs, e => e.Contains("sensor_cpu_spike_seconds_bucket", StringComparison.Ordinal));
        Assert.Contains(exprs, e => e.Contains("histogram_quantile", StringComparison.Ordinal));
        foreach (var component in Plan.Components)
        {
            Assert.Contains($"vector({component.LimitBytes})", exprs);
        }

        Assert.Contains($"vector({Plan.BudgetBytes})", exprs);
        Assert.Contains(exprs, e => e.Contains("process_resident_memory_bytes{job=\"victoria-metrics\"}", StringComparison.Ordinal));
        Assert.Contains(exprs, e => e.Contains("job=\"demo-grafana\"", StringComparison.Ordinal));

        var mount = Deployment("demo-grafana").Spec.Template.Spec;
        Assert.Equal(["demo-grafana-datasources", "demo-grafana-dashboards"], mount.Volumes.Where(v => v.ConfigMap is not null).Select(v => v.ConfigMap.Name));
    }
}
