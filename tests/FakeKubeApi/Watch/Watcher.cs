using System.Text.Json.Nodes;
using System.Threading.Channels;
using SensorStack.FakeKubeApi.Selectors;

namespace SensorStack.FakeKubeApi.Watch;

/// <summary>
/// One open watch: what it selects and the queue of newline-delimited JSON events waiting to be
/// written to its HTTP response. Events are queued while the store's lock is held, so a watcher
/// sees changes in resourceVersion order and a bookmark never overtakes an event.
/// </summary>
internal sealed class Watcher(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields) : IDisposable
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource dropped = new();
    private bool disposed;
    private bool cancelling;

    public ResourceType Type { get; } = type;

    /// <summary>A watch the fake itself holds (the deployment simulator): not counted, never dropped.</summary>
    public bool Internal { get; init; }

    public ChannelReader<string> Lines => lines.Reader;

    /// <summary>Cancelled when a test drops the watch (see <c>FakeKubeApiServer.DropWatches</c>).</summary>
    public CancellationToken Dropped => dropped.Token;

    /// <summary>Drop by resetting the TCP connection rather than ending the response cleanly.</summary>
    public bool AbortConnection { get; private set; }

    public bool Selects(JsonObject obj) =>
        (ns is null || obj.Namespace() == ns) && labels.Matches(obj.Labels()) && fields.Matches(obj);

    public void Enqueue(string eventType, string objectJson) =>
        lines.Writer.TryWrite($"{{\"type\":\"{eventType}\",\"object\":{objectJson}}}");

    /// <summary>Queues a line that is not (necessarily) an event: fault injection.</summary>
    public void EnqueueRaw(string line) => lines.Writer.TryWrite(line);

    public void Drop(bool abortConnection)
    {
        AbortConnection = abortConnection;
        lines.Writer.TryComplete();
        lock (dropped)
        {
            // The watch may have ended (and been disposed) since it was picked to be dropped.
            if (disposed)
            {
                return;
            }

            cancelling = true;
        }

        // Outside the lock: cancelling runs the handler's continuation, which disposes this watcher.
        dropped.Cancel();
        lock (dropped)
        {
            cancelling = false;
            if (disposed)
            {
                dropped.Dispose();
            }
        }
    }

    public void Complete() => lines.Writer.TryComplete();

    public void Dispose()
    {
        lock (dropped)
        {
            disposed = true;
            if (!cancelling)
            {
                dropped.Dispose();
            }
        }
    }
}
