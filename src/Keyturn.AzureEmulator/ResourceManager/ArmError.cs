using System.Text.Json.Serialization;
using Keyturn.AzureEmulator.Http;

namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>Azure Resource Manager's error envelope: {"error": {"code", "message"}}, with ARM's request id headers.</summary>
internal static class ArmError
{
    public const string MissingApiVersionParameter = "MissingApiVersionParameter";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string InvalidAuthenticationToken = "InvalidAuthenticationToken";
    public const string InvalidAuthenticationTokenAudience = "InvalidAuthenticationTokenAudience";
    public const string ExpiredAuthenticationToken = "ExpiredAuthenticationToken";
    public const string AuthorizationFailed = "AuthorizationFailed";
    public const string SubscriptionNotFound = "SubscriptionNotFound";
    public const string ResourceGroupNotFound = "ResourceGroupNotFound";
    public const string ResourceNotFound = "ResourceNotFound";

    public static IResult Result(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-correlation-request-id"] = RequestIds.ClientRequestId(context);
        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"";
        }

        return Results.Json(new Envelope(new Body(code, message)), EmulatorJson.Options, statusCode: status);
    }

    private sealed record Envelope([property: JsonPropertyName("error")] Body Error);

    private sealed record Body([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);
}
