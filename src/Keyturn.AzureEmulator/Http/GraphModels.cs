using System.Text.Json.Serialization;
using Keyturn.AzureEmulator.Registrations;

namespace Keyturn.AzureEmulator.Http;

/// <summary>Graph's passwordCredential resource. <see cref="SecretText"/> is null except in the addPassword response.</summary>
internal sealed record GraphPasswordCredential(
    string? CustomKeyIdentifier,
    string? DisplayName,
    DateTimeOffset? EndDateTime,
    string Hint,
    Guid KeyId,
    string? SecretText,
    DateTimeOffset StartDateTime)
{
    public static GraphPasswordCredential From(StoredCredential credential, string? secretText = null) =>
        new(null, credential.DisplayName, credential.EndDateTime, credential.Hint, credential.KeyId, secretText, credential.StartDateTime);
}

/// <summary>The subset of Graph's application resource the emulator serves.</summary>
internal sealed record GraphApplication(
    string Id,
    string AppId,
    string DisplayName,
    IReadOnlyList<object> KeyCredentials,
    IReadOnlyList<GraphPasswordCredential> PasswordCredentials)
{
    public static GraphApplication From(StoredApp app) =>
        new(app.ObjectId, app.ClientId, app.DisplayName, [], [.. app.Credentials.Select(c => GraphPasswordCredential.From(c))]);
}

internal sealed record GraphCollection<T>(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("value")] IReadOnlyList<T> Value);

internal sealed record AddPasswordRequest(AddPasswordCredential? PasswordCredential);

internal sealed record AddPasswordCredential(string? DisplayName, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime);

internal sealed record RemovePasswordRequest(Guid? KeyId);
