namespace Keyturn.AzureEmulator;

/// <summary>
/// A scripted failure for the token and Graph endpoints. A request matches when its method equals
/// <paramref name="Method"/> (empty or "*" = any) and its path and query contain <paramref name="PathContains"/>
/// (case-insensitive). The rule applies to the next <paramref name="Times"/> matching requests.
/// With <paramref name="StatusCode"/> 0 the request is only delayed by <paramref name="Delay"/> and then handled normally;
/// otherwise the emulator answers with that status, an optional <c>Retry-After</c> header, and an error body
/// carrying <paramref name="ErrorCode"/> and <paramref name="Message"/> (Graph shape, or Entra's OAuth shape on token endpoints).
/// </summary>
public sealed record FaultRule(
    string Method,
    string PathContains,
    int StatusCode,
    int? RetryAfterSeconds = null,
    TimeSpan? Delay = null,
    int Times = 1,
    string? ErrorCode = null,
    string? Message = null);
