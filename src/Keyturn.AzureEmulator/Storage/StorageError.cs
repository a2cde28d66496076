using System.Globalization;
using System.Security;

namespace Keyturn.AzureEmulator.Storage;

/// <summary>The Blob service's XML error: &lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt; with the code also in x-ms-error-code.</summary>
internal static class StorageError
{
    public const string AuthenticationFailed = "AuthenticationFailed";

    public static IResult Result(HttpContext context, TimeProvider time, int status, string code, string message, string? authenticationDetail = null)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.Headers["x-ms-error-code"] = code;
        var fullMessage = $"{message}\nRequestId:{requestId}\nTime:{time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}";
        var detail = authenticationDetail is null ? string.Empty : $"<AuthenticationErrorDetail>{SecurityElement.Escape(authenticationDetail)}</AuthenticationErrorDetail>";
        var body = $"""<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code><Message>{SecurityElement.Escape(fullMessage)}</Message>{detail}</Error>""";
        return Results.Text(body, "application/xml", statusCode: status);
    }
}
