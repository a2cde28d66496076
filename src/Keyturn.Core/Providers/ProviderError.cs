namespace Keyturn.Core.Providers;

/// <summary>
/// Why a provider call failed, in words fit for an operator (never containing secret text).
/// Transient: trying again later may succeed (e.g. a new secret not yet propagated); the engine decides whether
/// and how long to retry.
/// </summary>
public sealed record ProviderError(string Message, bool Transient = false);
