using System.Text.RegularExpressions;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// Sits in the operator's API client pipeline and throws a chosen exception for requests whose
/// method and path match: the failures an HTTP client or a response parser can raise (a client
/// timeout, a cancelled task, malformed JSON) that the fake API server cannot produce by answering.
/// </summary>
internal sealed class FaultyRequests : DelegatingHandler
{
    private volatile Fault? _fault;

    public int Thrown { get; private set; }

    public void Throw(string method, string pathPattern, Func<Exception> exception) =>
        _fault = new Fault(method, new Regex(pathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), exception);

    public void Heal() => _fault = null;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_fault is { } fault && request.Method.Method == fault.Method && fault.Path.IsMatch(request.RequestUri?.AbsolutePath ?? ""))
        {
            Thrown++;
            throw fault.Exception();
        }

        return base.SendAsync(request, cancellationToken);
    }

    private sealed record Fault(string Method, Regex Path, Func<Exception> Exception);
}
