using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;

namespace ControllerMachinery;

/// <summary>
/// The HTTP pipeline to one API server, built from a <see cref="KubernetesClientConfiguration"/> the
/// way the client's own <c>Kubernetes</c> constructor builds it (kubernetes-client/csharp
/// <c>src/KubernetesClient/Kubernetes.ConfigInit.cs</c>: a <see cref="SocketsHttpHandler"/> with
/// keep-alive pings, the cluster CA or no verification, the client certificate, the caller's
/// delegating handlers outermost first, no client-side timeout; credentials from
/// <c>CreateCredentials</c>: token provider, else bearer token, else basic auth).
///
/// It exists so that the operator never constructs <c>k8s.Kubernetes</c>: that one object roots every
/// generated operation of the client and its JSON context of every API model, which NativeAOT then
/// cannot trim (about 13 MB of binary and 18 MiB of resident memory in the probe recorded in
/// bench/results).
/// </summary>
public sealed class KubeHttpPipeline : IDisposable
{
    private readonly ServiceClientCredentials? _credentials;

    private KubeHttpPipeline(Uri baseUri, HttpClient client, ServiceClientCredentials? credentials)
    {
        BaseUri = baseUri;
        HttpClient = client;
        _credentials = credentials;
    }

    public Uri BaseUri { get; }

    public HttpClient HttpClient { get; }

    public static KubeHttpPipeline Create(KubernetesClientConfiguration configuration, IReadOnlyList<DelegatingHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(handlers);
        if (string.IsNullOrWhiteSpace(configuration.Host))
        {
            throw new KubeConfigException("Host url must be set");
        }

        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var baseUri))
        {
            throw new KubeConfigException($"Bad host url '{configuration.Host}'");
        }

        var socket = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        socket.SslOptions.ClientCertificates = [];
        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            ConfigureTls(socket.SslOptions, configuration);
        }

        HttpMessageHandler first = socket;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            var innermost = handlers[i];
            while (innermost.InnerHandler is DelegatingHandler inner)
            {
                innermost = inner;
            }

            innermost.InnerHandler = first;
            first = handlers[i];
        }

        // Watches stay open for minutes; requests are bounded by their cancellation tokens instead.
        var client = new HttpClient(first, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(configuration.UserAgent))
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(configuration.UserAgent);
        }

        return new KubeHttpPipeline(baseUri, client, Credentials(configuration));
    }

    /// <summary>Adds the credentials to one request; a token provider is asked every time (the in-cluster token file rotates).</summary>
    public Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _credentials?.ProcessHttpRequestAsync(request, cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => HttpClient.Dispose();

    private static void ConfigureTls(SslClientAuthenticationOptions ssl, KubernetesClientConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration.TlsServerName))
        {
            ssl.TargetHost = configuration.TlsServerName;
        }

        if (configuration.SkipTlsVerify)
        {
            // The kubeconfig's insecure-skip-tls-verify: the user's explicit choice, as in kubectl.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else
        {
            var authorities = configuration.SslCaCerts
                ?? throw new KubeConfigException("A CA must be set when SkipTlsVerify === false");
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(authorities, certificate, errors);
        }

        if (ClientCertificate(configuration) is { } clientCertificate)
        {
            ssl.ClientCertificates!.Add(clientCertificate);
        }
    }

    /// <summary>
    /// The kubeconfig's client-certificate(-data) and client-key(-data) as one certificate with its
    /// key (the client's CertUtils.GetClientCert, which the Aot package keeps internal). Data fields are
    /// base64 PEM and win over file paths, as in client-go.
    /// </summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var certificate = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
        var key = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
        return certificate is null || key is null ? null : X509Certificate2.CreateFromPem(certificate, key);
    }

    private static string? Pem(string? base64Data, string? path) =>
        !string.IsNullOrEmpty(base64Data) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : !string.IsNullOrEmpty(path) ? File.ReadAllText(path)
        : null;

    /// <summary>
    /// A server certificate is trusted when the system trusts it, or when it chains to one of the
    /// configured cluster authorities (the client's CertificateValidationCallBack; here with a custom
    /// root trust store, which checks the same thing without a second comparison of the root).
    /// </summary>
    internal static bool IsTrusted(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    private static ServiceClientCredentials? Credentials(KubernetesClientConfiguration configuration)
    {
        if (configuration.TokenProvider is { } provider)
        {
            return new TokenCredentials(provider);
        }

        if (!string.IsNullOrEmpty(configuration.AccessToken))
        {
            return new TokenCredentials(configuration.AccessToken);
        }

        return string.IsNullOrEmpty(configuration.Username)
            ? null
            : new BasicAuthenticationCredentials { UserName = configuration.Username, Password = configuration.Password };
    }
}
