using ControllerMachinery;
using k8s;
using System.Net;
using k8s.Autorest;
using SensorOperator.Api;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>Bad input: refused at admission by the CRD's CEL rules, or reported in status; nothing created, nothing crashes.</summary>
public class InvalidSpecTests : ClusterTest
{
    [Theory(Timeout = 120_000)]
    [InlineData("1Ki", "30s", "memoryBudget must be at least 96Mi")]
    [InlineData("lots", "30s", "memoryBudget must be a Kubernetes quantity")]
    [InlineData("300Mi", "1s", "scrapeInterval must be at least 10s")]
    public async Task A_malformed_or_tiny_spec_is_refused_by_the_api_server(string budget, string interval, string message)
    {
        var ns = await NamespaceAsync("cel");

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => ns.CreateAsync(Stacks.New("bad", ns.Name, budget, scrapeInterval: interval)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_malformed_interval_gets_only_its_pattern_message_not_a_CEL_conversion_error()
    {
        var ns = await NamespaceAsync("cel-guard");

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => ns.CreateAsync(Stacks.New("bad", ns.Name, "300Mi", scrapeInterval: "soon")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("spec.scrapeInterval in body should match", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("type conversion error", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("scrapeInterval must be at least 10s", refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task Limits_that_exceed_the_budget_are_reported_in_status_and_as_an_event_without_children()
    {
        var ns = await NamespaceAsync("infeasible");
        var operatorRestarts = await OperatorRestartsAsync(ns);
        var stack = await ns.CreateAsync(Samples.Load("infeasible.yaml", ns.Name));
        var name = stack.Metadata.Name;

        var reported = await Eventually.UntilAsync("BudgetAllocated=False reported", TimeSpan.FromMinutes(2), async ct =>
        {
            var s = await ns.GetAsync(name, ct);
            var allocated = s.Condition(ConditionTypes.BudgetAllocated);
            return (allocated?.Status == "False", s, Stacks.Describe(s));
        });

        Assert.Equal(ConditionReasons.LimitsExceedBudget, reported.Condition(ConditionTypes.BudgetAllocated)!.Reason);
        Assert.NotEqual("True", reported.Condition(ConditionTypes.Ready)?.Status);
        Assert.Empty(await ns.DeploymentsAsync(name, TestContext.Current.CancellationToken));
        await Eventually.UntilAsync("a LimitsExceedBudget warning event", TimeSpan.FromMinutes(1), async ct =>
        {
            var events = await ns.Client.CoreV1.ListNamespacedEventAsync(ns.Name, cancellationToken: ct);
            var found = events.Items.Any(e => e.Type == "Warning" && e.Reason == ConditionReasons.LimitsExceedBudget && e.InvolvedObject.Name == name);
            return (found, true, string.Join("; ", events.Items.Select(e => $"{e.Type} {e.Reason} {e.InvolvedObject.Name}")));
        });
        Assert.Equal(operatorRestarts, await OperatorRestartsAsync(ns));
    }

    private static async Task<int> OperatorRestartsAsync(TestNamespace ns)
    {
        var pods = await ns.Client.CoreV1.ListNamespacedPodAsync("sensor-system", labelSelector: "app.kubernetes.io/component=operator",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(pods.Items);
        return pods.Items.Sum(p => p.Status.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0);
    }
}
