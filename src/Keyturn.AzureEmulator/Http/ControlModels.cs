namespace Keyturn.AzureEmulator.Http;

internal sealed record CreateApplicationRequest(string? DisplayName, IReadOnlyList<string>? AppRoles, IReadOnlyList<string>? OwnerObjectIds, bool WithInitialSecret);

internal sealed record ControlAddPasswordRequest(string? DisplayName, DateTimeOffset? EndDateTime);

internal sealed record ControlAddPasswordResponse(Guid KeyId, string SecretText);

internal sealed record AuthenticatesRequest(string? ClientId, string? Secret);

internal sealed record PropagationDelayRequest(double Seconds);

/// <summary>What GET /_emulator/info returns. Secrets are left out except the admin app's initial one, which the CLI prints anyway.</summary>
internal sealed record EmulatorInfo(
    string TenantId,
    string AuthorityHost,
    string GraphEndpoint,
    string CaCertificatePath,
    EmulatedApp AdminApp,
    IReadOnlyList<EmulatedApp> Applications)
{
    /// <summary>The ARM root (the same origin: ARM paths start with /subscriptions/).</summary>
    public string? ResourceManagerEndpoint { get; init; }

    public string? SubscriptionId { get; init; }

    /// <summary>The seeded storage account (rg-keyturn/keyturnstore) with its path-style blob endpoint.</summary>
    public EmulatedStorageAccount? StorageAccount { get; init; }
}
