using Keyturn.Core.Access;
using Keyturn.Core.History;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Rotations;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>Secret rotations in the shape of Infisical's secret-rotation v2 API.</summary>
public static class SecretRotationEndpoints
{
    public static void MapSecretRotationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v2/secret-rotations").WithTags("secret-rotations").NeedsToken();

        // Every registered type with what a client needs to create one: the CLI builds its create body from this.
        group.MapGet("/options", (RotationProviderRegistry providers) => TypedResults.Ok(RotationOptionsJson.From(providers.All)))
            .WithName("listSecretRotationOptions").Answers<SecretRotationOptionsEnvelope>();

        group.MapGet("/", async (HttpContext http, RotationService rotations, CancellationToken ct) =>
            ProblemResults.Map(await rotations.ListAsync(RequestPrincipal.Of(http), http.Request.Query["projectId"], ct),
                list => new RotationListEnvelope([.. list.Select(ApiViews.Rotation)])))
            .Answers<RotationListEnvelope>().Query(QueryParameter.Id("projectId", "Only this project's rotations."));

        group.MapPost("/{type}", async (string type, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, (body, errors) => RotationRequests.ParseCreate(body, type, errors), http.RequestAborted);
            if (!command.IsSuccess)
            {
                return ProblemResults.From(command.Problem);
            }

            // Once provider calls start, a client hanging up must not cut the attempt short and strand a credential.
            var created = await rotations.CreateAsync(RequestPrincipal.Of(http), command.Value, lifetime.ApplicationStopping);
            return ProblemResults.Map(created, r => new RotationEnvelope(ApiViews.Rotation(r)));
        }).Reads<CreateSecretRotationRequest>().Answers<RotationEnvelope>().MayMiss().MayConflict().CallsProvider();

        group.MapGet("/{type}/{id}", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
            Guid.TryParse(id, out var rotationId)
                ? ProblemResults.Map(await rotations.GetAsync(RequestPrincipal.Of(http), type, rotationId, ct), r => new RotationEnvelope(ApiViews.Rotation(r)))
                : NotFound(http, id))
            .Answers<RotationEnvelope>().MayMiss();

        group.MapPatch("/{type}/{id}", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(http, id);
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, (body, errors) => RotationRequests.ParseUpdate(body, type, rotationId, errors), ct);
            return command.IsSuccess
                ? ProblemResults.Map(await rotations.UpdateAsync(RequestPrincipal.Of(http), command.Value, ct), r => new RotationEnvelope(ApiViews.Rotation(r)))
                : ProblemResults.From(command.Problem);
        }).Reads<UpdateSecretRotationRequest>().Answers<RotationEnvelope>().MayMiss().MayConflict().CallsProvider();

        group.MapDelete("/{type}/{id}", async (string type, string id, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(http, id);
            }

            var errors = new ValidationErrors();
            var deleteSecrets = QueryBool(http.Request, "deleteSecrets", errors);
            var revoke = QueryBool(http.Request, "revokeGeneratedCredentials", errors);
            var force = QueryBool(http.Request, "force", errors);
            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var deleted = await rotations.DeleteAsync(RequestPrincipal.Of(http), type, rotationId, new RotationDeleteOptions(deleteSecrets, revoke, force), lifetime.ApplicationStopping);
            return ProblemResults.Map(deleted, r => new RotationEnvelope(ApiViews.Rotation(r)));
        }).Answers<RotationEnvelope>().MayMiss().MayConflict().CallsProvider().Query(
            QueryParameter.Flag("deleteSecrets", "Also delete the secrets the rotation writes."),
            QueryParameter.Flag("revokeGeneratedCredentials", "Also revoke the credentials it made at the provider."),
            QueryParameter.Flag("force", "Delete even when the provider cannot be reached to revoke."));

        // Source-generated JSON in one buffer: every manual rotation waits for this answer.
        group.MapPost("/{type}/{id}/rotate-secrets", async (string type, string id, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
            Guid.TryParse(id, out var rotationId)
                ? ProblemResults.Map(await rotations.RotateNowAsync(RequestPrincipal.Of(http), type, rotationId, lifetime.ApplicationStopping),
                    r => new RotationEnvelope(ApiViews.Rotation(r)), RotationJsonContext.Default.RotationEnvelope)
                : NotFound(http, id))
            .Answers<RotationEnvelope>().MayMiss().MayConflict().CallsProvider();

        group.MapGet("/{type}/{id}/history", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(http, id);
            }

            var query = HistoryPaging.Read(http.Request, type, rotationId);
            return query.IsSuccess
                ? ProblemResults.Map(await rotations.HistoryAsync(RequestPrincipal.Of(http), query.Value, ct), HistoryJson.Rotation)
                : ProblemResults.From(query.Problem);
        }).WithName("listSecretRotationHistory").Answers<RotationHistoryPage>().MayMiss()
            .Query(QueryParameter.Limit(HistoryQuery.MaxLimit), QueryParameter.Cursor);

        group.MapGet("/{type}/{id}/generated-credentials", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(http, id);
            }

            var result = await rotations.GeneratedCredentialsAsync(RequestPrincipal.Of(http), type, rotationId, ct);
            return ProblemResults.Map(result, GeneratedCredentialsJson.From);
        }).Answers<GeneratedCredentialsJson>().MayMiss();

        group.MapReconcile();
    }

    private static bool QueryBool(HttpRequest request, string name, ValidationErrors errors)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(name, "must be true or false");
        return false;
    }

    /// <summary>An id that is not a GUID names no rotation: an identity gets the one refusal it gets for any rotation it cannot see.</summary>
    internal static IResult NotFound(HttpContext http, string id) =>
        ProblemResults.From(RequestPrincipal.Of(http).IsRoot ? Problem.NotFound("Secret rotation", id) : AccessPolicy.Denied);
}
