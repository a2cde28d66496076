using System.Globalization;
using System.Text.Json.Serialization;

namespace Keyturn.AzureEmulator.Http;

/// <summary>Graph's error envelope: {"error": {code, message, innerError: {date, request-id, client-request-id}}}.</summary>
internal static class GraphError
{
    public const string InvalidAuthenticationToken = "InvalidAuthenticationToken";
    public const string AuthorizationRequestDenied = "Authorization_RequestDenied";
    public const string ResourceNotFound = "Request_ResourceNotFound";
    public const string BadRequest = "Request_BadRequest";
    public const string ResourceSizeExceeded = "Directory_ResourceSizeExceeded";
    public const string InsufficientPrivileges = "Insufficient privileges to complete the operation.";

    public static IResult Result(HttpContext context, TimeProvider time, int status, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        var inner = new InnerError(
            time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            requestId,
            RequestIds.ClientRequestId(context));
        context.Response.Headers["request-id"] = requestId;
        return Results.Json(new Envelope(new Body(code, message, inner)), EmulatorJson.Options, statusCode: status);
    }

    private sealed record Envelope([property: JsonPropertyName("error")] Body Error);

    private sealed record Body(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("innerError")] InnerError InnerError);

    private sealed record InnerError(
        [property: JsonPropertyName("date")] string Date,
        [property: JsonPropertyName("request-id")] string RequestId,
        [property: JsonPropertyName("client-request-id")] string ClientRequestId);
}
