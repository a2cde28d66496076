using Keyturn.Core.Access;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Keyturn.Server.Http;

/// <summary>
/// Every /api route needs `Authorization: Bearer &lt;token&gt;` naming a stored, unexpired, unrevoked token, except routes
/// marked AllowAnonymous (universal-auth login, which is how a token is obtained). The token becomes the request's
/// <see cref="Principal"/>: an API token has every right; an identity's token carries its memberships and grants as
/// they are now (read per request, never cached, so a removed membership or revoked token counts on the next request
/// on every node). Whether the principal may do what it asks is the service's check (AccessPolicy), not this filter's.
/// </summary>
public sealed class BearerTokenFilter(ITokenStore tokens, IMembershipStore memberships, TimeProvider timeProvider) : IEndpointFilter
{
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

        var address = http.Connection.RemoteIpAddress?.ToString();
        if (token.IdentityId is not { } identityId)
        {
            RequestPrincipal.Set(http, Principal.Root($"token:{token.Name}", address));
            return await next(context);
        }

        var held = await memberships.ListMembershipsOfIdentityAsync(identityId, http.RequestAborted);
        var grants = await memberships.ListIdentityGrantsAsync(identityId, http.RequestAborted);
        RequestPrincipal.Set(http, Principal.Identity(identityId, held, grants.Select(g => g.Grant).ToArray(), address));
        return await next(context);
    }
}
