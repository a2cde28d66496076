namespace Keyturn.Cli;

/// <summary>A rotation found by id, with its type and the server's GET answer.</summary>
internal sealed record LocatedRotation(string Type, ApiResponse Response);

/// <summary>
/// Finds a rotation's type from its id. The Infisical-shaped routes are per type, so the CLI asks each type the
/// options route lists (a handful) until one knows the id; a new provider is found without a CLI change.
/// </summary>
internal static class RotationLocator
{
    public const string BasePath = "api/v2/secret-rotations";

    public static string PathOf(string type, string id) => $"{BasePath}/{ApiPath.Segment(type)}/{ApiPath.Segment(id)}";

    /// <summary>
    /// The rotation <paramref name="id"/>; with <paramref name="explicitType"/> only that type is asked, and a miss says
    /// which type the rotation really is, so a wrong <c>--type</c> reads as such rather than as "not found".
    /// </summary>
    public static async Task<LocatedRotation> FindAsync(ApiClient api, string id, string? explicitType, CancellationToken ct)
    {
        if (explicitType is not null)
        {
            try
            {
                return new LocatedRotation(explicitType, await api.GetAsync(PathOf(explicitType, id), ct));
            }
            catch (ApiException e) when (e.Problem.Status == 404)
            {
                await ExplainMissAsync(api, id, explicitType, ct);
                throw;
            }
        }

        var types = await TypesAsync(api, ct);
        return await SearchAsync(api, id, types, ct)
            ?? throw NotFound(id, types);
    }

    /// <summary>
    /// Called after a per-type call answered 404 for an explicit <c>--type</c>: throws a usage error when the type is
    /// unknown or the rotation is of another type; returns when the id is simply not there.
    /// </summary>
    public static async Task ExplainMissAsync(ApiClient api, string id, string explicitType, CancellationToken ct)
    {
        var types = await TypesAsync(api, ct);
        if (!types.Contains(explicitType))
        {
            throw new UsageException($"--type: unknown rotation type '{explicitType}' (types: {string.Join(", ", types)})");
        }

        if (await SearchAsync(api, id, types.Where(t => t != explicitType), ct) is { } found)
        {
            throw new UsageException($"--type: secret rotation {id} is of type {found.Type}, not {explicitType} (leave --type out to have it found)");
        }
    }

    private static async Task<IReadOnlyList<string>> TypesAsync(ApiClient api, CancellationToken ct) =>
        [.. RotationTypeOption.ListFrom((await api.GetAsync(RotationTypeOption.OptionsPath, ct)).Json).Select(t => t.Type)];

    private static async Task<LocatedRotation?> SearchAsync(ApiClient api, string id, IEnumerable<string> types, CancellationToken ct)
    {
        foreach (var type in types)
        {
            // Any other error (401, 5xx) is the answer, not a reason to keep looking.
            var response = await api.SendAsync(HttpMethod.Get, PathOf(type, id), null, ct);
            if (response.IsSuccess)
            {
                return new LocatedRotation(type, response);
            }

            if ((int)response.Status != 404)
            {
                response.EnsureSuccess();
            }
        }

        return null;
    }

    private static ApiException NotFound(string id, IReadOnlyList<string> types) => new(new ApiProblem(
        404, "Secret rotation not found", $"No secret rotation with id '{id}' among the types {string.Join(", ", types)}.", []));
}
