using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SensorOperator.Tests.Cli;

/// <summary>
/// A loopback HTTP server that answers the one request `sensor-operator wait` makes (GET of a
/// SensorStack) with whatever JSON the test sets, so the real command and the real
/// KubernetesClient run over real HTTP.
/// </summary>
internal sealed class FakeStackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private volatile string? body;
    private volatile int status = 404;
    private int requests;

    public FakeStackServer(string @namespace, string name)
    {
        Path = $"/apis/sensorstack.io/v1alpha1/namespaces/{@namespace}/sensorstacks/{name}";
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Path { get; }

    public int Requests => Volatile.Read(ref requests);

    public void Answer(int statusCode, string? json)
    {
        body = json;
        status = statusCode;
    }

    /// <summary>A kubeconfig file that points the client at this server.</summary>
    public string WriteKubeconfig(string directory)
    {
        var file = System.IO.Path.Combine(directory, "kubeconfig");
        File.WriteAllText(file, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: http://127.0.0.1:{Port}
            users:
            - name: fake
              user:
                token: test
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            """);
        return file;
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is HttpListenerException or ObjectDisposedException))
        {
            // Closing the listener ends the pending GetContextAsync with one of these.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            var found = context.Request.Url?.AbsolutePath == Path;
            var payload = found ? body : null;
            context.Response.StatusCode = found ? status : 404;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(payload ?? """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
