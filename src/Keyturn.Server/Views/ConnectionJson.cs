using System.Text.Json;
using Keyturn.Core.Domain;

namespace Keyturn.Server.Views;

/// <summary>
/// An app connection as the API shows it: its non-secret configuration (tenant, client id, endpoints) and the
/// rotation of its own credential. Credential ids are shown (they are names, not secrets); the secret never is.
/// </summary>
public static class ConnectionJson
{
    public static object From(AppConnection connection)
    {
        var rotation = connection.CredentialRotation;
        using var configuration = JsonDocument.Parse(connection.ConfigurationJson);
        return new
        {
            id = connection.Id,
            name = connection.Name,
            description = connection.Description,
            app = connection.App,
            method = connection.Method,
            configuration = configuration.RootElement.Clone(),
            credentialsRotatedAt = rotation.RotatedAt,
            nextCredentialRotationAt = rotation.NextRotationAt,
            credentialRotation = new
            {
                isAutoRotationEnabled = rotation.Settings.IsAutoRotationEnabled,
                rotationInterval = rotation.Settings.RotationInterval,
                rotateAtUtc = new { hours = rotation.Settings.RotateAtHours, minutes = rotation.Settings.RotateAtMinutes },
                status = rotation.Status,
                message = rotation.Message,
                lastJobId = rotation.LastJobId,
                initialCredentialId = rotation.InitialCredentialId,
                activeCredentialId = rotation.ActiveCredentialId,
                previousCredentialId = rotation.PreviousCredentialId,
                initialCredential = InitialCredentialNote(connection, rotation),
            },
            createdAt = connection.CreatedAt,
            updatedAt = connection.UpdatedAt,
        };
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
