namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// Metadata documents MSAL may fetch. With DisableInstanceDiscovery MSAL 4.92 asks for none of them for the
/// client-credentials flow, but other clients (or other MSAL settings) do, so they point back at this host.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        routes.MapGet("/common/discovery/instance", (HttpContext context) => Results.Json(Instance(context, services), EmulatorJson.Options));
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext context, string tenant) => OpenIdConfiguration(context, tenant, services, "v2.0"));
        routes.MapGet("/{tenant}/.well-known/openid-configuration", (HttpContext context, string tenant) => OpenIdConfiguration(context, tenant, services, null));
        routes.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new { keys = Array.Empty<object>() }, EmulatorJson.Options));
    }

    private static string Host(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static object Instance(HttpContext context, EmulatorServices services)
    {
        var tenant = services.Directory.TenantId;
        return new Dictionary<string, object>
        {
            ["tenant_discovery_endpoint"] = $"{Host(context)}/{tenant}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["preferred_network"] = context.Request.Host.ToString(),
                    ["preferred_cache"] = context.Request.Host.ToString(),
                    ["aliases"] = new[] { context.Request.Host.ToString() },
                },
            },
        };
    }

    private static IResult OpenIdConfiguration(HttpContext context, string tenant, EmulatorServices services, string? version)
    {
        var id = services.Directory.TenantId;
        if (!string.Equals(tenant, id, StringComparison.OrdinalIgnoreCase) && tenant is not ("common" or "organizations"))
        {
            return EntraError.Result(context, services.Time, 400, "invalid_tenant", EntraError.TenantNotFound,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        var root = $"{Host(context)}/{id}";
        var suffix = version is null ? string.Empty : "/" + version;
        return Results.Json(
            new Dictionary<string, object>
            {
                ["token_endpoint"] = $"{root}/oauth2{suffix}/token",
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
                ["jwks_uri"] = $"{Host(context)}/{id}/discovery/v2.0/keys",
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["issuer"] = version is null ? $"https://sts.windows.net/{id}/" : $"{root}/v2.0",
                ["authorization_endpoint"] = $"{root}/oauth2{suffix}/authorize",
                ["tenant_region_scope"] = "EU",
                ["cloud_instance_name"] = context.Request.Host.Host,
                ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            },
            EmulatorJson.Options);
    }
}
