using System.Text.Json;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.History;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>
/// The secret-rotation use cases behind the API. Every rule is checked before any call to the provider, so a
/// rejected request leaves nothing behind there.
/// </summary>
public sealed class RotationService(
    IKeyturnStore store, RotationProviderRegistry providers, RotationEngine engine, RotationUpdate update, RotationHistory history, AuditLog audit,
    TimeProvider timeProvider)
{
    public async Task<Result<RotationDetails>> CreateAsync(Principal principal, CreateRotationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var provider = providers.Find(command.Type);
        if (provider is null)
        {
            return UnknownType(command.Type);
        }

        // The scope is the command's own (project, environment, path), so the check needs no read and comes first.
        if (AccessPolicy.Check(principal, Permission.RotationManage, command.ProjectId, command.Environment, command.SecretPath) is { } denied)
        {
            return denied;
        }

        var errors = new ValidationErrors();
        var input = CreateRotationInput.Parse(command, provider, errors);
        if (input is null)
        {
            return Problem.Invalid(errors);
        }

        var references = await CheckReferencesAsync(input, provider, cancellationToken);
        if (!references.IsSuccess)
        {
            return references.Problem;
        }

        var (environment, connection) = references.Value;
        var now = timeProvider.GetUtcNow();
        var settings = input.Settings;
        var folder = await store.GetOrCreateFolderAsync(environment.Id, command.SecretPath, now, cancellationToken);
        var rotation = new SecretRotation(Guid.NewGuid(), command.ProjectId, environment.Id, folder.Id, command.Type, command.Name, command.Description, connection.Id,
            settings.IsAutoRotationEnabled, settings.RotationInterval, settings.RotateAtHours, settings.RotateAtMinutes, command.Parameters.GetRawText(),
            SecretsMapping.ToJson(input.SecretsMapping), 0, RotationStatuses.Pending, null, null, null, null, false, null, now, now)
        {
            RotationSchedule = settings.RotationSchedule,
            IsDeleteProtected = command.IsDeleteProtected,
        };
        try
        {
            await store.CreateRotationAsync(rotation, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Invalid("name", $"must be unique in the folder: a secret rotation named '{command.Name}' already exists at {environment.Slug}:{command.SecretPath}");
        }

        var first = await engine.RotateAsync(rotation.Id, JobTriggers.Create, cancellationToken);
        if (!first.IsSuccess)
        {
            await store.DeleteRotationAsync(rotation.Id, deleteSecrets: true, CancellationToken.None);
            return first.Problem;
        }

        if (first.Value.RotationStatus != RotationStatuses.Success)
        {
            // The engine already revoked anything it issued and removed the rotation, unless the target may hold the
            // attempt's new value: then the rotation stays (failed), so that value is not lost with it.
            var kept = await store.GetRotationAsync(rotation.Id, cancellationToken) is not null;
            return new Problem(ProblemKind.ProviderFailure, "The first rotation failed", kept
                ? $"{first.Value.LastRotationMessage} The rotation {rotation.Id} was kept in state failed so that value is not lost; rotate it again or delete it."
                : first.Value.LastRotationMessage);
        }

        await audit.RecordAsync(principal.Actor, "secret-rotation.created", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { rotation.Name, type = command.Type, mapping = input.SecretsMapping.Select(m => m.Value), isDeleteProtected = command.IsDeleteProtected }, cancellationToken);
        return new RotationDetails(first.Value, connection, environment, folder);
    }

    public Task<Result<RotationDetails>> GetAsync(Principal principal, string? type, Guid id, CancellationToken cancellationToken) =>
        FindAsync(principal, Permission.RotationRead, type, id, cancellationToken);

    /// <summary>
    /// A project's rotations. An identity needs a rotation-admin (or admin) membership in the project to list at all,
    /// and sees only the rotations its memberships cover.
    /// </summary>
    public async Task<Result<IReadOnlyList<RotationDetails>>> ListAsync(Principal principal, string? projectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(projectId, out var id))
        {
            return Problem.Invalid("projectId", projectId is null ? "is required" : Rules.GuidRule);
        }

        if (!RotationAccess.MayList(principal, id))
        {
            return AccessPolicy.Denied;
        }

        if (await store.GetProjectAsync(id, cancellationToken) is null)
        {
            return principal.IsRoot ? Problem.NotFound("Project", id) : AccessPolicy.Denied;
        }

        var list = new List<RotationDetails>();
        foreach (var rotation in await store.ListRotationsAsync(id, cancellationToken))
        {
            var details = await DetailsAsync(rotation, cancellationToken);
            if (Allowed(principal, Permission.RotationRead, details))
            {
                list.Add(details);
            }
        }

        return list;
    }

    public async Task<Result<RotationDetails>> UpdateAsync(Principal principal, UpdateRotationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.Id;
        var found = await FindAsync(principal, Permission.RotationManage, command.Type, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        // Under the lease, and from a fresh read: a PATCH must not overwrite what a running attempt writes, nor be overwritten by it.
        return await WithLeaseAsync<RotationDetails>(id, "update", async () =>
        {
            if (await store.GetRotationAsync(id, cancellationToken) is not { } existing)
            {
                return RotationAccess.Missing(principal, id);
            }

            var updated = await update.ApplyAsync(principal.Actor, existing, command, cancellationToken);
            return updated.IsSuccess ? await DetailsAsync(updated.Value, cancellationToken) : updated.Problem;
        }, cancellationToken);
    }

    public async Task<Result<RotationDetails>> RotateNowAsync(Principal principal, string type, Guid id, CancellationToken cancellationToken)
    {
        // An API token passes without a read. The engine answers a missing rotation, or one of another type, as not
        // found (from the row its claim read, so no read of its own here), and records the "rotate-requested" audit
        // entry (actor and outcome) in the attempt's final transaction.
        if (await RotationAccess.CheckAsync(store, principal, Permission.RotationManage, type, id, cancellationToken) is { } denied)
        {
            return denied;
        }

        var rotated = await engine.RotateAsync(id, new RotateRequest(JobTriggers.Manual, principal.Actor, type), cancellationToken);
        if (!rotated.IsSuccess)
        {
            return rotated.Problem.Kind == ProblemKind.NotFound && !principal.IsRoot ? AccessPolicy.Denied : rotated.Problem;
        }

        return await DetailsAsync(rotated.Value, cancellationToken);
    }

    /// <summary>A rotation's attempts, newest first; the query's kind is the rotation type the route names.</summary>
    public async Task<Result<HistoryPage>> HistoryAsync(Principal principal, HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await RotationAccess.CheckAsync(store, principal, Permission.RotationRead, query.Kind, query.Id, cancellationToken) is { } denied)
        {
            return denied;
        }

        var page = await history.RotationAsync(query, cancellationToken);
        return page.IsSuccess || page.Problem.Kind != ProblemKind.NotFound || principal.IsRoot ? page : AccessPolicy.Denied;
    }

    /// <summary>
    /// Deletes a rotation, first revoking its credentials at the provider when asked. Every revoke is tried; if any
    /// fails, nothing is deleted, so no credential is left without a record of it. Refused while the rotation is
    /// delete-protected, and when revoking would leave the kept secrets holding revoked values (unless forced).
    /// </summary>
    public async Task<Result<RotationDetails>> DeleteAsync(Principal principal, string type, Guid id, RotationDeleteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var existing = await FindAsync(principal, Permission.RotationManage, type, id, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing;
        }

        var rotation = existing.Value.Rotation;
        if (options is { LeavesRevokedValues: true, Force: false })
        {
            return UnsafeDelete();
        }

        if (options.RevokeGeneratedCredentials && providers.Find(type) is { Descriptor.Shape: not RotationShape.Additive })
        {
            return Problem.Invalid("revokeGeneratedCredentials",
                $"must be false for {type}: its credentials are overwritten in place at the target, so there is nothing Keyturn created to revoke");
        }

        if (rotation.IsDeleteProtected)
        {
            return DeleteProtected(rotation);
        }

        return await WithLeaseAsync(id, "delete", async () =>
        {
            // Read again under the lease: a PATCH may have turned protection on since the check above.
            if (await store.GetRotationAsync(id, cancellationToken) is not { } current)
            {
                return RotationAccess.Missing(principal, id);
            }

            if (current.IsDeleteProtected)
            {
                return DeleteProtected(current);
            }

            if (options.RevokeGeneratedCredentials)
            {
                var failures = await RevokeAllAsync(current, cancellationToken);
                if (failures.Count > 0)
                {
                    return new Problem(ProblemKind.ProviderFailure, "Revoking generated credentials failed", string.Join(" ", failures));
                }
            }

            await store.DeleteRotationAsync(id, options.DeleteSecrets, cancellationToken);
            await audit.RecordAsync(principal.Actor, "secret-rotation.deleted", "secret-rotation", id.ToString(), rotation.ProjectId,
                new { rotation.Name, deleteSecrets = options.DeleteSecrets, revokeGeneratedCredentials = options.RevokeGeneratedCredentials, force = options.Force }, cancellationToken);
            return existing;
        }, cancellationToken);
    }

    /// <summary>The rotation with its details, when it exists, is of <paramref name="type"/> and the principal holds the permission on it.</summary>
    private async Task<Result<RotationDetails>> FindAsync(Principal principal, Permission permission, string? type, Guid id, CancellationToken cancellationToken)
    {
        var rotation = await store.GetRotationAsync(id, cancellationToken);
        if (rotation is null || (type is not null && rotation.Type != type))
        {
            return RotationAccess.Missing(principal, id);
        }

        var details = await DetailsAsync(rotation, cancellationToken);
        return Allowed(principal, permission, details) ? details : AccessPolicy.Denied;
    }

    private static bool Allowed(Principal principal, Permission permission, RotationDetails details) =>
        AccessPolicy.Allows(principal, permission, details.Rotation.ProjectId, details.Environment.Slug, details.Folder.Path);

    private static Problem DeleteProtected(SecretRotation rotation) => new(ProblemKind.Conflict, "Secret rotation is delete-protected",
        $"Secret rotation '{rotation.Name}' is delete-protected, so nothing was deleted. Turn the protection off first " +
        "(PATCH the rotation with {\"isDeleteProtected\": false}, or 'keyturn rotation update ID --delete-protected false'), then delete it.");

    private static Problem UnsafeDelete() => Problem.Invalid(new ValidationErrors()
        .Add("revokeGeneratedCredentials", "must not be true while deleteSecrets is false: the kept secrets would hold revoked credentials and every consumer reading them would break")
        .Add("deleteSecrets", "must be true when revokeGeneratedCredentials is true. Safe combinations: revokeGeneratedCredentials=true&deleteSecrets=true " +
            "(revoke and delete the secrets), or revokeGeneratedCredentials=false with deleteSecrets true or false (the credentials stay valid); add force=true to revoke and keep the secrets anyway"));

    /// <summary>Runs a change while holding the rotation's lease under its own owner name; Busy while an attempt runs.</summary>
    private async Task<Result<T>> WithLeaseAsync<T>(Guid id, string purpose, Func<Task<Result<T>>> action, CancellationToken cancellationToken)
    {
        var owner = $"{purpose}:{Guid.NewGuid():N}";
        var now = timeProvider.GetUtcNow();
        if (!await store.TryAcquireLeaseAsync(id, owner, now + TimeSpan.FromMinutes(5), now, cancellationToken))
        {
            return new Problem(ProblemKind.Busy, "Rotation in progress", $"A rotation attempt is running; {purpose} the rotation when it ends.");
        }

        try
        {
            return await action();
        }
        finally
        {
            await store.ReleaseLeaseAsync(id, owner, CancellationToken.None);
        }
    }

    public async Task<Result<GeneratedCredentials>> GeneratedCredentialsAsync(Principal principal, string type, Guid id, CancellationToken cancellationToken)
    {
        var rotation = await store.GetRotationAsync(id, cancellationToken);
        if (rotation is null || rotation.Type != type)
        {
            return RotationAccess.Missing(principal, id);
        }

        // An API token's read stays one read; an identity's scope needs the environment and folder.
        if (!principal.IsRoot && RotationAccess.Check(principal, Permission.GeneratedCredentialRead, rotation,
                await store.GetEnvironmentAsync(rotation.EnvironmentId, cancellationToken), await store.GetFolderByIdAsync(rotation.FolderId, cancellationToken)) is { } denied)
        {
            return denied;
        }

        var plan = PlanOf(rotation);
        var slotCount = plan?.SlotCount ?? 2;
        var slots = new IReadOnlyDictionary<string, string>?[slotCount];
        AdoptedCredential? adopted = null;
        foreach (var slot in await store.ListSlotsAsync(id, cancellationToken))
        {
            if (slot.CredentialId == plan?.AdoptedCredentialId)
            {
                adopted = new AdoptedCredential(slot.Index, slot.CredentialId);
            }
            else if (slot.Index < slotCount)
            {
                slots[slot.Index] = (await engine.OpenSlotAsync(rotation, slot, cancellationToken)).Values;
            }
        }

        // Reading credentials is worth a record of its own: it is how a person gets a live secret.
        await audit.RecordAsync(principal.Actor, "secret-rotation.credentials-read", "secret-rotation", id.ToString(), rotation.ProjectId, new { }, cancellationToken);
        return new GeneratedCredentials(rotation, slots) { Adopted = adopted };
    }

    private RotationPlan? PlanOf(SecretRotation rotation)
    {
        using var document = JsonDocument.Parse(rotation.ParametersJson);
        return providers.Find(rotation.Type) is { } provider ? ParsedParameters.Parse(provider, document.RootElement, new ValidationErrors())?.Plan : null;
    }

    private async Task<List<string>> RevokeAllAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var resolved = await engine.ContextAsync(rotation, cancellationToken);
        if (resolved is not var (provider, context))
        {
            return ["The rotation's app connection no longer exists, so its credentials cannot be revoked."];
        }

        // A credential adopted at create and not yet retired was made by a person, not generated: it stays, as it was
        // before Keyturn took it over (its consumers may never have moved).
        var adopted = PlanOf(rotation)?.AdoptedCredentialId;
        foreach (var slot in (await store.ListSlotsAsync(rotation.Id, cancellationToken)).Where(s => s.CredentialId != adopted))
        {
            var revoked = await provider.RevokeAsync(new RevokeRequest(context, slot.CredentialId), cancellationToken);
            if (!revoked.IsSuccess)
            {
                failures.Add($"Credential {slot.CredentialId}: {revoked.Error.Message}");
            }
        }

        return failures;
    }

    private async Task<Result<(ProjectEnvironment Environment, AppConnection Connection)>> CheckReferencesAsync(CreateRotationInput input, IRotationProvider provider, CancellationToken cancellationToken)
    {
        if (await store.GetProjectAsync(input.Command.ProjectId, cancellationToken) is null)
        {
            return new Problem(ProblemKind.NotFound, "Project not found", $"No project with id '{input.Command.ProjectId}'.",
                new Dictionary<string, string[]> { ["projectId"] = ["must name an existing project"] });
        }

        var connection = await store.GetConnectionAsync(input.Command.ConnectionId, cancellationToken);
        if (connection is null || connection.App != provider.Descriptor.ConnectionApp)
        {
            return new Problem(ProblemKind.NotFound, "App connection not found", $"No {provider.Descriptor.ConnectionApp} app connection with id '{input.Command.ConnectionId}'.",
                new Dictionary<string, string[]> { ["connectionId"] = [$"must name an existing {provider.Descriptor.ConnectionApp} app connection"] });
        }

        var environment = (await store.ListEnvironmentsAsync(input.Command.ProjectId, cancellationToken)).FirstOrDefault(e => e.Slug == input.Command.Environment);
        if (environment is null)
        {
            return Problem.Invalid("environment", $"must be an environment slug of the project");
        }

        var errors = new ValidationErrors();
        var folder = await store.GetFolderAsync(environment.Id, input.Command.SecretPath, cancellationToken);
        if (folder is not null)
        {
            foreach (var (output, key) in input.SecretsMapping)
            {
                if (await store.GetSecretAsync(folder.Id, key, cancellationToken) is not null)
                {
                    errors.Add($"secretsMapping.{output}", $"must not name an existing secret: '{key}' already exists at {environment.Slug}:{input.Command.SecretPath}");
                }
            }
        }

        return errors.IsEmpty ? (environment, connection) : Problem.Invalid(errors);
    }

    private async Task<RotationDetails> DetailsAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        var connection = await store.GetConnectionAsync(rotation.ConnectionId, cancellationToken);
        var environment = await store.GetEnvironmentAsync(rotation.EnvironmentId, cancellationToken);
        var folder = await store.GetFolderByIdAsync(rotation.FolderId, cancellationToken);
        // Rows a rotation references cannot be deleted while it exists (connection delete is refused), so these hold.
        return new RotationDetails(rotation, connection!, environment!, folder!);
    }

    private static Problem UnknownType(string type) =>
        new(ProblemKind.NotFound, "Unknown rotation type", $"No secret rotation type '{type}'.");
}
