using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Connections;

/// <summary>
/// PATCH of an app connection: name, description and the schedule of its own credential's rotation. The API checked
/// each field's rule (<see cref="UpdateConnectionCommand"/>); fields left out keep their value.
/// </summary>
public sealed class ConnectionUpdate(IKeyturnStore store, ConnectionService connections, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<AppConnection>> UpdateAsync(Principal principal, string app, Guid id, UpdateConnectionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var existing = await connections.GetAsync(principal, app, id, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing;
        }

        var connection = existing.Value;
        var name = command.Name ?? connection.Name;
        var description = command.SetsDescription ? command.Description : connection.Description;
        var state = connection.CredentialRotation;
        var settings = command.CredentialRotation?.ApplyTo(state.Settings) ?? state.Settings;
        var next = settings == state.Settings && state.NextRotationAt is not null
            ? state.NextRotationAt
            : CredentialRotationSchedule.Next(settings, state.RotatedAt, connection.CreatedAt);
        var now = timeProvider.GetUtcNow();
        try
        {
            if (!await store.UpdateConnectionSettingsAsync(id, name, description, settings, next, now, cancellationToken))
            {
                return Problem.NotFound("App connection", id);
            }
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An app connection named '{name}' already exists.");
        }

        await audit.RecordAsync(principal.Actor, "app-connection.updated", "app-connection", id.ToString(), null,
            new { name, credentialRotation = new { settings.IsAutoRotationEnabled, settings.RotationInterval, settings.RotateAtHours, settings.RotateAtMinutes } }, cancellationToken);
        return connection with
        {
            Name = name,
            Description = description,
            UpdatedAt = now,
            CredentialRotation = state with { Settings = settings, NextRotationAt = next },
        };
    }
}
