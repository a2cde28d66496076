using Keyturn.Core.Access;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Keyturn.Server.Http;

/// <summary>
/// The audit action and the permission of every /api route, in one table, attached to each endpoint as
/// <see cref="RouteDeclaration"/> metadata. Request-level actions are verbs ("secret.get"); the entries services write are past tense
/// ("secret.created") and carry the detail (docs/audit.md). A route missing here fails the route-table tests (audit and permission). The login
/// and renew routes are anonymous (their Authenticated entries are never checked); everything else is checked by the service.
/// </summary>
public static class RouteDeclarations
{
    private static readonly Dictionary<string, RouteDeclaration> Table = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/projects"] = new("project.create", "project", null, Permission.ProjectCreate),
        ["GET /api/v1/projects"] = new("project.list", "project", null, Permission.Authenticated),
        ["GET /api/v1/projects/{id}"] = new("project.get", "project", "id", Permission.ProjectRead),

        ["GET /api/v3/secrets/raw"] = new("secret.list", "secret", null, Permission.SecretRead),
        ["GET /api/v3/secrets/raw/{secretName}"] = new("secret.get", "secret", "secretName", Permission.SecretRead),
        ["POST /api/v3/secrets/raw/{secretName}"] = new("secret.create", "secret", "secretName", Permission.SecretWrite),
        ["PATCH /api/v3/secrets/raw/{secretName}"] = new("secret.update", "secret", "secretName", Permission.SecretWrite),
        ["DELETE /api/v3/secrets/raw/{secretName}"] = new("secret.delete", "secret", "secretName", Permission.SecretWrite),

        ["POST /api/v1/app-connections/{app}"] = new("app-connection.create", "app-connection", null, Permission.ConnectionAdmin),
        ["GET /api/v1/app-connections/{app}"] = new("app-connection.list", "app-connection", null, Permission.ConnectionAdmin),
        ["GET /api/v1/app-connections/{app}/{id}"] = new("app-connection.get", "app-connection", "id", Permission.ConnectionAdmin),
        ["PATCH /api/v1/app-connections/{app}/{id}"] = new("app-connection.update", "app-connection", "id", Permission.ConnectionAdmin),
        ["DELETE /api/v1/app-connections/{app}/{id}"] = new("app-connection.delete", "app-connection", "id", Permission.ConnectionAdmin),
        ["POST /api/v1/app-connections/{app}/{id}/rotate-credentials"] = new("app-connection.rotate-credentials", "app-connection", "id", Permission.ConnectionAdmin),
        ["GET /api/v1/app-connections/{app}/{id}/credential-rotations"] = new("app-connection.list-credential-rotations", "app-connection", "id", Permission.ConnectionAdmin),

        ["GET /api/v2/secret-rotations/options"] = new("secret-rotation.list-options", "secret-rotation", null, Permission.Authenticated),
        ["GET /api/v2/secret-rotations"] = new("secret-rotation.list", "secret-rotation", null, Permission.RotationRead),
        ["POST /api/v2/secret-rotations/{type}"] = new("secret-rotation.create", "secret-rotation", null, Permission.RotationManage),
        ["GET /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.get", "secret-rotation", "id", Permission.RotationRead),
        ["PATCH /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.update", "secret-rotation", "id", Permission.RotationManage),
        ["DELETE /api/v2/secret-rotations/{type}/{id}"] = new("secret-rotation.delete", "secret-rotation", "id", Permission.RotationManage),
        ["POST /api/v2/secret-rotations/{type}/{id}/rotate-secrets"] = new("secret-rotation.rotate", "secret-rotation", "id", Permission.RotationManage),
        ["GET /api/v2/secret-rotations/{type}/{id}/history"] = new("secret-rotation.list-history", "secret-rotation", "id", Permission.RotationRead),
        ["GET /api/v2/secret-rotations/{type}/{id}/generated-credentials"] = new("secret-rotation.read-generated-credentials", "secret-rotation", "id", Permission.GeneratedCredentialRead),
        ["POST /api/v2/secret-rotations/{type}/{id}/reconcile"] = new("secret-rotation.reconcile", "secret-rotation", "id", Permission.RotationManage),

        ["POST /api/v1/projects/{projectId}/webhooks"] = new("webhook.create", "webhook", null, Permission.WebhookManage),
        ["GET /api/v1/projects/{projectId}/webhooks"] = new("webhook.list", "webhook", null, Permission.WebhookManage),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}"] = new("webhook.get", "webhook", "id", Permission.WebhookManage),
        ["DELETE /api/v1/projects/{projectId}/webhooks/{id}"] = new("webhook.delete", "webhook", "id", Permission.WebhookManage),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}/deliveries"] = new("webhook.list-deliveries", "webhook", "id", Permission.WebhookManage),

        ["POST /api/v1/identities"] = new("identity.create", "identity", null, Permission.IdentityAdmin),
        ["GET /api/v1/identities"] = new("identity.list", "identity", null, Permission.IdentityAdmin),
        ["GET /api/v1/identities/{id}"] = new("identity.get", "identity", "id", Permission.IdentityAdmin),
        ["DELETE /api/v1/identities/{id}"] = new("identity.delete", "identity", "id", Permission.IdentityAdmin),
        ["POST /api/v1/identities/{id}/universal-auth/client-secrets"] = new("identity.create-client-secret", "identity", "id", Permission.IdentityAdmin),
        ["GET /api/v1/identities/{id}/universal-auth/client-secrets"] = new("identity.list-client-secrets", "identity", "id", Permission.IdentityAdmin),
        ["DELETE /api/v1/identities/{id}/universal-auth/client-secrets/{clientSecretId}"] = new("identity.delete-client-secret", "identity-client-secret", "clientSecretId", Permission.IdentityAdmin),
        ["POST /api/v1/identities/{id}/grants"] = new("identity.grant", "identity", "id", Permission.IdentityAdmin),
        ["DELETE /api/v1/identities/{id}/grants/{grant}"] = new("identity.revoke-grant", "identity", "id", Permission.IdentityAdmin),

        ["POST /api/v1/projects/{projectId}/memberships"] = new("membership.create", "membership", null, Permission.MembershipManage),
        ["GET /api/v1/projects/{projectId}/memberships"] = new("membership.list", "membership", null, Permission.MembershipManage),
        ["GET /api/v1/projects/{projectId}/memberships/{id}"] = new("membership.get", "membership", "id", Permission.MembershipManage),
        ["DELETE /api/v1/projects/{projectId}/memberships/{id}"] = new("membership.delete", "membership", "id", Permission.MembershipManage),

        ["POST /api/v1/auth/universal-auth/login"] = new("auth.login", "identity", null, Permission.Authenticated),
        ["POST /api/v1/auth/token/revoke"] = new("auth.revoke-token", "access-token", null, Permission.Authenticated),
        ["POST /api/v1/auth/token/renew"] = new("auth.renew-token", "access-token", null, Permission.Authenticated),
        ["GET /api/v1/auth/token/self"] = new("auth.read-token-self", "access-token", null, Permission.Authenticated),
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = new("universal-auth.create-client-secret", "identity", "identityId", Permission.IdentityAdmin),
        ["GET /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = new("universal-auth.list-client-secrets", "identity", "identityId", Permission.IdentityAdmin),
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets/{clientSecretId}/revoke"] = new("universal-auth.revoke-client-secret", "identity-client-secret", "clientSecretId", Permission.IdentityAdmin),

        ["GET /api/v1/audit-logs"] = new("audit-log.list", "audit-log", null, Permission.AuditRead),
        ["GET /api/v1/audit-logs/chain"] = new("audit-log.read-chain", "audit-log", null, Permission.AuditRead),
    };

    /// <summary>"GET /api/v1/projects/{id}": the key of a route in the table (no trailing slash).</summary>
    public static string Key(string method, RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = "/" + (pattern.RawText ?? "").Trim('/');
        return $"{method} {text}";
    }

    /// <summary>Attaches each route's <see cref="RouteDeclaration"/> once all its other metadata is in place.</summary>
    public static TBuilder WithRouteDeclarations<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
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
