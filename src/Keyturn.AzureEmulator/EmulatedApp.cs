namespace Keyturn.AzureEmulator;

/// <summary>An app registration known to the emulator. <paramref name="InitialSecret"/> is the secret made when the app was created, if any.</summary>
public sealed record EmulatedApp(string ObjectId, string ClientId, string DisplayName, string? InitialSecret);
