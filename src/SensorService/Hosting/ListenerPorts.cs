using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SensorService.Hosting;

/// <summary>
/// The two Kestrel listeners. Kestrel writes the bound endpoint back into <see cref="ListenOptions"/>,
/// so the ports are the real ones even when port 0 was asked for.
/// </summary>
public sealed class ListenerPorts
{
    internal ListenOptions? App { get; set; }

    internal ListenOptions? Metrics { get; set; }

    /// <summary>The bound API port; valid once the host has started.</summary>
    public int AppPort => App?.IPEndPoint?.Port ?? throw NotBound();

    /// <summary>The bound metrics port; valid once the host has started.</summary>
    public int MetricsPort => Metrics?.IPEndPoint?.Port ?? throw NotBound();

    /// <summary>True when the request arrived on the metrics listener.</summary>
    public bool IsMetricsConnection(HttpContext context) =>
        Metrics?.IPEndPoint is { } endpoint && context.Connection.LocalPort == endpoint.Port;

    private static InvalidOperationException NotBound() => new("The listeners are not bound yet: start the host first.");
}
