using Keyturn.Core.Logging;

namespace Keyturn.Server.Http;

/// <summary>
/// Gives each request its correlation id (<see cref="CorrelationId"/>): echoed in the X-Request-Id answer header, made
/// the request's TraceIdentifier (so its audit entries' requestId is the same id), and opened as a logger scope, so
/// every log line written while the request is handled (a rotation it runs included) carries {RequestId}. First in
/// the pipeline, so the exception handler's lines and every answer carry it too.
/// </summary>
public static class CorrelationIdMiddleware
{
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelationIdMiddleware).FullName!);
        var timeProvider = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            var given = context.Request.Headers[CorrelationId.Header];
            var id = CorrelationId.From(given.Count == 1 ? given[0] : null);
            context.TraceIdentifier = id;
            // Set as the answer starts, not now: the exception handler clears the headers before it writes its 500.
            context.Response.OnStarting(static state =>
            {
                var (http, value) = ((HttpContext, string))state;
                http.Response.Headers[CorrelationId.Header] = value;
                return Task.CompletedTask;
            }, (context, id));
            using (LogScopes.Request(logger, id))
            {
                var started = timeProvider.GetTimestamp();
                await next(context);
                // The route pattern, never the path or query: those can carry secret names and the caller's text.
                logger.LogDebug("{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms", context.Request.Method,
                    (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", context.Response.StatusCode,
                    timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
