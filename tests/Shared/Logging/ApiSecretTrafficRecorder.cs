using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// Records the secrets that cross a test server's HTTP edge and never reach the cipher: bearer tokens (root and
/// identity), client secrets (stored hashed) and access tokens, plus every secretValue written or read. Added
/// through DI as the first middleware, so the server's own pipeline is unchanged.
/// </summary>
internal sealed class ApiSecretTrafficRecorder(SecretValueRecorder recorder) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RecordAsync);
        next(app);
    };

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        RecordBearer(context.Request.Headers.Authorization.ToString());
        if (IsJson(context.Request.ContentType))
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            SecretJson.CollectApi(await reader.ReadToEndAsync(context.RequestAborted), recorder);
            context.Request.Body.Position = 0;
        }

        var original = context.Response.Body;
        await using var tee = new TeeStream(original);
        context.Response.Body = tee;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (IsJson(context.Response.ContentType))
        {
            SecretJson.CollectApi(tee.CapturedText(), recorder);
        }
    }

    private void RecordBearer(string authorization)
    {
        const string scheme = "Bearer ";
        if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            recorder.Secret(authorization[scheme.Length..].Trim());
        }
    }

    private static bool IsJson(string? contentType) => contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
}
