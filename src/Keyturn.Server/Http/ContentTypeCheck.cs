using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Keyturn.Server.Http;

/// <summary>
/// 415 with a ProblemDetails naming what is accepted when an /api request carries a body that is not JSON (text/plain,
/// a form, none declared): every /api body is a JSON object, and a form posted by `curl -d` would otherwise get a 400
/// about JSON syntax that hides the real mistake. Tolerant of what clients really send: any charset-free or UTF-8
/// `application/json` and `application/*+json`. A request without a body (a body-less POST such as rotate-secrets)
/// passes whatever its Content-Type.
/// </summary>
public static class ContentTypeCheck
{
    public const string Accepted = "application/json";

    private static readonly PathString Api = new("/api");

    public static IApplicationBuilder UseJsonBodiesOnApi(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments(Api))
            {
                await next(context);
                return;
            }

            // Only a request that reached a route: an unknown path stays 404 and a wrong method 405, whatever the body.
            if (context.GetEndpoint() is RouteEndpoint && HasBody(context) && !IsJson(request.ContentType))
            {
                await RefuseAsync(context);
                return;
            }

            await next(context);
            // Routes that declare the JSON they accept (for the OpenAPI document) are refused by routing itself, with
            // an empty 415 before this check sees a route: give that one the same body.
            if (context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType && !context.Response.HasStarted)
            {
                await RefuseAsync(context);
            }
        });

    private static Task RefuseAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        var sent = string.IsNullOrWhiteSpace(contentType) ? "no Content-Type" : "Content-Type '" + Shorten(contentType) + "'";
        return Results.Problem(
            title: "Unsupported media type",
            detail: $"The request body must be JSON (Content-Type: {Accepted}, UTF-8); the request has {sent}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context);
    }

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.Type.Equals("application", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var json = media.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        // JSON on the wire is UTF-8 (RFC 8259), and the body reader reads nothing else.
        var charset = media.Charset;
        return json && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    // Kestrel says whether the request has a body at all (Content-Length above 0, chunked, an HTTP/2 data frame).
    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is not 0 && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    // The header is the client's own text; it is echoed bounded, so an error body never grows with it.
    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
