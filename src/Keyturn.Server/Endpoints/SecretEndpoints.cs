using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Validation;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>Infisical's v3 "raw" secrets API, so its clients can read from Keyturn. Unknown query parameters are ignored.</summary>
public static class SecretEndpoints
{
    public static void MapSecretEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v3/secrets/raw").WithTags("secrets");

        group.MapGet("/", async (HttpRequest request, SecretService secrets, CancellationToken ct) =>
        {
            var q = request.Query;
            if (InfisicalReadOptions.RefuseUnsupportedListOptions(q) is { } unsupported)
            {
                return ProblemResults.From(unsupported);
            }

            var list = await secrets.ListAsync(q["workspaceId"], q["environment"], q["secretPath"], ct);
            return ProblemResults.Map(list, s => new SecretListEnvelope([.. s.Select(SecretJson.From)], []), SecretJsonContext.Default.SecretListEnvelope);
        });

        group.MapGet("/{secretName}", async (string secretName, HttpRequest request, SecretService secrets, CancellationToken ct) =>
        {
            var q = request.Query;
            if (InfisicalReadOptions.RefuseUnsupportedGetOptions(q) is { } unsupported)
            {
                return ProblemResults.From(unsupported);
            }

            int? version = null;
            if (!string.IsNullOrEmpty(q["version"]))
            {
                if (!int.TryParse(q["version"], out var v) || v < 1)
                {
                    return ProblemResults.From(Problem.Invalid("version", "must be a whole number from 1"));
                }

                version = v;
            }

            var secret = await secrets.GetAsync(secretName, q["workspaceId"], q["environment"], q["secretPath"], version, ct);
            return ProblemResults.Map(secret, s => new SecretEnvelope(SecretJson.From(s)), SecretJsonContext.Default.SecretEnvelope);
        });

        group.MapPost("/{secretName}", (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
            WriteAsync(http, requireBody: true, (actor, request) => secrets.CreateAsync(actor, secretName, request, ct), ct));

        group.MapPatch("/{secretName}", (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
            WriteAsync(http, requireBody: true, (actor, request) => secrets.UpdateAsync(actor, secretName, request, ct), ct));

        group.MapDelete("/{secretName}", (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
            WriteAsync(http, requireBody: false, (actor, request) => secrets.DeleteAsync(actor, secretName, request, ct), ct));
    }

    private static async Task<IResult> WriteAsync(HttpContext http, bool requireBody, Func<string, SecretWriteRequest, Task<Result<SecretView>>> write, CancellationToken ct)
    {
        var q = http.Request.Query;
        // DELETE may carry its fields in the body (Infisical's SDK) or in the query string.
        if (!requireBody && http.Request.ContentLength is null or 0 && !http.Request.Headers.TransferEncoding.Any())
        {
            return ProblemResults.Map(await write(Actor.Of(http), new SecretWriteRequest(q["workspaceId"], q["environment"], q["secretPath"], null, q["type"])),
                s => new SecretEnvelope(SecretJson.From(s)), SecretJsonContext.Default.SecretEnvelope);
        }

        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (!body.IsSuccess)
        {
            return ProblemResults.From(body.Problem);
        }

        var errors = new ValidationErrors();
        var request = new SecretWriteRequest(
            Json.OptionalString(body.Value, "workspaceId", errors) ?? q["workspaceId"],
            Json.OptionalString(body.Value, "environment", errors) ?? q["environment"],
            Json.OptionalString(body.Value, "secretPath", errors) ?? q["secretPath"],
            Json.OptionalString(body.Value, "secretValue", errors),
            Json.OptionalString(body.Value, "type", errors));
        if (!errors.IsEmpty)
        {
            return ProblemResults.From(Problem.Invalid(errors));
        }

        return ProblemResults.Map(await write(Actor.Of(http), request), s => new SecretEnvelope(SecretJson.From(s)), SecretJsonContext.Default.SecretEnvelope);
    }
}
