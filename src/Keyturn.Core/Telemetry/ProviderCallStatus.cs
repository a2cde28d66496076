using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;

namespace Keyturn.Core.Telemetry;

/// <summary>The status label of a provider call: a fixed set of words, never the provider's message.</summary>
public static class ProviderCallStatus
{
    public const string Ok = "ok";

    /// <summary>The call threw (a bug or broken infrastructure, not an expected failure).</summary>
    public const string Exception = "exception";

    /// <summary>The caller cancelled the call (a stop, the engine's own deadline).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A failure the provider did not classify (decided before any call, or an older provider).</summary>
    public const string Failed = "failed";

    public static string Of(ProviderError? error) => error switch
    {
        null => Ok,
        { Kind: null } => Failed,
        { Kind: ProviderFailureKind.Rejected } => "rejected",
        { Kind: ProviderFailureKind.Dns } => "dns",
        { Kind: ProviderFailureKind.Refused } => "refused",
        { Kind: ProviderFailureKind.Tls } => "tls",
        { Kind: ProviderFailureKind.Timeout } => "timeout",
        _ => Failed,
    };
}
