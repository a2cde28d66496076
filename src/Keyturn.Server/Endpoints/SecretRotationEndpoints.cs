using Keyturn.Core.History;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>Secret rotations in the shape of Infisical's secret-rotation v2 API.</summary>
public static class SecretRotationEndpoints
{
    public static void MapSecretRotationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v2/secret-rotations").WithTags("secret-rotations");

        // Every registered type with what a client needs to create one: the CLI builds its create body from this.
        group.MapGet("/options", (RotationProviderRegistry providers) => TypedResults.Ok(RotationOptionsJson.From(providers.All)))
            .WithName("listSecretRotationOptions");

        group.MapGet("/", async (HttpRequest request, RotationService rotations, CancellationToken ct) =>
            ProblemResults.Map(await rotations.ListAsync(request.Query["projectId"], ct), list => new { secretRotations = list.Select(ApiViews.Rotation) }));

        group.MapPost("/{type}", async (string type, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            if (!body.IsSuccess)
            {
                return ProblemResults.From(body.Problem);
            }

            // Once provider calls start, a client hanging up must not cut the attempt short and strand a credential.
            var created = await rotations.CreateAsync(Actor.Of(http), type, body.Value, lifetime.ApplicationStopping);
            return ProblemResults.Map(created, r => new { secretRotation = ApiViews.Rotation(r) });
        });

        group.MapGet("/{type}/{id}", async (string type, string id, RotationService rotations, CancellationToken ct) =>
            Guid.TryParse(id, out var rotationId)
                ? ProblemResults.Map(await rotations.GetAsync(type, rotationId, ct), r => new { secretRotation = ApiViews.Rotation(r) })
                : NotFound(id));

        group.MapPatch("/{type}/{id}", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(id);
            }

            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            return body.IsSuccess
                ? ProblemResults.Map(await rotations.UpdateAsync(Actor.Of(http), type, rotationId, body.Value, ct), r => new { secretRotation = ApiViews.Rotation(r) })
                : ProblemResults.From(body.Problem);
        });

        group.MapDelete("/{type}/{id}", async (string type, string id, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(id);
            }

            var errors = new ValidationErrors();
            var deleteSecrets = QueryBool(http.Request, "deleteSecrets", errors);
            var revoke = QueryBool(http.Request, "revokeGeneratedCredentials", errors);
            var force = QueryBool(http.Request, "force", errors);
            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var deleted = await rotations.DeleteAsync(Actor.Of(http), type, rotationId, new RotationDeleteOptions(deleteSecrets, revoke, force), lifetime.ApplicationStopping);
            return ProblemResults.Map(deleted, r => new { secretRotation = ApiViews.Rotation(r) });
        });

        // Source-generated JSON in one buffer: every manual rotation waits for this answer.
        group.MapPost("/{type}/{id}/rotate-secrets", async (string type, string id, HttpContext http, RotationService rotations, IHostApplicationLifetime lifetime) =>
            Guid.TryParse(id, out var rotationId)
                ? ProblemResults.Map(await rotations.RotateNowAsync(Actor.Of(http), type, rotationId, lifetime.ApplicationStopping),
                    r => new RotationEnvelope(ApiViews.Rotation(r)), RotationJsonContext.Default.RotationEnvelope)
                : NotFound(id));

        group.MapGet("/{type}/{id}/history", async (string type, string id, HttpRequest request, RotationHistory history, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(id);
            }

            var query = HistoryPaging.Read(request, type, rotationId);
            return query.IsSuccess
                ? ProblemResults.Map(await history.RotationAsync(query.Value, ct), HistoryJson.Rotation)
                : ProblemResults.From(query.Problem);
        }).WithName("listSecretRotationHistory");

        group.MapGet("/{type}/{id}/generated-credentials", async (string type, string id, HttpContext http, RotationService rotations, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return NotFound(id);
            }

            var result = await rotations.GeneratedCredentialsAsync(Actor.Of(http), type, rotationId, ct);
            return ProblemResults.Map(result, c => new
            {
                generatedCredentials = c.Slots,
                adoptedCredential = c.Adopted is { } adopted ? new { slot = adopted.Slot, credentialId = adopted.CredentialId } : null,
                activeIndex = c.Rotation.ActiveIndex,
                rotationId = c.Rotation.Id,
                type = c.Rotation.Type,
            });
        });

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

    private static IResult NotFound(string id) => ProblemResults.From(Problem.NotFound("Secret rotation", id));
}
