using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Connections;
using Keyturn.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Support;

/// <summary>
/// A least-privilege Azure connection that can rotate its own secret: an app holding Application.ReadWrite.OwnedBy,
/// owner of its own registration and of one target app, with the secret a human made for it.
/// </summary>
public sealed record SelfRotatingConnection(TestServer Server, EmulatedApp App, Guid HumanKeyId, EmulatedApp Target, string Id)
{
    public const string Path = "/api/v1/app-connections/azure";

    public static async Task<SelfRotatingConnection> CreateAsync(TestServer server, bool nameHumanSecret)
    {
        var control = server.Emulator.Control;
        var app = control.CreateApplication($"conn-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        control.AddOwner(app.ObjectId, app.ObjectId);
        var humanKeyId = Assert.Single(control.ListPasswords(app.ObjectId)).KeyId;
        var target = control.CreateApplication($"target-{Guid.NewGuid():N}"[..15], [], [app.ObjectId], withInitialSecret: true);
        var created = (await server.Api.PostAsync(Path, Body(server.Emulator, app, nameHumanSecret ? humanKeyId : null))).ShouldBe(HttpStatusCode.OK);
        return new SelfRotatingConnection(server, app, humanKeyId, target, created.Body["appConnection"]!["id"]!.GetValue<string>());
    }

    public static object Body(AzureEmulatorHost emulator, EmulatedApp app, Guid? clientSecretId) => new
    {
        name = $"c-{Guid.NewGuid():N}"[..20],
        method = "client-secret",
        credentials = clientSecretId is { } keyId
            ? (object)new { tenantId = emulator.TenantId, clientId = app.ClientId, clientSecret = app.InitialSecret, clientSecretId = keyId }
            : new { tenantId = emulator.TenantId, clientId = app.ClientId, clientSecret = app.InitialSecret },
        endpoints = new { authorityHost = emulator.AuthorityHost.AbsoluteUri, graph = emulator.GraphEndpoint.AbsoluteUri },
    };

    public async Task<JsonNode> RotateAsync() =>
        (await Server.Api.PostAsync($"{Path}/{Id}/rotate-credentials", null)).ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;

    public async Task<JsonNode> GetAsync() => (await Server.Api.GetAsync($"{Path}/{Id}")).ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;

    /// <summary>The password credentials the connection made on its own app (label "keyturn-connection-…").</summary>
    public IReadOnlyList<PasswordCredentialInfo> ConnectionMade() =>
        Server.Emulator.Control.ListPasswords(App.ObjectId).Where(p => p.DisplayName?.StartsWith("keyturn-connection-", StringComparison.Ordinal) == true).ToList();

    /// <summary>The client secret the server holds for the connection now, opened from its store (to check it at the token endpoint).</summary>
    public async Task<string> CurrentSecretAsync()
    {
        var services = Server.Host.Services;
        var stored = await services.GetRequiredService<IKeyturnStore>().GetConnectionAsync(Guid.Parse(Id), CancellationToken.None);
        var opened = await services.GetRequiredService<ConnectionService>().OpenAsync(stored!, CancellationToken.None);
        return opened.Credentials.GetProperty("clientSecret").GetString()!;
    }

    public bool Authenticates(string secret) => Server.Emulator.Control.Authenticates(App.ClientId, secret);

    public bool HumanSecretExists() => Server.Emulator.Control.ListPasswords(App.ObjectId).Any(p => p.KeyId == HumanKeyId);

    /// <summary>Creates a project and an azure-client-secret rotation of the target through this connection; returns the rotation id.</summary>
    public async Task<string> CreateTargetRotationAsync()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var body = Scenario.RotationBody(projectId, Id, Target, $"r-{Guid.NewGuid():N}"[..20]);
        return (await Server.Api.PostAsync(Scenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
    }
}
