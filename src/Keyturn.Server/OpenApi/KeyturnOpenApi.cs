namespace Keyturn.Server.OpenApi;

/// <summary>The /openapi/v1.json document: endpoint metadata (<see cref="OpenApiMetadata"/>) plus these transformers.</summary>
public static class KeyturnOpenApi
{
    public static IServiceCollection AddKeyturnOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Keyturn";
                document.Info.Description = "Keyturn's HTTP API (docs/api.md). Errors are RFC 9457 problem details; a 400 names each field and the rule it broke.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerSecurity>();
            options.AddOperationTransformer<BearerSecurity>();
            options.AddOperationTransformer<OperationNames>();
            options.AddOperationTransformer<ParameterDocs>();
            options.AddSchemaTransformer<WireSchemas>();
        });
}
