using System.Text.Json.Serialization;
using Keyturn.AzureEmulator.Users;

namespace Keyturn.AzureEmulator.Http;

/// <summary>The subset of Graph's user resource the emulator serves.</summary>
internal sealed record GraphUser(
    [property: JsonPropertyName("@odata.context")] string Context,
    string Id,
    string UserPrincipalName,
    string DisplayName,
    bool AccountEnabled)
{
    public static GraphUser From(StoredUser user, string root) =>
        new($"{root}v1.0/$metadata#users/$entity", user.ObjectId, user.UserPrincipalName, user.DisplayName, user.AccountEnabled);
}

/// <summary>PATCH /users/{id} body: the emulator supports passwordProfile only.</summary>
internal sealed record UpdateUserRequest(UpdatePasswordProfile? PasswordProfile)
{
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Other { get; init; }
}

internal sealed record UpdatePasswordProfile(string? Password, bool? ForceChangePasswordNextSignIn);
