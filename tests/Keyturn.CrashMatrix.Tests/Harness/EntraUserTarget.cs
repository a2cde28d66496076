using Keyturn.Core.Domain;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>A user at the emulator whose password an azure-entra-user-password rotation manages, proven by the password grant.</summary>
public sealed class EntraUserTarget(AzureSide azure, string objectId, string initialPassword, string publicClientId) : ICrashTarget
{
    // Long enough that no reset reaches sign-ins within any verify window of the matrix.
    private const double RefusingPropagationSeconds = 600;

    public string App => "azure";

    public object Parameters => new { userId = objectId, verifyClientId = publicClientId };

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["username"] = "AD_USER", ["password"] = "AD_PASSWORD" };

    public static async Task<EntraUserTarget> CreateAsync(AzureSide azure)
    {
        var (objectId, _, password) = await azure.Control.CreateUserAsync($"crash-{Guid.NewGuid():N}"[..16]);
        return new EntraUserTarget(azure, objectId, password, await azure.Control.PublicClientIdAsync());
    }

    public object ConnectionBody(string name) => new
    {
        name,
        method = "client-secret",
        credentials = new { tenantId = azure.TenantId, clientId = azure.AdminClientId, clientSecret = azure.AdminSecret },
        endpoints = new { authorityHost = azure.Endpoint.AbsoluteUri, graph = azure.Endpoint.AbsoluteUri },
    };

    /// <summary>A reset that has not replicated is refused by the password grant; a long delay keeps every new password refused.</summary>
    public Task SetVerifyRefusedAsync(bool refused) => azure.Control.SetPasswordPropagationDelayAsync(refused ? RefusingPropagationSeconds : 0);

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) => azure.Control.SignsInAsync(values["username"], values["password"]);

    /// <summary>The user's password is the one it started with, or one Keyturn holds in a slot or the crashed job's journal.</summary>
    public async Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        if (await azure.Control.HasPasswordAsync(objectId, initialPassword))
        {
            return;
        }

        foreach (var credential in held.All)
        {
            if (credential.Values.GetValueOrDefault("password") is { } password && await azure.Control.HasPasswordAsync(objectId, password))
            {
                return;
            }
        }

        Assert.Fail($"user {objectId} holds a password Keyturn does not know");
    }
}
