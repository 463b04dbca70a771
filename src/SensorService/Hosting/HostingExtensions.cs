using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SensorService.Hosting;

public static class HostingExtensions
{
    /// <summary>Two listeners (API and metrics), quiet logging unless configured, bounded shutdown.</summary>
    public static WebApplicationBuilder AddSensorHosting(this WebApplicationBuilder builder)
    {
        // Lowest-precedence defaults: environment variables and arguments still override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                // A memory limit change happens once per resize and says what the GC now uses.
                ["Logging:LogLevel:SensorService.Memory"] = "Information",
                ["Logging:Console:FormatterName"] = "simple",
                ["Logging:Console:FormatterOptions:SingleLine"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
                ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            },
        });

        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddSingleton<ListenerPorts>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Kestrel's options are built with the app, before options validation runs, so the server
        // settings are read here without it. When they are invalid no listener is added: the
        // validation before start then stops the process with the reason.
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IConfiguration, ListenerPorts>((kestrel, configuration, ports) =>
            {
                kestrel.AddServerHeader = false;
                if (ServerOptions.TryRead(configuration) is { } server)
                {
                    ports.App = Listen(kestrel, server, server.HttpPort);
                    ports.Metrics = Listen(kestrel, server, server.MetricsPort);
                }
            });
        // HostOptions are built with the host, before options validation runs, so the raw value is
        // read here; an invalid one is reported by ServerOptions' validation before anything starts.
        builder.Services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = TimeSpan.TryParse(configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.ShutdownTimeout)}"], CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
                ? timeout
                : ServerOptions.DefaultShutdownTimeout);
        return builder;
    }

    /// <summary>
    /// Runs until SIGTERM/SIGINT. A configuration that fails validation ends the process before it
    /// starts, with exit code 2 and one line per bad setting naming its key and value.
    /// </summary>
    public static async Task<int> RunUntilShutdownAsync(this WebApplication app)
    {
        var problems = StartupCheck.FindConfigurationProblems(app.Services);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"sensor-service: invalid configuration: {problem}");
            }

            return 2;
        }

        await app.RunAsync();
        return 0;
    }

    private static ListenOptions Listen(KestrelServerOptions kestrel, ServerOptions server, int port)
    {
        ListenOptions? bound = null;
        if (server.BindsAnyAddress)
        {
            kestrel.ListenAnyIP(port, listen => bound = listen);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(server.BindAddress), port, listen => bound = listen);
        }

        return bound!;
    }
}
