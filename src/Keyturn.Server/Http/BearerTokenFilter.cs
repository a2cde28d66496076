using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Keyturn.Server.Http;

/// <summary>
/// Every /api route needs `Authorization: Bearer &lt;token&gt;` naming a stored, unexpired, unrevoked token, except routes
/// marked AllowAnonymous (universal-auth login, which is how a token is obtained).
/// </summary>
public sealed class BearerTokenFilter(ITokenStore tokens, TimeProvider timeProvider) : IEndpointFilter
{
    public const string NoAccessYet = "This identity has no access yet (memberships come with the access-control work).";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAllowAnonymous>() is not null)
        {
            return await next(context);
        }

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

        if (token.IdentityId is { } identityId)
        {
            Actor.Set(http, $"identity:{identityId}");
            // TEMPORARY, until memberships and the authorization service exist: an identity's token must not inherit the
            // root token's rights, so it may only revoke itself. The access-control work replaces this block with the
            // Principal and its permission check.
            if (metadata?.GetMetadata<MembershipExemption>() is null)
            {
                return ProblemResults.Forbidden(NoAccessYet);
            }

            return await next(context);
        }

        Actor.Set(http, $"token:{token.Name}");
        return await next(context);
    }
}
