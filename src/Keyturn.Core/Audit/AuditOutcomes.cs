namespace Keyturn.Core.Audit;

/// <summary>What a recorded request came to, from its HTTP status.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";

    /// <summary>Keyturn said no: a 4xx (bad input, no token, not found, conflict).</summary>
    public const string Refused = "refused";

    /// <summary>Keyturn or a provider failed: a 5xx (including 502 from a provider).</summary>
    public const string Failed = "failed";

    public static string FromStatus(int status) => status switch
    {
        >= 500 => Failed,
        >= 400 => Refused,
        _ => Success,
    };
}
