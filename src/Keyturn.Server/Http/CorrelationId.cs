using System.Buffers;

namespace Keyturn.Server.Http;

/// <summary>
/// The id that ties one request's log lines, audit entries and error body together. A caller's own X-Request-Id is
/// kept when it is short and made of safe characters (so a proxy's or client's id can be followed through Keyturn);
/// anything else is replaced, because the id is written into every log line and audit entry of the request and must
/// not let a caller inject line breaks, markup or a secret-sized blob there.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Request-Id";

    /// <summary>Longest caller id kept: room for a UUID, a W3C trace id or a proxy's id with a prefix.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Safe = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public static bool IsValid(string? candidate) =>
        candidate is { Length: > 0 and <= MaxLength } && !candidate.AsSpan().ContainsAnyExcept(Safe);

    /// <summary>The caller's id when valid, else a fresh one (32 hex digits).</summary>
    public static string From(string? candidate) => IsValid(candidate) ? candidate! : New();

    public static string New() => Guid.NewGuid().ToString("N");
}
