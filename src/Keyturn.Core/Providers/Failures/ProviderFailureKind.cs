namespace Keyturn.Core.Providers.Failures;

/// <summary>
/// Why a call to a provider failed, as far as the operator's next step goes: the first four mean no answer came back
/// (fix the network, the name, the trust store or the provider's availability); Rejected means the provider answered
/// and said no (fix what it names).
/// </summary>
public enum ProviderFailureKind
{
    /// <summary>The provider answered with an error (an HTTP error status, an Entra AADSTS code, a SQL state).</summary>
    Rejected,

    /// <summary>The host name did not resolve.</summary>
    Dns,

    /// <summary>Nothing listened at the address (TCP connection refused or reset before any answer).</summary>
    Refused,

    /// <summary>The TLS handshake failed, usually because the provider's certificate is not trusted.</summary>
    Tls,

    /// <summary>No answer came within the time allowed.</summary>
    Timeout,
}

/// <summary>Words and tests for <see cref="ProviderFailureKind"/>, shared by every message and every caller that branches on it.</summary>
public static class ProviderFailureKinds
{
    /// <summary>True when the provider was never reached, so it cannot have said or done anything.</summary>
    public static bool IsUnreachable(this ProviderFailureKind kind) => kind != ProviderFailureKind.Rejected;

    /// <summary>The label a message starts with when no provider code exists (stable: scripts and docs/api.md quote it).</summary>
    public static string Label(this ProviderFailureKind kind) => kind switch
    {
        ProviderFailureKind.Dns => "DNS lookup failed",
        ProviderFailureKind.Refused => "Connection refused",
        ProviderFailureKind.Tls => "TLS trust failed",
        ProviderFailureKind.Timeout => "Timed out",
        _ => "Refused by the provider",
    };
}
