using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>
/// PATCH of a secret rotation: name, description, schedule, connection, changeable parameters and the secrets
/// mapping. The caller holds the rotation's lease (<see cref="RotationService.UpdateAsync"/>), so no attempt runs
/// meanwhile. Every rule is checked before anything is written; a new connection or new parameters apply from the
/// next rotation, a new mapping at once (the renamed secrets keep their values).
/// </summary>
public sealed class RotationUpdate(IKeyturnStore store, RotationProviderRegistry providers, SecretsRemap remap, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<SecretRotation>> ApplyAsync(string actor, SecretRotation existing, UpdateRotationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (providers.Find(existing.Type) is not { } provider)
        {
            return new Problem(ProblemKind.NotFound, "Unknown rotation type", $"No secret rotation type '{existing.Type}'.");
        }

        var errors = new ValidationErrors();
        var input = UpdateRotationInput.Parse(command, existing, provider, errors);
        if (input is null)
        {
            return Problem.Invalid(errors);
        }

        await CheckReferencesAsync(existing, input, provider, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var updated = Apply(existing, input);
        var mappingChanged = !SameMapping(existing.SecretsMappingJson, updated.SecretsMappingJson);
        try
        {
            if (mappingChanged)
            {
                var plan = await remap.PlanAsync(existing, updated, input.KeepRenamedSecrets, cancellationToken);
                if (!plan.IsSuccess)
                {
                    return plan.Problem;
                }

                await store.RemapRotationSecretsAsync(plan.Value, cancellationToken);
            }
            else
            {
                await store.UpdateRotationAsync(updated, cancellationToken);
            }
        }
        catch (StoreConflictException e)
        {
            // Another request took a name between the checks above and this write; the transaction wrote nothing.
            return Problem.Conflict($"Nothing was changed: {e.Message}. Retry with another name.");
        }

        await audit.RecordAsync(actor, "secret-rotation.updated", "secret-rotation", existing.Id.ToString(), existing.ProjectId, new
        {
            name = updated.Name,
            fields = command.Fields,
            updated.IsAutoRotationEnabled,
            updated.RotationInterval,
            updated.RotateAtHours,
            updated.RotateAtMinutes,
            updated.RotationSchedule,
            connectionId = updated.ConnectionId,
            mapping = mappingChanged ? input.SecretsMapping.Select(m => m.Value) : null,
            keepRenamedSecrets = mappingChanged ? input.KeepRenamedSecrets : (bool?)null,
            isDeleteProtected = updated.IsDeleteProtected,
        }, cancellationToken);
        if (updated.IsDeleteProtected != existing.IsDeleteProtected)
        {
            // An entry of its own: who turned protection off is what someone looks for after a rotation was deleted.
            await audit.RecordAsync(actor, updated.IsDeleteProtected ? "secret-rotation.delete-protection-enabled" : "secret-rotation.delete-protection-disabled",
                "secret-rotation", existing.Id.ToString(), existing.ProjectId, new { name = updated.Name, isDeleteProtected = updated.IsDeleteProtected }, cancellationToken);
        }

        return updated;
    }

    private SecretRotation Apply(SecretRotation existing, UpdateRotationInput input)
    {
        var updated = existing with
        {
            Name = input.Name,
            Description = input.Description,
            ConnectionId = input.ConnectionId,
            ParametersJson = input.ParametersJson,
            SecretsMappingJson = SecretsMapping.ToJson(input.SecretsMapping),
            // The schedule fields (RotationSettings).
            IsAutoRotationEnabled = input.Settings.IsAutoRotationEnabled,
            RotationInterval = input.Settings.RotationInterval,
            RotateAtHours = input.Settings.RotateAtHours,
            RotateAtMinutes = input.Settings.RotateAtMinutes,
            RotationSchedule = input.Settings.RotationSchedule,
            IsDeleteProtected = input.IsDeleteProtected,
            UpdatedAt = timeProvider.GetUtcNow(),
        };

        // Recomputed only when the schedule changed: a pending retry's time comes from a backoff, not from state.
        var scheduleChanged = (existing.IsAutoRotationEnabled, existing.RotationInterval, existing.RotateAtHours, existing.RotateAtMinutes, existing.RotationSchedule) !=
            (updated.IsAutoRotationEnabled, updated.RotationInterval, updated.RotateAtHours, updated.RotateAtMinutes, updated.RotationSchedule);
        return scheduleChanged ? updated with { NextRotationAt = RotationSchedule.NextRotationAt(updated) } : updated;
    }

    private async Task CheckReferencesAsync(SecretRotation existing, UpdateRotationInput input, IRotationProvider provider, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var app = provider.Descriptor.ConnectionApp;
        if (input.ConnectionId != existing.ConnectionId)
        {
            var connection = await store.GetConnectionAsync(input.ConnectionId, cancellationToken);
            if (connection is null || connection.App != app)
            {
                errors.Add("connectionId", $"must name an existing {app} app connection");
            }
        }

        if (input.Name != existing.Name
            && (await store.ListRotationsAsync(existing.ProjectId, cancellationToken)).Any(r => r.FolderId == existing.FolderId && r.Name == input.Name))
        {
            errors.Add("name", $"must be unique in the folder: a secret rotation named '{input.Name}' already exists there");
        }
    }

    private static bool SameMapping(string a, string b) =>
        SecretsMapping.Parse(a).ToHashSet().SetEquals(SecretsMapping.Parse(b));
}
