using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>What the matrix's requests point at, made with the root token through the API (shared or fresh per case).</summary>
public static class MatrixResources
{
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)].ToUpperInvariant();

    public static string Folder(PermissionMatrixFixture f, MatrixTarget t) =>
        $"workspaceId={f.ProjectOf(t)}&environment={t.Environment}&secretPath={Uri.EscapeDataString(t.SecretPath!)}";

    public static object SecretBody(PermissionMatrixFixture f, MatrixTarget t, string value) =>
        new { workspaceId = f.ProjectOf(t), environment = t.Environment, secretPath = t.SecretPath, secretValue = value };

    public static async Task<string> SecretAsync(PermissionMatrixFixture f, MatrixTarget t)
    {
        var name = Unique("MATRIX");
        (await f.Root.PostAsync($"/api/v3/secrets/raw/{name}", SecretBody(f, t, "matrix-value"))).ShouldBe(HttpStatusCode.OK);
        return name;
    }

    /// <summary>An azure-client-secret rotation in the target's folder, on the shared connection and a fresh app at the emulator.</summary>
    public static async Task<string> RotationAsync(PermissionMatrixFixture f, MatrixTarget t) =>
        (await f.Root.PostAsync(PermissionMatrixFixture.RotationsPath, RotationBody(f, t))).ShouldBe(HttpStatusCode.OK)
            .Body["secretRotation"]!["id"]!.GetValue<string>();

    public static Dictionary<string, object?> RotationBody(PermissionMatrixFixture f, MatrixTarget t)
    {
        var body = Scenario.RotationBody(f.ProjectOf(t), f.ConnectionId, Scenario.CreateTargetApp(f.Server), $"matrix-{Guid.NewGuid():N}"[..20]);
        body["environment"] = t.Environment;
        body["secretPath"] = t.SecretPath;
        body["isAutoRotationEnabled"] = false;
        body["secretsMapping"] = new { clientId = Unique("CLIENT_ID"), clientSecret = Unique("CLIENT_SECRET") };
        return body;
    }

    public static string Webhooks(PermissionMatrixFixture f, MatrixTarget t) => $"/api/v1/projects/{f.ProjectOf(t)}/webhooks";

    public static object WebhookBody => new { url = PermissionMatrixFixture.WebhookUrl, events = new[] { "rotation.failed" } };

    public static async Task<string> WebhookAsync(PermissionMatrixFixture f, MatrixTarget t) =>
        (await f.Root.PostAsync(Webhooks(f, t), WebhookBody)).ShouldBe(HttpStatusCode.OK).Body["webhook"]!["id"]!.GetValue<string>();

    public static string Memberships(PermissionMatrixFixture f, MatrixTarget t) => $"/api/v1/projects/{f.ProjectOf(t)}/memberships";

    /// <summary>A bystander identity's viewer membership in the target's project (the bystander never sends a request).</summary>
    public static async Task<string> MembershipAsync(PermissionMatrixFixture f, MatrixTarget t)
    {
        var identity = await IdentityAsync(f);
        return (await f.Root.PostAsync(Memberships(f, t), new { identityId = identity, role = "viewer" })).ShouldBe(HttpStatusCode.OK)
            .Body["membership"]!["id"]!.GetValue<string>();
    }

    public static async Task<string> IdentityAsync(PermissionMatrixFixture f) =>
        (await f.Root.PostAsync("/api/v1/identities", new { name = $"bystander-{Guid.NewGuid():N}"[..24] })).ShouldBe(HttpStatusCode.OK)
            .Body["identity"]!["id"]!.GetValue<string>();

    public static async Task<string> ClientSecretAsync(PermissionMatrixFixture f, string identityId) =>
        (await f.Root.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { description = "matrix" })).ShouldBe(HttpStatusCode.OK)
            .Body["clientSecretId"]!.GetValue<string>();

    public static async Task<string> GrantedIdentityAsync(PermissionMatrixFixture f)
    {
        var identity = await IdentityAsync(f);
        (await f.Root.PostAsync($"/api/v1/identities/{identity}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.OK);
        return identity;
    }

    public static Task<string> ConnectionAsync(PermissionMatrixFixture f) => Scenario.CreateConnectionAsync(f.Server);

    public static async Task<string> SelfRotatingConnectionAsync(PermissionMatrixFixture f) =>
        (await SelfRotatingConnection.CreateAsync(f.Server, nameHumanSecret: true)).Id;

    /// <summary>A fresh token of a fresh identity, for the revoke route to revoke (revoking the caller's own would end its row).</summary>
    public static async Task<string> VictimTokenAsync(PermissionMatrixFixture f)
    {
        var credentials = await MatrixIdentities.CreateAsync(f.Root, "victim");
        return await MatrixIdentities.LoginAsync(f.Root, credentials);
    }
}
