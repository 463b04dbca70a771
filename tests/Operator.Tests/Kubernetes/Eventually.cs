namespace SensorOperator.Tests.Kubernetes;

/// <summary>Waits for a condition that another task (an informer, a host) makes true, with a generous bound.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
