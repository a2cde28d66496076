namespace Keyturn.AzureEmulator.Registrations;

/// <summary>
/// A password credential as the emulator keeps it. Only a SHA-256 hash of the secret is stored:
/// secrets are 40 random characters, so an unsalted hash is enough to keep state files from
/// holding usable credentials (the seeded apps' initial secrets are the documented exception, see <see cref="StoredApp"/>).
/// </summary>
/// <param name="AuthenticatesFrom">Earliest instant the token endpoint accepts the secret: start date, or later when a propagation delay applied.</param>
internal sealed record StoredCredential(
    Guid KeyId,
    string? DisplayName,
    string Hint,
    string SecretHash,
    DateTimeOffset StartDateTime,
    DateTimeOffset? EndDateTime,
    DateTimeOffset AuthenticatesFrom)
{
    public PasswordCredentialInfo ToInfo() => new(KeyId, DisplayName, Hint, StartDateTime, EndDateTime);
}
