using System.Globalization;
using Keyturn.AzureEmulator.Http;

namespace Keyturn.AzureEmulator.Faults;

/// <summary>
/// Runs before every token, discovery and Graph request: records it, then applies the first matching fault rule.
/// Control requests (/_emulator) are neither recorded nor faulted, so tests can always inspect and reset the emulator.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, EmulatorServices services)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(ControlEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var method = context.Request.Method;
        var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
        var handle = services.Requests.Begin(method, pathAndQuery);
        try
        {
            await HandleAsync(context, method, pathAndQuery);
        }
        finally
        {
            services.Requests.End(handle);
        }
    }

    private async Task HandleAsync(HttpContext context, string method, string pathAndQuery)
    {
        if (services.Faults.Take(method, pathAndQuery) is not { } rule)
        {
            await next(context);
            return;
        }

        if (rule.Delay is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, services.Time, context.RequestAborted);
        }

        if (rule.StatusCode == 0)
        {
            await next(context);
            return;
        }

        if (rule.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var result = IsTokenRequest(context)
            ? EntraError.Fault(context, services.Time, rule.StatusCode, rule.ErrorCode, rule.Message)
            : GraphError.Result(context, services.Time, rule.StatusCode, rule.ErrorCode ?? DefaultCode(rule.StatusCode), rule.Message ?? DefaultMessage(rule.StatusCode));
        await result.ExecuteAsync(context);
    }

    // MSAL parses token-endpoint errors as OAuth JSON, so faults there use Entra's shape rather than Graph's.
    private static bool IsTokenRequest(HttpContext context) =>
        context.Request.Path.Value?.Contains("/oauth2/", StringComparison.OrdinalIgnoreCase) == true;

    private static string DefaultCode(int status) => status switch
    {
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        >= 500 => "InternalServerError",
        _ => "Request_BadRequest",
    };

    private static string DefaultMessage(int status) => status switch
    {
        429 => "Too many requests.",
        503 => "The service is temporarily unavailable. Please try again later.",
        _ => "Injected fault.",
    };
}
