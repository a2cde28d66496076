using Microsoft.Net.Http.Headers;

namespace Keyturn.Server.Http;

/// <summary>
/// `Cache-Control: no-store` on every /api answer, as Vault does: secret values, generated credentials, client secrets
/// and access tokens come back in these bodies, and no proxy or browser cache may keep one. Set for all /api answers
/// rather than route by route, so a new route that returns a secret cannot forget it; health and OpenAPI are left
/// cacheable.
/// </summary>
public static class NoStoreOnApi
{
    private static readonly PathString Api = new("/api");

    public static IApplicationBuilder UseNoStoreOnApi(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Api))
            {
                context.Response.Headers[HeaderNames.CacheControl] = "no-store";
                context.Response.Headers[HeaderNames.Pragma] = "no-cache";
            }

            return next(context);
        });
}
