namespace Keyturn.Core.Providers;

/// <summary>
/// Why a provider call failed, in words fit for an operator (never containing secret text).
/// Transient: trying again later may succeed (e.g. a new secret not yet propagated); the engine decides whether
/// and how long to retry. RetryAfter: the target asked callers to wait (HTTP 429/503 Retry-After); the scheduler
/// holds back further attempts on the same connection until then.
/// </summary>
public sealed record ProviderError(string Message, bool Transient = false, TimeSpan? RetryAfter = null);
