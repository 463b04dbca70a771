namespace SensorStack.E2ETests.Support;

/// <summary>
/// Base of every e2e test class: hands out namespaces of their own and removes them when the test
/// class is disposed. xunit disposes the class after the test has finished, when its result is
/// known, so a failed test's namespaces are dumped first (logs, events, describe).
/// </summary>
public abstract class ClusterTest : IAsyncDisposable
{
    private readonly List<TestNamespace> namespaces = [];

    protected async Task<TestNamespace> NamespaceAsync(string prefix)
    {
        var ns = await TestNamespace.CreateAsync(prefix);
        namespaces.Add(ns);
        return ns;
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result is not TestResult.Passed;
        foreach (var ns in namespaces)
        {
            await ns.CleanUpAsync(dumpFirst: failed);
        }

        GC.SuppressFinalize(this);
    }
}
