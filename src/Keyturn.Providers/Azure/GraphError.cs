using System.Text.Json;

namespace Keyturn.Providers.Azure;

/// <summary>A Graph error answer: {"error": {"code", "message"}}, with the Retry-After a 429 or 503 carried.</summary>
public sealed record GraphError(int Status, string Code, string Message)
{
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Throttling and server faults may pass; 403, 404 and size limits will not (REFERENCE.md).</summary>
    public bool IsTransient => Status is 408 or 429 or >= 500;

    /// <summary>Code first, as Azure's own tools print it; the status after, for context.</summary>
    public override string ToString() => Keyturn.Core.Providers.Failures.FailureText.Compose(Code, Message, $"Graph answered {Status}");

    internal static GraphError From(int status, BinaryData? body, TimeSpan? retryAfter) => Parse(status, body) with { RetryAfter = retryAfter };

    private static GraphError Parse(int status, BinaryData? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body?.ToMemory() ?? ReadOnlyMemory<byte>.Empty);
            var error = doc.RootElement.GetProperty("error");
            return new GraphError(status, error.GetProperty("code").GetString() ?? "unknown", error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new GraphError(status, "unknown", "the answer was not a Graph error document");
        }
    }
}
