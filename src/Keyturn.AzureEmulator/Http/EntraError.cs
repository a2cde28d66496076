using System.Globalization;

namespace Keyturn.AzureEmulator.Http;

/// <summary>OAuth error responses in the shape Entra's token endpoint uses, AADSTS code first in the description.</summary>
internal static class EntraError
{
    public const int InvalidClientSecret = 7000215;
    public const int ExpiredClientSecret = 7000222;
    public const int MissingClientSecret = 7000216;
    public const int ApplicationNotFound = 700016;
    public const int TenantNotFound = 90002;
    public const int UnsupportedGrantType = 70003;
    public const int InvalidScope = 1002012;

    public static IResult Result(HttpContext context, TimeProvider time, int status, string error, int code, string text)
    {
        var now = time.GetUtcNow();
        var traceId = Guid.NewGuid().ToString();
        var correlationId = RequestIds.ClientRequestId(context);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {text} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new[] { code },
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/error?code={code}",
        };
        return Results.Json(body, EmulatorJson.Options, statusCode: status);
    }

    /// <summary>An injected token-endpoint fault: OAuth error fields without an AADSTS code unless the rule gave one.</summary>
    public static IResult Fault(HttpContext context, TimeProvider time, int status, string? error, string? message)
    {
        var timestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["error"] = error ?? (status == 429 ? "temporarily_unavailable" : status >= 500 ? "server_error" : "invalid_request"),
            ["error_description"] = message ?? $"Injected fault ({status}).",
            ["error_codes"] = Array.Empty<int>(),
            ["timestamp"] = timestamp,
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = RequestIds.ClientRequestId(context),
        };
        return Results.Json(body, EmulatorJson.Options, statusCode: status);
    }
}
