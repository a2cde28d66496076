namespace Keyturn.Server.Http;

/// <summary>
/// While the server stops (SIGTERM, Ctrl+C), requests that arrive before the listener closes, and requests whose work
/// the stop ended (a rotation attempt stops at its next journal boundary with an OperationCanceledException), get 503
/// with `Retry-After` and a ProblemDetails saying so, instead of a 500 with a stack trace in the log. The client may
/// retry against the restarted server or another node; an attempt cut short is finished by recovery at the next start.
/// </summary>
public static class ShutdownGate
{
    /// <summary>Seconds a client is told to wait: about what a supervised restart (systemd, a rolling deploy) takes.</summary>
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            if (stopping.IsCancellationRequested)
            {
                await UnavailableAsync(context, "The server is shutting down and takes no new requests.");
                return;
            }

            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await UnavailableAsync(context, "The server shut down before this request finished; any rotation it started is finished or rolled back when the server starts again.");
            }
        });
    }

    /// <summary>Whether the server this request runs in is stopping.</summary>
    public static bool IsStopping(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    private static Task UnavailableAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(title: "Service unavailable", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
    }
}
