using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>An app registration at the emulator whose client secrets an azure-client-secret rotation manages.</summary>
public sealed class AzureTarget(AzureSide azure, string objectId, string clientId, string humanSecret) : ICrashTarget
{
    // Long enough that no new secret is accepted within any verify window of the matrix.
    private const double RefusingPropagationSeconds = 600;

    public string App => "azure";

    public object Parameters => new { objectId, clientId, appName = "crash-matrix" };

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["clientId"] = "AZURE_CLIENT_ID", ["clientSecret"] = "AZURE_CLIENT_SECRET" };

    public static async Task<AzureTarget> CreateAsync(AzureSide azure)
    {
        var (objectId, clientId, secret) = await azure.Control.CreateApplicationAsync($"crash-{Guid.NewGuid():N}"[..16], [], [azure.AdminObjectId]);
        return new AzureTarget(azure, objectId, clientId, secret!);
    }

    public object ConnectionBody(string name) => new
    {
        name,
        method = "client-secret",
        credentials = new { tenantId = azure.TenantId, clientId = azure.AdminClientId, clientSecret = azure.AdminSecret },
        endpoints = new { authorityHost = azure.Endpoint.AbsoluteUri, graph = azure.Endpoint.AbsoluteUri },
    };

    /// <summary>Entra refuses a secret until it has propagated; a long propagation delay makes every new secret refused.</summary>
    public Task SetVerifyRefusedAsync(bool refused) => azure.Control.SetPropagationDelayAsync(refused ? RefusingPropagationSeconds : 0);

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) => azure.Control.AuthenticatesAsync(values["clientId"], values["clientSecret"]);

    public async Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        var passwords = (await azure.Control.PasswordsAsync(objectId))
            .Select(p => (KeyId: p!["keyId"]!.GetValue<string>(), Label: p["displayName"]?.GetValue<string>()))
            .ToList();
        var labelled = passwords.Where(p => p.Label?.StartsWith(RotationEngine.LabelPrefix(rotationId), StringComparison.Ordinal) == true).ToList();
        Assert.All(labelled, p => Assert.True(slots.Any(s => s.CredentialId == p.KeyId), $"orphan at the target: {p.KeyId} ({p.Label}) is in no slot"));
        Assert.All(slots, s => Assert.True(passwords.Any(p => p.KeyId == s.CredentialId), $"slot {s.Index} holds {s.CredentialId}, which the app no longer has"));
        Assert.True(await azure.Control.AuthenticatesAsync(clientId, humanSecret), "a secret Keyturn did not make must be untouched");
    }
}
