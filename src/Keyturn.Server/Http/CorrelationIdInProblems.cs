namespace Keyturn.Server.Http;

/// <summary>
/// Makes every ProblemDetails body's `traceId` (ASP.NET Core's usual field, which would otherwise hold a W3C trace id
/// that appears in no Keyturn log line) the request's correlation id: the id a user quotes from an error is the one the
/// X-Request-Id header, the server's log lines and the audit entries carry. One field, not a second `requestId` with
/// the same value: clients and the OpenAPI document already know `traceId`.
/// </summary>
public static class CorrelationIdInProblems
{
    public static IServiceCollection AddCorrelationIdInProblems(this IServiceCollection services) =>
        services.Configure<ProblemDetailsOptions>(options =>
        {
            // Chained, so a customization registered before this one still runs.
            var earlier = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            };
        });
}
