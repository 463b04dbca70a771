using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>How the pipeline decides whom to trust and what it refuses to build.</summary>
public sealed class KubeHttpPipelineTests
{
    [Fact]
    public void A_server_certificate_signed_by_the_cluster_authority_is_trusted_and_one_from_another_authority_is_not()
    {
        using var clusterCa = Authority("cluster-ca");
        using var otherCa = Authority("other-ca");
        using var server = Signed(clusterCa, "kubernetes.default.svc");

        Assert.True(KubeHttpPipeline.IsTrusted([clusterCa], server, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubeHttpPipeline.IsTrusted([otherCa], server, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_name_mismatch_is_never_excused_by_the_cluster_authority()
    {
        using var clusterCa = Authority("cluster-ca");
        using var server = Signed(clusterCa, "kubernetes.default.svc");

        Assert.False(KubeHttpPipeline.IsTrusted([clusterCa], server,
            SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.True(KubeHttpPipeline.IsTrusted([clusterCa], server, SslPolicyErrors.None));
    }

    [Fact]
    public void Https_without_an_authority_or_skip_verify_and_a_bad_host_are_refused()
    {
        Assert.Throws<KubeConfigException>(() => KubeHttpPipeline.Create(new KubernetesClientConfiguration { Host = "https://10.0.0.1:6443" }, []));
        Assert.Throws<KubeConfigException>(() => KubeHttpPipeline.Create(new KubernetesClientConfiguration { Host = "not a url" }, []));
    }

    [Fact]
    public async Task A_bearer_token_is_added_to_every_request()
    {
        using var pipeline = KubeHttpPipeline.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1", AccessToken = "t0ken" }, []);
        using var request = new HttpRequestMessage(HttpMethod.Get, pipeline.BaseUri);

        await pipeline.AuthorizeAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer t0ken", request.Headers.Authorization?.ToString());
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Signed(X509Certificate2 authority, string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
    }
}
