using Microsoft.AspNetCore.Routing.Patterns;

namespace Keyturn.Server.Http;

/// <summary>
/// The audit action of every /api route, in one table, attached to each endpoint as <see cref="AuditedRoute"/>
/// metadata. Request-level actions are verbs ("secret.get"); the entries services write are past tense
/// ("secret.created") and carry the detail (docs/audit.md). A route missing here fails the route-table test.
/// </summary>
public static class AuditedRoutes
{
    private static readonly Dictionary<string, AuditedRoute> Table = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/projects"] = new("project.create", "project", null),
        ["GET /api/v1/projects"] = new("project.list", "project", null),
        ["GET /api/v1/projects/{id}"] = new("project.get", "project", "id"),

        ["GET /api/v3/secrets/raw"] = new("secret.list", "secret", null),
        ["GET /api/v3/secrets/raw/{secretName}"] = new("secret.get", "secret", "secretName"),
        ["POST /api/v3/secrets/raw/{secretName}"] = new("secret.create", "secret", "secretName"),
        ["PATCH /api/v3/secrets/raw/{secretName}"] = new("secret.update", "secret", "secretName"),
        ["DELETE /api/v3/secrets/raw/{secretName}"] = new("secret.delete", "secret", "secretName"),

        ["POST /api/v1/app-connections/{app}"] = new("app-connection.create", "app-connection", null),
        ["GET /api/v1/app-connections/{app}"] = new("app-connection.list", "app-connection", null),
        ["GET /api/v1/app-connections/{app}/{id}"] = new("app-connection.get", "app-connection", "id"),
        ["PATCH /api/v1/app-connections/{app}/{id}"] = new("app-connection.update", "app-connection", "id"),
        ["DELETE /api/v1/app-connections/{app}/{id}"] = new("app-connection.delete", "app-connection", "id"),
        ["POST /api/v1/app-connections/{app}/{id}/rotate-credentials"] = new("app-connection.rotate-credentials", "app-connection", "id"),
        ["GET /api/v1/app-connections/{app}/{id}/credential-rotations"] = new("app-connection.list-credential-rotations", "app-connection", "id"),

        ["GET /api/v2/secret-rotations/options"] = new("secret-rotation.list-options", "secret-rotation", null),
        ["GET /api/v2/secret-rotations"] = new("secret-rotation.list", "secret-rotation", null),
        ["POST /api/v2/secret-rotations/{type}"] = new("secret-rotation.create", "secret-rotation", null),
        ["GET /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.get", "secret-rotation", "id"),
        ["PATCH /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.update", "secret-rotation", "id"),
        ["DELETE /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.delete", "secret-rotation", "id"),
        ["POST /api/v2/secret-rotations/{type}/{id}/rotate-secrets"] = new("secret-rotation.rotate", "secret-rotation", "id"),
        ["GET /api/v2/secret-rotations/{type}/{id}/history"] = new("secret-rotation.list-history", "secret-rotation", "id"),
        ["GET /api/v2/secret-rotations/{type}/{id}/generated-credentials"] = new("secret-rotation.read-generated-credentials", "secret-rotation", "id"),
        ["POST /api/v2/secret-rotations/{type}/{id}/reconcile"] = new("secret-rotation.reconcile", "secret-rotation", "id"),

        ["POST /api/v1/projects/{projectId}/webhooks"] = new("webhook.create", "webhook", null),
        ["GET /api/v1/projects/{projectId}/webhooks"] = new("webhook.list", "webhook", null),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}"] = new("webhook.get", "webhook", "id"),
        ["DELETE /api/v1/projects/{projectId}/webhooks/{id}"] = new("webhook.delete", "webhook", "id"),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}/deliveries"] = new("webhook.list-deliveries", "webhook", "id"),

        ["POST /api/v1/identities"] = new("identity.create", "identity", null),
        ["GET /api/v1/identities"] = new("identity.list", "identity", null),
        ["GET /api/v1/identities/{id}"] = new("identity.get", "identity", "id"),
        ["DELETE /api/v1/identities/{id}"] = new("identity.delete", "identity", "id"),
        ["POST /api/v1/identities/{id}/universal-auth/client-secrets"] = new("identity.create-client-secret", "identity", "id"),
        ["GET /api/v1/identities/{id}/universal-auth/client-secrets"] = new("identity.list-client-secrets", "identity", "id"),
        ["DELETE /api/v1/identities/{id}/universal-auth/client-secrets/{clientSecretId}"] = new("identity.delete-client-secret", "identity-client-secret", "clientSecretId"),
        ["POST /api/v1/identities/{id}/grants"] = new("identity.grant", "identity", "id"),
        ["DELETE /api/v1/identities/{id}/grants/{grant}"] = new("identity.revoke-grant", "identity", "id"),

        ["POST /api/v1/projects/{projectId}/memberships"] = new("membership.create", "membership", null),
        ["GET /api/v1/projects/{projectId}/memberships"] = new("membership.list", "membership", null),
        ["GET /api/v1/projects/{projectId}/memberships/{id}"] = new("membership.get", "membership", "id"),
        ["DELETE /api/v1/projects/{projectId}/memberships/{id}"] = new("membership.delete", "membership", "id"),

        ["POST /api/v1/auth/universal-auth/login"] = new("auth.login", "identity", null),
        ["POST /api/v1/auth/token/revoke"] = new("auth.revoke-token", "access-token", null),

        ["GET /api/v1/audit-logs"] = new("audit-log.list", "audit-log", null),
        ["GET /api/v1/audit-logs/chain"] = new("audit-log.read-chain", "audit-log", null),
    };

    /// <summary>"GET /api/v1/projects/{id}": the key of a route in the table (no trailing slash).</summary>
    public static string Key(string method, RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = "/" + (pattern.RawText ?? "").Trim('/');
        return $"{method} {text}";
    }

    /// <summary>Attaches each route's <see cref="AuditedRoute"/> once all its other metadata is in place.</summary>
    public static TBuilder WithAuditedRoutes<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault() is { HttpMethods: [var method] }
                && Table.TryGetValue(Key(method, route.RoutePattern), out var audited))
            {
                endpoint.Metadata.Add(audited);
            }
        });
        return builder;
    }
}
