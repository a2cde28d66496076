using System.Globalization;
using Keyturn.Server.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Keyturn.Server.OpenApi;

/// <summary>
/// Operation ids and summaries from each route's <see cref="RouteDeclaration"/> action, so the names a generated client
/// uses are the same words the audit log records: "secret-rotation.list-history" becomes listSecretRotationHistory and
/// "List secret rotation history". A name given with WithName is kept; a route outside /api (healthz) is named by
/// its method and path, so every operation has an id a client generator can use.
/// </summary>
public sealed class OperationNames : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RouteDeclaration>().FirstOrDefault() is not { } declared)
        {
            var method = (context.Description.HttpMethod ?? "any").ToLower(CultureInfo.InvariantCulture);
            var segments = (context.Description.RelativePath ?? "").Split('/', '-', '.', '{', '}').Where(s => s.Length > 0);
            operation.OperationId ??= method + string.Concat(segments.Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
            return Task.CompletedTask;
        }

        var words = Words(declared.Action);
        operation.OperationId ??= words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        operation.Summary ??= char.ToUpperInvariant(words[0][0]) + words[0][1..] + " " + string.Join(' ', words.Skip(1));
        return Task.CompletedTask;
    }

    // "secret-rotation.list-history": the verb first, then the resource, then the rest of the action.
    private static string[] Words(string action)
    {
        var (resource, verb) = action.Split('.', 2) is [var r, var v] ? (r, v) : (action, "");
        var verbWords = verb.Split('-', StringSplitOptions.RemoveEmptyEntries);
        string[] words = [.. verbWords.Take(1), .. resource.Split('-', StringSplitOptions.RemoveEmptyEntries), .. verbWords.Skip(1)];
        return [.. words.Select(w => w.ToLower(CultureInfo.InvariantCulture))];
    }
}
