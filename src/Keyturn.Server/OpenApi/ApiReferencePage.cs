namespace Keyturn.Server.OpenApi;

/// <summary>
/// A browsable API reference at /docs: Swagger UI over /openapi/v1.json. Its scripts and styles are embedded in the
/// Swashbuckle.AspNetCore.SwaggerUI package and served by the server, so the page works with no internet access;
/// the online spec validator (which would fetch a badge from validator.swagger.io) is switched off explicitly, so no
/// change of the package's default turns it on.
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "docs";

    public static IApplicationBuilder UseApiReferencePage(this IApplicationBuilder app) =>
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = Path;
            options.DocumentTitle = "Keyturn API";
            options.SwaggerEndpoint("/openapi/v1.json", "Keyturn API v1");
            options.ConfigObject.ValidatorUrl = "none";
        });
}
