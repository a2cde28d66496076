namespace Keyturn.AzureEmulator.Registrations;

internal enum AddPasswordStatus
{
    Added,
    AppNotFound,
    SizeExceeded,
    InvalidDates,
}

/// <summary>Result of adding a password; <see cref="SecretText"/> is the only time the secret is available.</summary>
internal sealed record AddPasswordOutcome(AddPasswordStatus Status, StoredCredential? Credential = null, string? SecretText = null);
