using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Watch;

namespace SensorStack.FakeKubeApi.Simulation;

/// <summary>The loop of a stand-in controller: each ADDED or MODIFIED object of an internal watch, handled in order.</summary>
internal static class WatchLoop
{
    /// <summary>
    /// Runs until the watch completes. A 404 or 409 means the object changed or went away meanwhile
    /// (its next event brings the new state); any other exception is a bug of the stand-in, kept in
    /// <paramref name="failures"/> for tests to assert on.
    /// </summary>
    public static async Task RunAsync(Watcher watcher, Action<JsonObject> handle, List<Exception> failures, Action? afterEach = null)
    {
        await foreach (var line in watcher.Lines.ReadAllAsync())
        {
            var e = JsonNode.Parse(line)!.AsObject();
            if (e["type"]?.GetValue<string>() is not ("ADDED" or "MODIFIED"))
            {
                continue;
            }

            try
            {
                handle(e["object"]!.AsObject());
            }
            catch (StatusException ex) when (ex.Code is 404 or 409)
            {
                // Changed or gone meanwhile: the next event brings the new state.
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }
            }

            afterEach?.Invoke();
        }
    }
}
