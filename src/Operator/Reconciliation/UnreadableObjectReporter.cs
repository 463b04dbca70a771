using System.Collections.Concurrent;
using System.Threading.Channels;
using ControllerMachinery;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Tells the owner of an object the operator cannot read (a SensorStack written by an older or
/// newer tool, a child with a field of an unexpected type) with one Warning Event on that object
/// per version; the informer has skipped it and goes on with the others. Informer callbacks must
/// not block, so events are queued and written here.
/// </summary>
public sealed partial class UnreadableObjectReporter(EventRecorder recorder, ILogger<UnreadableObjectReporter> logger) : BackgroundService
{
    public const string Reason = "Unreadable";

    // Bounded: a flood of bad objects must not grow memory; those dropped are still logged and counted by the informer.
    private readonly Channel<UnreadableObject> _pending = Channel.CreateBounded<UnreadableObject>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly ConcurrentDictionary<(ResourceType, ObjectKey), string?> _reported = new();

    /// <summary>Queues one Event for this version of the object (a relist that sees it again adds none).</summary>
    public void Report(UnreadableObject unreadable)
    {
        ArgumentNullException.ThrowIfNull(unreadable);
        var key = (unreadable.Resource, unreadable.Key);
        if (_reported.TryGetValue(key, out var version) && version == unreadable.ResourceVersion)
        {
            return;
        }

        _reported[key] = unreadable.ResourceVersion;
        _pending.Writer.TryWrite(unreadable);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var unreadable in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                await RecordAsync(unreadable, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task RecordAsync(UnreadableObject unreadable, CancellationToken cancellationToken)
    {
        var resource = unreadable.Resource;
        var about = new V1ObjectReference
        {
            ApiVersion = resource.ApiVersion,
            Kind = resource.Kind,
            Name = unreadable.Key.Name,
            NamespaceProperty = unreadable.Key.Namespace,
            Uid = unreadable.Uid,
            ResourceVersion = unreadable.ResourceVersion,
        };
        var message = $"The operator cannot read this {resource.Kind} and skips it until it is fixed: {unreadable.Error}";
        try
        {
            await recorder.RecordAsync(about, new StackEvent(StackEvent.Warning, Reason, message, $"unreadable/{unreadable.ResourceVersion}"), cancellationToken);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            LogNotRecorded(resource, unreadable.Key, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the Event about unreadable {Resource} {Key}: {Error}")]
    private partial void LogNotRecorded(ResourceType resource, ObjectKey key, string error);
}
