using System.Globalization;
using ControllerMachinery;
using k8s;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Reconciliation;

/// <summary>Writes core/v1 Events about an object, as `kubectl describe` shows them.</summary>
public sealed class EventRecorder(KubeApiClient api, TimeProvider time, string component, string instance)
{
    private static readonly ResourceType Events = new("", "v1", "events", "Event");

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, StackEvent stackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(about);
        var meta = about.Metadata;
        return RecordAsync(
            new V1ObjectReference
            {
                ApiVersion = about.ApiVersion,
                Kind = about.Kind,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            stackEvent,
            cancellationToken);
    }

    public async Task RecordAsync(V1ObjectReference about, StackEvent stackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(about);
        ArgumentNullException.ThrowIfNull(stackEvent);
        var now = time.GetUtcNow();
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go's naming: the object's name and a unique hex suffix.
                Name = $"{about.Name}.{now.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture)}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = about.NamespaceProperty,
            },
            InvolvedObject = about,
            Type = stackEvent.Type,
            Reason = stackEvent.Reason,
            Message = stackEvent.Message,
            Count = 1,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = instance,
        };
        await api.CreateAsync(Events, about.NamespaceProperty, body, OperatorJsonContext.Default.Corev1Event, cancellationToken);
    }
}
