using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// Infisical-compatible machine login: /api/v1/auth/universal-auth/login (no bearer: it is how one gets a token),
/// /api/v1/auth/token/renew (no bearer either, as in Infisical: the token to renew is in the body and is the proof) and
/// /api/v1/auth/token/revoke.
/// </summary>
public static class UniversalAuthEndpoints
{
    // One answer for every refused login, so a caller cannot tell a wrong secret from an unknown client or an untrusted address.
    private const string LoginRefused = "The client id or client secret is not valid, has expired, or is not allowed from this address.";

    private const string RenewRefused = "The access token is not valid: unknown, revoked or expired (log in again).";

    public static void MapUniversalAuthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/auth").WithTags("auth");

        group.MapPost("/universal-auth/login", async (HttpContext http, UniversalAuthLogin login, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return ProblemResults.From(body.Problem);
            }

            var errors = new ValidationErrors();
            var command = UniversalAuthRequests.ParseLogin(body.Value, http.Connection.RemoteIpAddress, errors);
            if (command is null)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            return await login.LoginAsync(command, ct) is { } token
                ? Results.Json(IdentityJson.Login(token))
                : ProblemResults.Unauthorized(LoginRefused);
        }).AllowAnonymous().Reads<LoginRequest>().Answers<AccessTokenJson>().Problem(StatusCodes.Status401Unauthorized);

        group.MapPost("/token/renew", async (HttpContext http, AccessTokenRenewal renewal, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return ProblemResults.From(body.Problem);
            }

            var errors = new ValidationErrors();
            var token = UniversalAuthRequests.TokenToRenew(body.Value, errors);
            if (token is null)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            return await renewal.RenewAsync(token, ct) is { } renewed
                ? Results.Json(IdentityJson.Login(renewed))
                : ProblemResults.Unauthorized(RenewRefused);
        }).AllowAnonymous().Reads<RenewTokenRequest>().Answers<AccessTokenJson>().Problem(StatusCodes.Status401Unauthorized);

        group.MapPost("/token/revoke", async (HttpContext http, AccessTokenRevocation revocation, CancellationToken ct) =>
        {
            // The body is optional: Infisical sends {accessToken}; `curl -X POST` with only the bearer revokes that token.
            var request = http.Request;
            JsonElement? json = null;
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                var body = await JsonBody.ReadObjectAsync(request, ct);
                if (!body.IsSuccess)
                {
                    return ProblemResults.From(body.Problem);
                }

                json = body.Value;
            }

            var errors = new ValidationErrors();
            var bearer = request.Headers.Authorization.ToString()[7..].Trim();
            var token = UniversalAuthRequests.TokenToRevoke(json, bearer, errors);
            if (token is null)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            return await revocation.RevokeAsync(RequestPrincipal.Of(http), token, ct)
                ? Results.Json(new MessageJson("Successfully revoked access token"))
                : ProblemResults.From(Problem.Invalid("accessToken", "must be an unrevoked access token issued to an identity (the root token cannot be revoked here)"));
        }).MayRead<RevokeTokenRequest>().Answers<MessageJson>().NeedsToken();
    }
}
