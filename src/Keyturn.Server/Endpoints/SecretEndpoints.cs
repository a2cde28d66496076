using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Secrets;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// Infisical's v3 "raw" secrets API, so its clients can read from Keyturn. Unknown query parameters are ignored. Each
/// route checks the form of what it is given (400), then SecretService checks the principal's right in the scope.
/// </summary>
public static class SecretEndpoints
{
    public static void MapSecretEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v3/secrets/raw").WithTags("secrets").NeedsToken();

        group.MapGet("/", async (HttpContext http, SecretService secrets, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            if (InfisicalReadOptions.RefuseUnsupportedListOptions(q) is { } unsupported)
            {
                return ProblemResults.From(unsupported);
            }

            var errors = new ValidationErrors();
            if (SecretRequests.ParseScope(q, errors) is not { } scope)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var list = await secrets.ListAsync(RequestPrincipal.Of(http), scope, ct);
            return ProblemResults.Map(list, s => new SecretListEnvelope([.. s.Select(SecretJson.From)], []), SecretJsonContext.Default.SecretListEnvelope);
        }).Answers<SecretListEnvelope>().Query([
            .. QueryParameter.SecretScope(required: true),
            QueryParameter.Flag("recursive", InfisicalReadOptions.RecursiveRule),
            QueryParameter.Text("tagSlugs", InfisicalReadOptions.TagSlugsRule),
        ]);

        group.MapGet("/{secretName}", async (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            if (InfisicalReadOptions.RefuseUnsupportedGetOptions(q) is { } unsupported)
            {
                return ProblemResults.From(unsupported);
            }

            var errors = new ValidationErrors();
            var scope = SecretRequests.ParseScope(q, errors);
            int? version = null;
            if (!string.IsNullOrEmpty(q["version"]))
            {
                if (!int.TryParse(q["version"], out var v) || v < 1)
                {
                    errors.Add("version", "must be a whole number from 1");
                }

                version = v;
            }

            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var secret = await secrets.GetAsync(RequestPrincipal.Of(http), scope!, secretName, version, ct);
            return One(secret);
        }).Answers<SecretEnvelope>().MayMiss().Query([
            .. QueryParameter.SecretScope(required: true),
            QueryParameter.Number("version", "A past version, from 1; the current one when left out."),
            QueryParameter.Text("type", InfisicalReadOptions.TypeRule),
        ]);

        group.MapPost("/{secretName}", async (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => SecretRequests.ParseWrite(secretName, b, http.Request.Query, e), ct);
            return command.IsSuccess ? One(await secrets.CreateAsync(RequestPrincipal.Of(http), command.Value, ct)) : ProblemResults.From(command.Problem);
        }).Reads<WriteSecretRequest>().Answers<SecretEnvelope>().MayMiss().MayConflict().Query(LocationInQuery);

        group.MapPatch("/{secretName}", async (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => SecretRequests.ParseWrite(secretName, b, http.Request.Query, e), ct);
            return command.IsSuccess ? One(await secrets.UpdateAsync(RequestPrincipal.Of(http), command.Value, ct)) : ProblemResults.From(command.Problem);
        }).Reads<WriteSecretRequest>().Answers<SecretEnvelope>().MayMiss().MayConflict().Query(LocationInQuery);

        group.MapDelete("/{secretName}", async (string secretName, HttpContext http, SecretService secrets, CancellationToken ct) =>
        {
            var command = await ReadDeleteAsync(secretName, http.Request, ct);
            return command.IsSuccess ? One(await secrets.DeleteAsync(RequestPrincipal.Of(http), command.Value, ct)) : ProblemResults.From(command.Problem);
        }).MayRead<DeleteSecretRequest>().Answers<SecretEnvelope>().MayMiss().MayConflict().Query(LocationInQuery);
    }

    // Writes take the secret's location from the body or, field by field, from the query string (a body field wins).
    private static readonly QueryParameter[] LocationInQuery =
        [.. QueryParameter.SecretScope(required: false), QueryParameter.Text("type", InfisicalReadOptions.TypeRule)];

    // DELETE may carry its fields in the body (Infisical's SDK) or in the query string.
    private static async Task<Result<DeleteSecretCommand>> ReadDeleteAsync(string secretName, HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
        {
            var errors = new ValidationErrors();
            return SecretRequests.ParseDelete(secretName, null, request.Query, errors) is { } command ? command : Problem.Invalid(errors);
        }

        return await JsonBody.ReadCommandAsync(request, (b, e) => SecretRequests.ParseDelete(secretName, b, request.Query, e), ct);
    }

    private static IResult One(Result<SecretView> secret) =>
        ProblemResults.Map(secret, s => new SecretEnvelope(SecretJson.From(s)), SecretJsonContext.Default.SecretEnvelope);
}
