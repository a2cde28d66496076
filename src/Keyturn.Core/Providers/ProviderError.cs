using Keyturn.Core.Providers.Failures;

namespace Keyturn.Core.Providers;

/// <summary>
/// Why a provider call failed, in words fit for an operator (never containing secret text).
/// Transient: trying again later may succeed (e.g. a new secret not yet propagated); the engine decides whether
/// and how long to retry. RetryAfter: the target asked callers to wait (HTTP 429/503 Retry-After); the scheduler
/// holds back further attempts on the same connection until then. Kind: how the call failed, where a provider
/// classified it (ProviderFailures in Keyturn.Providers); null for failures decided before any call (bad parameters).
/// </summary>
public sealed record ProviderError(string Message, bool Transient = false, TimeSpan? RetryAfter = null)
{
    public ProviderFailureKind? Kind { get; init; }

    /// <summary>The provider was never reached: callers answer 502 and reconcile reports "unreachable", not a change.</summary>
    public bool Unreachable => Kind is { } kind && kind.IsUnreachable();
}
