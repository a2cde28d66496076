using System.Text.Json;

namespace Keyturn.Providers.Azure;

/// <summary>An Azure Resource Manager error answer: {"error": {"code", "message"}}, with the Retry-After a 429 or 503 carried.</summary>
public sealed record ArmError(int Status, string Code, string Message)
{
    public const string AuthorizationFailed = "AuthorizationFailed";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string ResourceGroupNotFound = "ResourceGroupNotFound";
    public const string SubscriptionNotFound = "SubscriptionNotFound";

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Throttling and server faults may pass; a missing role, a missing resource or a refused token will not.</summary>
    public bool IsTransient => Status is 408 or 429 or >= 500;

    /// <summary>Code first, as Azure's own tools print it; the status after, for context.</summary>
    public override string ToString() => Keyturn.Core.Providers.Failures.FailureText.Compose(Code, Message, $"Azure Resource Manager answered {Status}");

    internal static ArmError From(int status, BinaryData? body, TimeSpan? retryAfter) => Parse(status, body) with { RetryAfter = retryAfter };

    private static ArmError Parse(int status, BinaryData? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body?.ToMemory() ?? ReadOnlyMemory<byte>.Empty);
            var error = doc.RootElement.GetProperty("error");
            return new ArmError(status, error.GetProperty("code").GetString() ?? "unknown", error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ArmError(status, "unknown", "the answer was not an ARM error document");
        }
    }
}

/// <summary>An ARM call's value, or its error.</summary>
public readonly record struct ArmOutcome<T>(T? Value, ArmError? Error)
{
    public static implicit operator ArmOutcome<T>(T value) => new(value, null);

    public static implicit operator ArmOutcome<T>(ArmError error) => new(default, error);
}
