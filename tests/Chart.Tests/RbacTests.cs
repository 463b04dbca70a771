using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorStack.ChartTests.Support;

namespace SensorStack.ChartTests;

/// <summary>The operator's permissions: exactly what it uses, no wildcard, enough to grant what it grants.</summary>
public class RbacTests
{
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Manage = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>Group, resource and verbs of every permission the operator needs cluster-wide.</summary>
    private static readonly (string Group, string Resource, string[] Verbs)[] Needed =
    [
        ("sensorstack.io", "sensorstacks", Read),
        ("sensorstack.io", "sensorstacks/status", ["get", "update", "patch"]),
        ("sensorstack.io", "sensorstacks/finalizers", ["update"]),
        ("apps", "deployments", Manage),
        ("", "services", Manage),
        ("", "configmaps", Manage),
        ("", "serviceaccounts", Manage),
        ("rbac.authorization.k8s.io", "roles", Manage),
        ("rbac.authorization.k8s.io", "rolebindings", Manage),
        ("", "pods", Read),
        ("", "pods/resize", ["patch"]),
        ("", "endpoints", Read),
        ("discovery.k8s.io", "endpointslices", Read),
        ("metrics.k8s.io", "pods", ["get", "list"]),
        ("", "events", ["create", "patch"]),
        ("operator.victoriametrics.com", "vmservicescrapes", Manage),
        ("operator.victoriametrics.com", "vmrules", Manage),
    ];

    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void No_rule_uses_a_wildcard_or_a_privilege_granting_verb(string scenario)
    {
        var rules = Chart.Render(scenario).SelectMany(RulesOf).ToList();

        foreach (var (owner, rule) in rules)
        {
            var fields = (rule.ApiGroups ?? []).Concat(rule.Resources ?? []).Concat(rule.Verbs).Concat(rule.ResourceNames ?? []).Concat(rule.NonResourceURLs ?? []);
            Assert.DoesNotContain(fields, f => f.Contains('*', StringComparison.Ordinal));
            Assert.DoesNotContain(rule.Verbs, v => v is "escalate" or "bind" or "impersonate");
            Assert.DoesNotContain(rule.Resources ?? [], r => r == "secrets");
            Assert.True(rule.Verbs.Count > 0, $"{owner} has a rule without verbs");
        }
    }

    [Fact]
    public void The_cluster_role_grants_exactly_what_the_operator_uses()
    {
        var clusterRole = Chart.Render().OfType<V1ClusterRole>().Single();

        var granted = Flatten(clusterRole.Rules).ToHashSet();
        var needed = Needed.SelectMany(n => n.Verbs.Select(v => (n.Group, n.Resource, v))).ToHashSet();

        Assert.Empty(needed.Except(granted).Select(p => $"missing {p}"));
        Assert.Empty(granted.Except(needed).Select(p => $"not needed {p}"));
    }

    [Fact]
    public void The_leader_election_role_covers_the_operators_lease_in_the_lease_namespace_only()
    {
        var objects = Chart.Render(null, "leaderElection.namespace=leases");
        var role = objects.OfType<V1Role>().Single();
        var binding = objects.OfType<V1RoleBinding>().Single();
        var serviceAccount = objects.OfType<V1ServiceAccount>().Single();

        Assert.Equal("leases", role.Metadata.NamespaceProperty);
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
        Assert.Contains(binding.Subjects, s => s.Name == serviceAccount.Metadata.Name && s.NamespaceProperty == "sensor-system");
        Assert.All(role.Rules, r => Assert.Equal(["coordination.k8s.io"], r.ApiGroups));
        Assert.Contains(role.Rules, r => r.Verbs.SequenceEqual(["create"]) && r.ResourceNames is null);
        var named = role.Rules.Single(r => r.ResourceNames is not null);
        Assert.Equal(["sensor-operator-leader"], named.ResourceNames);
        Assert.Equal(["get", "update", "patch"], named.Verbs);
    }

    [Fact]
    public void Rbac_create_false_renders_no_rbac_and_uses_the_given_service_account()
    {
        var objects = Chart.Render("ci/external-rbac-values.yaml");

        Assert.Empty(objects.OfType<V1ClusterRole>());
        Assert.Empty(objects.OfType<V1Role>());
        Assert.Empty(objects.OfType<V1ServiceAccount>());
        Assert.Equal("sensor-operator", objects.OfType<V1Deployment>().Single().Spec.Template.Spec.ServiceAccountName);
    }

    /// <summary>
    /// Kubernetes refuses to let the operator create a Role granting more than the operator holds
    /// (RBAC escalation prevention), so every rule of every Role the planner builds must be
    /// covered by the ClusterRole. Also the operator must be able to write every kind it plans.
    /// </summary>
    [Fact]
    public void The_cluster_role_covers_every_child_and_every_permission_the_operator_grants_onwards()
    {
        var clusterRole = Chart.Render().OfType<V1ClusterRole>().Single();
        var granted = Flatten(clusterRole.Rules).ToHashSet();
        var stack = new V1Alpha1SensorStack
        {
            Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "sensors", Uid = "00000000-0000-0000-0000-000000000001" },
            Spec = new SensorStackSpec { MemoryBudget = "448Mi", Grafana = new GrafanaSpec { Enabled = true } },
        };

        var plan = Assert.IsType<FeasiblePlan>(StackPlanner.Plan(stack, PlannerDefaults.Default)).Plan;

        var grantedOnwards = plan.Children.OfType<V1Role>().SelectMany(r => Flatten(r.Rules)).ToList();
        Assert.NotEmpty(grantedOnwards);
        Assert.Empty(grantedOnwards.Where(p => !granted.Contains(p)).Select(p => $"planner's Role grants {p}, which the operator does not hold"));

        foreach (var kind in ChildKinds.All)
        {
            foreach (var verb in new[] { "get", "list", "watch", "patch", "delete" })
            {
                Assert.Contains((kind.Group, kind.Plural, verb), granted);
            }
        }
    }

    private static IEnumerable<(string Owner, V1PolicyRule Rule)> RulesOf(object obj) => obj switch
    {
        V1ClusterRole c => c.Rules.Select(r => ($"ClusterRole/{c.Metadata.Name}", r)),
        V1Role r => r.Rules.Select(rule => ($"Role/{r.Metadata.Name}", rule)),
        _ => [],
    };

    private static IEnumerable<(string Group, string Resource, string Verb)> Flatten(IEnumerable<V1PolicyRule> rules) =>
        from rule in rules
        from g in rule.ApiGroups ?? [""]
        from r in rule.Resources ?? []
        from v in rule.Verbs
        select (g, r, v);
}
