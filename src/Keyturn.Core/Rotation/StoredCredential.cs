using System.Text.Json;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Rotation;

/// <summary>The JSON form of an issued credential as it is sealed into slots and the journal.</summary>
internal static class StoredCredential
{
    // AdoptedExpiresAt is absent from records written before it existed; it defaults to null.
    private sealed record Form(string CredentialId, Dictionary<string, string> Values, DateTimeOffset? ExpiresAt, DateTimeOffset? AdoptedExpiresAt = null);

    public static string Serialize(IssuedCredential credential) =>
        JsonSerializer.Serialize(new Form(credential.CredentialId, new Dictionary<string, string>(credential.Values), credential.ExpiresAt, credential.AdoptedExpiresAt));

    public static IssuedCredential Deserialize(string json)
    {
        var form = JsonSerializer.Deserialize<Form>(json) ?? throw new JsonException("Empty stored credential.");
        return new IssuedCredential(form.CredentialId, form.Values, form.ExpiresAt) { AdoptedExpiresAt = form.AdoptedExpiresAt };
    }
}
