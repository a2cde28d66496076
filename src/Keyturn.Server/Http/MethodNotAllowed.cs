namespace Keyturn.Server.Http;

/// <summary>
/// 405 answers carry `Allow` with the methods the path supports (RFC 9110 requires it) and a ProblemDetails body that
/// names them. Routing picks its 405 endpoint when the path matches a route but the method none; the methods are read
/// from the route table for that path, so a new route needs nothing here.
/// </summary>
public static class MethodNotAllowed
{
    public static IApplicationBuilder UseMethodNotAllowedAnswers(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode != StatusCodes.Status405MethodNotAllowed || context.Response.HasStarted)
            {
                return;
            }

            var allow = context.Response.Headers.Allow.ToString();
            await Results.Problem(
                title: "Method not allowed",
                detail: $"{context.Request.Method} is not allowed on this path; it allows {allow}.",
                statusCode: StatusCodes.Status405MethodNotAllowed).ExecuteAsync(context);
        });
}
