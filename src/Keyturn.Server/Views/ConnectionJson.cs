using System.Text.Json;
using Keyturn.Core.Domain;

namespace Keyturn.Server.Views;

/// <summary>
/// An app connection as the API shows it: its non-secret configuration (tenant, client id, endpoints) and the
/// rotation of its own credential. Credential ids are shown (they are names, not secrets); the secret never is.
/// </summary>
/// <param name="Configuration">The connection type's non-secret settings (docs/providers), e.g. tenantId, clientId and endpoints for azure.</param>
public sealed record AppConnectionJson(
    Guid Id,
    string Name,
    string? Description,
    string App,
    string Method,
    JsonElement Configuration,
    DateTimeOffset? CredentialsRotatedAt,
    DateTimeOffset? NextCredentialRotationAt,
    CredentialRotationJson CredentialRotation,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The connection's rotation of its own credential: schedule, last outcome and the credential ids it knows.</summary>
public sealed record CredentialRotationJson(
    bool IsAutoRotationEnabled,
    int RotationInterval,
    RotateAtUtcJson RotateAtUtc,
    string? Status,
    string? Message,
    Guid? LastJobId,
    string? InitialCredentialId,
    string? ActiveCredentialId,
    string? PreviousCredentialId,
    string? InitialCredential);

/// <summary>`{ "appConnection": {...} }`.</summary>
public sealed record AppConnectionEnvelope(AppConnectionJson AppConnection);

/// <summary>`{ "appConnections": [...] }`.</summary>
public sealed record AppConnectionListEnvelope(IReadOnlyList<AppConnectionJson> AppConnections);

public static class ConnectionJson
{
    public static AppConnectionJson From(AppConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rotation = connection.CredentialRotation;
        using var configuration = JsonDocument.Parse(connection.ConfigurationJson);
        return new AppConnectionJson(
            connection.Id,
            connection.Name,
            connection.Description,
            connection.App,
            connection.Method,
            configuration.RootElement.Clone(),
            rotation.RotatedAt,
            rotation.NextRotationAt,
            new CredentialRotationJson(
                rotation.Settings.IsAutoRotationEnabled,
                rotation.Settings.RotationInterval,
                new RotateAtUtcJson(rotation.Settings.RotateAtHours, rotation.Settings.RotateAtMinutes),
                rotation.Status,
                rotation.Message,
                rotation.LastJobId,
                rotation.InitialCredentialId,
                rotation.ActiveCredentialId,
                rotation.PreviousCredentialId,
                InitialCredentialNote(connection, rotation)),
            connection.CreatedAt,
            connection.UpdatedAt);
    }

    // Said in the answer, not only in the docs: a secret made by hand that Keyturn cannot name outlives every self-rotation.
    // Only connections whose credentials are added next to each other (Azure client secrets) have such a secret; a
    // database password is replaced in place, so the one given at create stops working at the first self-rotation.
    private static string? InitialCredentialNote(AppConnection connection, CredentialRotationState rotation) => connection.App switch
    {
        "azure" => rotation.InitialCredentialId is null
            ? "The credential the connection was created with was not named at create, so self-rotation never revokes it: remove it by hand once the connection has rotated its own."
            : "The credential the connection was created with is revoked by the second self-rotation.",
        "postgres" or "mysql" => "Self-rotation replaces the connection's password in place: the password given at create stops working at the first self-rotation.",
        _ => null,
    };
}
