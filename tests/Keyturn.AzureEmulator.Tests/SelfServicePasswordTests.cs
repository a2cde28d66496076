using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>
/// An app managing its own client secrets through Graph, as a self-rotating connection does: with
/// Application.ReadWrite.OwnedBy only while it is an owner of its own registration, as in Entra.
/// </summary>
public sealed class SelfServicePasswordTests
{
    [Fact]
    public async Task AddPassword_OwnedByAppOwningItself_AddsAndRemovesItsOwnSecret()
    {
        await using var host = await Emulator.StartAsync();
        var app = host.Control.CreateApplication("self-rotating", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        host.Control.AddOwner(app.ObjectId, app.ObjectId);
        using var graph = await EmulatorClient.GraphAsync(host, app.ClientId, app.InitialSecret!);

        var own = await EmulatorClient.JsonAsync(await graph.GetAsync($"applications(appId='{app.ClientId}')"));
        using var added = await graph.PostAsJsonAsync($"applications/{own.GetProperty("id").GetString()}/addPassword",
            new { passwordCredential = new { displayName = "keyturn-connection-1" } });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var body = await EmulatorClient.JsonAsync(added);
        var secret = body.GetProperty("secretText").GetString()!;
        Assert.NotEmpty(await EmulatorClient.TokenAsync(host, app.ClientId, secret));
        using var removed = await graph.PostAsJsonAsync($"applications/{app.ObjectId}/removePassword", new { keyId = body.GetProperty("keyId").GetGuid() });
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(host.Control.Authenticates(app.ClientId, secret));
        Assert.True(host.Control.Authenticates(app.ClientId, app.InitialSecret!));
    }

    [Fact]
    public async Task AddPassword_OwnedByAppNotOwningItself_Returns403()
    {
        await using var host = await Emulator.StartAsync();
        var app = host.Control.CreateApplication("not-self-owned", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        using var graph = await EmulatorClient.GraphAsync(host, app.ClientId, app.InitialSecret!);

        using var read = await graph.GetAsync($"applications(appId='{app.ClientId}')");
        using var added = await graph.PostAsJsonAsync($"applications/{app.ObjectId}/addPassword", new { passwordCredential = new { displayName = "x" } });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, added.StatusCode);
        Assert.Equal("Authorization_RequestDenied", await EmulatorClient.ErrorCodeAsync(added));
        Assert.Single(host.Control.ListPasswords(app.ObjectId));
    }

    [Fact]
    public async Task AddOwner_UnknownApp_Throws()
    {
        await using var host = await Emulator.StartAsync();

        Assert.Throws<KeyNotFoundException>(() => host.Control.AddOwner(Guid.NewGuid().ToString(), Guid.NewGuid().ToString()));
    }
}
