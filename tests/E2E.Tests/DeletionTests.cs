using k8s;
using SensorOperator.Planning;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>Children are owned by the SensorStack: deleting it lets the garbage collector remove them.</summary>
public class DeletionTests : ClusterTest
{
    [Fact(Timeout = 600_000)]
    public async Task Deleting_the_sensor_stack_removes_its_children()
    {
        var ns = await NamespaceAsync("delete");
        await ns.CreateAsync(Stacks.New("gone", ns.Name, "448Mi", grafana: true));
        await ns.WaitReadyAsync("gone");
        var selector = StackLabels.SelectorFor("gone");
        Assert.NotEmpty((await ns.Client.CoreV1.ListNamespacedConfigMapAsync(ns.Name, labelSelector: selector, cancellationToken: TestContext.Current.CancellationToken)).Items);

        await ns.DeleteAsync("gone");

        await Eventually.UntilAsync("every child removed", TimeSpan.FromMinutes(2), async ct =>
        {
            var left = new List<string>();
            left.AddRange((await ns.Client.AppsV1.ListNamespacedDeploymentAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"Deployment/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.CoreV1.ListNamespacedServiceAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"Service/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.CoreV1.ListNamespacedConfigMapAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"ConfigMap/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.CoreV1.ListNamespacedServiceAccountAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"ServiceAccount/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.RbacAuthorizationV1.ListNamespacedRoleAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"Role/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns.Name, labelSelector: selector, cancellationToken: ct)).Items.Select(o => $"RoleBinding/{o.Metadata.Name}"));
            left.AddRange((await ns.Client.CoreV1.ListNamespacedPodAsync(ns.Name, labelSelector: $"{StackLabels.Instance}=gone", cancellationToken: ct)).Items.Select(o => $"Pod/{o.Metadata.Name}"));
            return (left.Count == 0, true, $"still present: {string.Join(", ", left)}");
        });
    }
}
