using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;

namespace Keyturn.Server.Http;

/// <summary>Every /api route needs `Authorization: Bearer &lt;token&gt;` naming a stored, unexpired token.</summary>
public sealed class BearerTokenFilter(ITokenStore tokens, TimeProvider timeProvider) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return ProblemResults.Unauthorized("Send 'Authorization: Bearer <token>'.");
        }

        var token = await tokens.FindTokenByHashAsync(ApiTokens.Hash(header[7..].Trim()), http.RequestAborted);
        if (token is null || token.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return ProblemResults.Unauthorized("The token is not valid.");
        }

        Actor.Set(http, $"token:{token.Name}");
        return await next(context);
    }
}
