using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Keyturn.Server.OpenApi;

/// <summary>
/// Adds the query parameters handlers read by hand (<see cref="QueryParameter"/> metadata), and marks path ids as
/// uuids: handlers bind them as strings so that a malformed id gets the same 404 as a missing one, but a client should
/// send a GUID.
/// </summary>
public sealed class ParameterDocs : IOpenApiOperationTransformer
{
    private static readonly HashSet<string> IdParameters = new(StringComparer.Ordinal) { "id", "projectId", "identityId", "clientSecretId" };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path && IdParameters.Contains(p.Name!)))
        {
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
        }

        foreach (var query in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameter>())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Required = query.Required,
                Description = query.Description,
                Schema = new OpenApiSchema { Type = query.Type, Format = query.Format },
            });
        }

        return Task.CompletedTask;
    }
}
