namespace Keyturn.Server.Http;

/// <summary>
/// Makes every ProblemDetails body name the request's correlation id, as `traceId` (ASP.NET Core's usual field, which
/// would otherwise hold a W3C trace id that appears in no Keyturn log line) and as `requestId` (the X-Request-Id
/// header's name): the id a user quotes from an error is the one the server's log lines and audit entries carry.
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
                context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            };
        });
}
