using k8s;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Selectors;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class SelectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (db, web)", true)]
    [InlineData("app notin (db,web)", false)]
    [InlineData("missing notin (a)", true)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("app=web,tier in (front,back),!missing", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("", true)]
    public void Label_selectors_match_as_in_Kubernetes(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in web")]
    [InlineData("=web")]
    [InlineData("app=web,,tier")]
    public void Malformed_label_selectors_are_rejected_with_400(string selector)
    {
        var e = Assert.Throws<StatusException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selectors()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", labels: new Dictionary<string, string> { ["managed"] = "yes" }), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", labels: new Dictionary<string, string> { ["managed"] = "yes" }), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct);

        var managed = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "managed=yes", cancellationToken: Ct);
        var unmanaged = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "!managed", cancellationToken: Ct);
        var byName = await client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=b", cancellationToken: Ct);
        var notB = await client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name!=b", labelSelector: "managed", cancellationToken: Ct);

        Assert.Equal(["a", "b"], managed.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["c"], unmanaged.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["b"], byName.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["a"], notB.Items.Select(i => i.Metadata.Name));
    }
}
