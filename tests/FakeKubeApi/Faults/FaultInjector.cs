using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Faults;

/// <summary>
/// Decides, per request, whether to delay it or answer with an error instead of serving it.
/// Rules are tried in the order added; the first that matches and fires wins. A fixed seed keeps a
/// run with fault rates reproducible for a given order of requests.
/// </summary>
public sealed class FaultInjector(int seed)
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];
    private readonly Random random = new(seed);
    private int injected;

    /// <summary>Requests answered with an injected error so far.</summary>
    public int Injected => Volatile.Read(ref injected);

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (gate)
        {
            rules.Add(rule);
        }

        return rule;
    }

    public void Remove(FaultRule rule)
    {
        lock (gate)
        {
            rules.Remove(rule);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>
    /// A script: the next matching requests get these status codes in order (0 or 200 lets one
    /// through unharmed), then requests are served normally again.
    /// </summary>
    public void Script(string verbs, string resource, params int[] statusCodes)
    {
        ArgumentNullException.ThrowIfNull(statusCodes);
        lock (gate)
        {
            // Placed before the other rules so the script runs in the order written.
            var steps = statusCodes.Select(code => new FaultRule
            {
                Verbs = verbs,
                Resource = resource,
                StatusCode = code == 200 ? 0 : code,
                Limit = 1,
            });
            rules.InsertRange(0, steps.ToList());
        }
    }

    internal FaultRule? Pick(string verb, string resource)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if (rule.Exhausted || !rule.Matches(verb, resource))
                {
                    continue;
                }

                if (rule.Rate < 1 && random.NextDouble() >= rule.Rate)
                {
                    continue;
                }

                rule.CountHit();
                if (rule.StatusCode > 0)
                {
                    Interlocked.Increment(ref injected);
                }

                return rule;
            }
        }

        return null;
    }

    /// <summary>The error a fired rule answers with, shaped like the real server's.</summary>
    internal static StatusException ErrorFor(FaultRule rule)
    {
        var retryAfter = (int)Math.Ceiling(rule.RetryAfter.TotalSeconds);
        return rule.StatusCode switch
        {
            409 => new StatusException(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected)"),
            410 => new StatusException(410, "Expired", "too old resource version (injected)"),
            429 => new StatusException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected)") { RetryAfterSeconds = retryAfter },
            500 => new StatusException(500, "InternalError", "Internal error occurred: injected fault"),
            503 => new StatusException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected)") { RetryAfterSeconds = retryAfter },
            var code => new StatusException(code, "Unknown", $"injected fault {code}"),
        };
    }
}
