using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;

namespace Keyturn.Core.Secrets;

/// <summary>
/// Versioned secrets: every write seals the value under the project's data key, bound to (project, secret, version),
/// and adds a version. Secrets a rotation owns are read-only here; only the rotation engine writes them. Every
/// endpoint-facing method checks the principal's right in the request's scope (SecretRead or SecretWrite) first.
/// </summary>
public sealed class SecretService(
    IKeyturnStore store, EnvelopeCipher cipher, SecretLocator locator, AuditLog audit, TimeProvider timeProvider, KeyturnMetrics? metrics = null)
{
    public async Task<Result<IReadOnlyList<SecretView>>> ListAsync(Principal principal, SecretScope scope, CancellationToken cancellationToken)
    {
        var location = await CheckAndLocateAsync(principal, Permission.SecretRead, scope, cancellationToken);
        if (!location.IsSuccess)
        {
            return location.Problem;
        }

        var loc = location.Value;
        if (loc.Folder is null)
        {
            return Array.Empty<SecretView>();
        }

        var views = new List<SecretView>();
        foreach (var secret in await store.ListSecretsAsync(loc.Folder.Id, cancellationToken))
        {
            views.Add(await ToViewAsync(loc, secret, cancellationToken));
        }

        metrics?.SecretsRead("list", views.Count);
        return views;
    }

    public async Task<Result<SecretView>> GetAsync(Principal principal, SecretScope scope, string secretName, int? version, CancellationToken cancellationToken)
    {
        var location = await CheckAndLocateAsync(principal, Permission.SecretRead, scope, cancellationToken);
        if (!location.IsSuccess)
        {
            return location.Problem;
        }

        var loc = location.Value;
        var secret = loc.Folder is null
            ? null
            : version is { } v
                ? await store.GetSecretVersionAsync(loc.Folder.Id, secretName, v, cancellationToken)
                : await store.GetSecretAsync(loc.Folder.Id, secretName, cancellationToken);
        if (secret is null)
        {
            // The principal may read this scope, so saying the secret is not there tells it nothing it could not list.
            return SecretNotFound(secretName, loc, version);
        }

        var view = await ToViewAsync(loc, secret, cancellationToken);
        metrics?.SecretsRead("get", 1);
        return view;
    }

    public async Task<Result<SecretView>> CreateAsync(Principal principal, WriteSecretCommand command, CancellationToken cancellationToken)
    {
        var location = await CheckAndLocateAsync(principal, Permission.SecretWrite, command.Scope, cancellationToken);
        if (!location.IsSuccess)
        {
            return location.Problem;
        }

        var loc = location.Value;
        var folder = loc.Folder ?? await store.GetOrCreateFolderAsync(loc.Environment.Id, loc.Path, timeProvider.GetUtcNow(), cancellationToken);
        var write = await SealWriteAsync(loc.Project.Id, Guid.NewGuid(), folder.Id, command.SecretName, 1, command.SecretValue, null, cancellationToken);
        return await CommitAsync(principal, "secret.created", loc, write, command.SecretValue, write.At,
            $"A secret named '{command.SecretName}' already exists at {loc.Environment.Slug}:{loc.Path}.", cancellationToken);
    }

    public async Task<Result<SecretView>> UpdateAsync(Principal principal, WriteSecretCommand command, CancellationToken cancellationToken)
    {
        var existing = await FindWritableAsync(principal, command.Scope, command.SecretName, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing.Problem;
        }

        var (loc, secret) = existing.Value;
        var write = await SealWriteAsync(loc.Project.Id, secret.Id, secret.FolderId, command.SecretName, secret.Version + 1, command.SecretValue, null, cancellationToken);
        return await CommitAsync(principal, "secret.updated", loc, write, command.SecretValue, secret.CreatedAt,
            $"Secret '{command.SecretName}' was changed concurrently; retry.", cancellationToken);
    }

    public async Task<Result<SecretView>> DeleteAsync(Principal principal, DeleteSecretCommand command, CancellationToken cancellationToken)
    {
        var existing = await FindWritableAsync(principal, command.Scope, command.SecretName, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing.Problem;
        }

        var (loc, secret) = existing.Value;
        var view = await ToViewAsync(loc, secret, cancellationToken);
        await store.DeleteSecretAsync(secret.Id, cancellationToken);
        await audit.RecordAsync(principal.Actor, "secret.deleted", "secret", secret.Id.ToString(), loc.Project.Id,
            new { secretName = command.SecretName, loc.Path, environment = loc.Environment.Slug }, cancellationToken);
        return view;
    }

    /// <summary>Seals one version of a secret for writing; used by the rotation engine for mapped secrets too.</summary>
    public async Task<SecretVersionWrite> SealWriteAsync(Guid projectId, Guid secretId, Guid folderId, string key, int version, string value, Guid? ownerRotationId, CancellationToken cancellationToken)
    {
        var sealedValue = await cipher.SealAsync(projectId, value, SealContext.SecretVersion(projectId, secretId, version), cancellationToken);
        return new SecretVersionWrite(secretId, folderId, key, version, sealedValue, ownerRotationId, timeProvider.GetUtcNow());
    }

    public Task<string> OpenAsync(Guid projectId, StoredSecret secret, CancellationToken cancellationToken) =>
        cipher.OpenAsync(projectId, secret.Ciphertext, SealContext.SecretVersion(projectId, secret.Id, secret.Version), cancellationToken);

    /// <summary>Stores one version and answers with it, without reading back what was just written.</summary>
    private async Task<Result<SecretView>> CommitAsync(Principal principal, string action, SecretLocation loc, SecretVersionWrite write, string value, DateTimeOffset createdAt, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteSecretVersionAsync(write, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict(conflict);
        }

        await audit.RecordAsync(principal.Actor, action, "secret", write.SecretId.ToString(), loc.Project.Id,
            new { secretName = write.Key, loc.Path, environment = loc.Environment.Slug, write.Version }, cancellationToken);
        return new SecretView(write.SecretId, write.Key, value, write.Version, loc.Environment.Slug, loc.Path, loc.Project.Id, null, createdAt, write.At);
    }

    private async Task<Result<(SecretLocation Location, StoredSecret Secret)>> FindWritableAsync(Principal principal, SecretScope scope, string secretName, CancellationToken cancellationToken)
    {
        var location = await CheckAndLocateAsync(principal, Permission.SecretWrite, scope, cancellationToken);
        if (!location.IsSuccess)
        {
            return location.Problem;
        }

        var loc = location.Value;
        var secret = loc.Folder is null ? null : await store.GetSecretAsync(loc.Folder.Id, secretName, cancellationToken);
        if (secret is null)
        {
            return SecretNotFound(secretName, loc, null);
        }

        if (secret.OwnerRotationId is { } rotationId)
        {
            return Problem.Conflict($"Secret '{secretName}' is managed by secret rotation '{rotationId}' and is read-only; change or delete the rotation instead.");
        }

        return (loc, secret);
    }

    /// <summary>
    /// The permission check comes before the locator reads the project, so a principal without the right in this scope
    /// learns nothing about whether the project, environment or folder exists. For an API token the check is a field
    /// read: the read path costs what it did before access control.
    /// </summary>
    private Task<Result<SecretLocation>> CheckAndLocateAsync(Principal principal, Permission permission, SecretScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return AccessPolicy.Check(principal, permission, scope.ProjectId, scope.Environment, scope.Path) is { } denied
            ? Task.FromResult<Result<SecretLocation>>(denied)
            : locator.FindAsync(scope, cancellationToken);
    }

    private async Task<SecretView> ToViewAsync(SecretLocation loc, StoredSecret secret, CancellationToken cancellationToken) =>
        new(secret.Id, secret.Key, await OpenAsync(loc.Project.Id, secret, cancellationToken), secret.Version, loc.Environment.Slug, loc.Path,
            loc.Project.Id, secret.OwnerRotationId, secret.CreatedAt, secret.UpdatedAt);

    private static Problem SecretNotFound(string secretName, SecretLocation loc, int? version) =>
        new(ProblemKind.NotFound, "Secret not found",
            $"No secret named '{secretName}'{(version is null ? "" : $" with version {version}")} at {loc.Environment.Slug}:{loc.Path}.");
}
