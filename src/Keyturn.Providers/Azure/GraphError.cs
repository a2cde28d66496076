using System.Text.Json;

namespace Keyturn.Providers.Azure;

/// <summary>A Graph error answer: {"error": {"code", "message"}}.</summary>
public sealed record GraphError(int Status, string Code, string Message)
{
    public override string ToString() => $"Graph answered {Status} {Code}: {Message}";

    internal static GraphError From(int status, BinaryData? body)
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
