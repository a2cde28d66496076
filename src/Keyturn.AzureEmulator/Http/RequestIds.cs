namespace Keyturn.AzureEmulator.Http;

/// <summary>Correlation ids as Entra and Graph report them: the client's own id echoed back when it sent one.</summary>
internal static class RequestIds
{
    public static string ClientRequestId(HttpContext context) =>
        context.Request.Headers["client-request-id"].FirstOrDefault() is { Length: > 0 } id ? id : Guid.NewGuid().ToString();
}
