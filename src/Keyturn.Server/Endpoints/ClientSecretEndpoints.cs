using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// An identity's universal-auth client secrets, at Keyturn's paths (/api/v1/identities/{id}/universal-auth/client-secrets)
/// and at Infisical's (/api/v1/auth/universal-auth/identities/{identityId}/client-secrets, revoke by POST …/revoke), so
/// Infisical's tools and Terraform provider can manage them. Both call the same service, which checks IdentityAdmin.
/// </summary>
public static class ClientSecretEndpoints
{
    public static void MapClientSecretEndpoints(this RouteGroupBuilder api)
    {
        var keyturn = api.MapGroup("/v1/identities/{id}/universal-auth/client-secrets").WithTags("identities").NeedsToken();
        keyturn.MapPost("/", (string id, HttpContext http, ClientSecretService secrets, CancellationToken ct) =>
            CreateAsync(id, http, secrets, IdentityRequests.ParseClientSecret, ct))
            .Reads<CreateClientSecretRequest>().Answers<CreatedClientSecretJson>().MayMiss();
        keyturn.MapGet("/", (string id, HttpContext http, ClientSecretService secrets, CancellationToken ct) => ListAsync(id, http, secrets, ct))
            .Answers<ClientSecretListEnvelope>().MayMiss();
        keyturn.MapDelete("/{clientSecretId}", (string id, string clientSecretId, HttpContext http, ClientSecretService secrets, CancellationToken ct) =>
            DeleteAsync(id, clientSecretId, http, secrets, ct))
            .Answers<ClientSecretEnvelope>().MayMiss();

        var infisical = api.MapGroup("/v1/auth/universal-auth/identities/{identityId}/client-secrets").WithTags("auth").NeedsToken();
        infisical.MapPost("/", (string identityId, HttpContext http, ClientSecretService secrets, CancellationToken ct) =>
            CreateAsync(identityId, http, secrets, IdentityRequests.ParseInfisicalClientSecret, ct))
            .Reads<InfisicalCreateClientSecretRequest>().Answers<CreatedClientSecretJson>().MayMiss();
        infisical.MapGet("/", (string identityId, HttpContext http, ClientSecretService secrets, CancellationToken ct) => ListAsync(identityId, http, secrets, ct))
            .Answers<ClientSecretListEnvelope>().MayMiss();
        infisical.MapPost("/{clientSecretId}/revoke", (string identityId, string clientSecretId, HttpContext http, ClientSecretService secrets, CancellationToken ct) =>
            DeleteAsync(identityId, clientSecretId, http, secrets, ct))
            .Answers<ClientSecretEnvelope>().MayMiss();
    }

    private static async Task<IResult> CreateAsync(
        string id, HttpContext http, ClientSecretService secrets, Func<JsonElement, Guid, ValidationErrors, CreateClientSecretCommand?> parse, CancellationToken ct)
    {
        var principal = RequestPrincipal.Of(http);
        if (!Guid.TryParse(id, out var identity))
        {
            return ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
        }

        var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => parse(b, identity, e), ct);
        return command.IsSuccess
            ? ProblemResults.Map(await secrets.CreateAsync(principal, command.Value, ct), IdentityJson.Created)
            : ProblemResults.From(command.Problem);
    }

    private static async Task<IResult> ListAsync(string id, HttpContext http, ClientSecretService secrets, CancellationToken ct)
    {
        var principal = RequestPrincipal.Of(http);
        return Guid.TryParse(id, out var identity)
            ? ProblemResults.Map(await secrets.ListAsync(principal, identity, ct), list => new ClientSecretListEnvelope([.. list.Select(IdentityJson.ClientSecret)]))
            : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
    }

    private static async Task<IResult> DeleteAsync(string id, string clientSecretId, HttpContext http, ClientSecretService secrets, CancellationToken ct)
    {
        var principal = RequestPrincipal.Of(http);
        return Guid.TryParse(id, out var identity) && Guid.TryParse(clientSecretId, out var secret)
            ? ProblemResults.Map(await secrets.DeleteAsync(principal, identity, secret, ct), s => new ClientSecretEnvelope(IdentityJson.ClientSecret(s)))
            : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Client secret", clientSecretId)));
    }
}
