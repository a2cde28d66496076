using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Secrets;

/// <summary>
/// Versioned secrets: every write seals the value under the project's data key, bound to (project, secret, version),
/// and adds a version. Secrets a rotation owns are read-only here; only the rotation engine writes them.
/// </summary>
public sealed class SecretService(IKeyturnStore store, EnvelopeCipher cipher, SecretLocator locator, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<IReadOnlyList<SecretView>>> ListAsync(string? workspaceId, string? environment, string? secretPath, CancellationToken cancellationToken)
    {
        var location = await locator.FindAsync(workspaceId, environment, secretPath, cancellationToken);
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

        return views;
    }

    public async Task<Result<SecretView>> GetAsync(string secretName, string? workspaceId, string? environment, string? secretPath, int? version, CancellationToken cancellationToken)
    {
        var location = await locator.FindAsync(workspaceId, environment, secretPath, cancellationToken);
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
            return SecretNotFound(secretName, loc, version);
        }

        return await ToViewAsync(loc, secret, cancellationToken);
    }

    public async Task<Result<SecretView>> CreateAsync(string actor, string secretName, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var checkedRequest = await CheckWriteAsync(secretName, request, requireValue: true, cancellationToken);
        if (!checkedRequest.IsSuccess)
        {
            return checkedRequest.Problem;
        }

        var loc = checkedRequest.Value;
        var folder = loc.Folder ?? await store.GetOrCreateFolderAsync(loc.Environment.Id, loc.Path, timeProvider.GetUtcNow(), cancellationToken);
        var write = await SealWriteAsync(loc.Project.Id, Guid.NewGuid(), folder.Id, secretName, 1, request.SecretValue!, null, cancellationToken);
        return await CommitAsync(actor, "secret.created", loc, write, request.SecretValue!, write.At,
            $"A secret named '{secretName}' already exists at {loc.Environment.Slug}:{loc.Path}.", cancellationToken);
    }

    public async Task<Result<SecretView>> UpdateAsync(string actor, string secretName, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var existing = await FindWritableAsync(secretName, request, requireValue: true, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing.Problem;
        }

        var (loc, secret) = existing.Value;
        var write = await SealWriteAsync(loc.Project.Id, secret.Id, secret.FolderId, secretName, secret.Version + 1, request.SecretValue!, null, cancellationToken);
        return await CommitAsync(actor, "secret.updated", loc, write, request.SecretValue!, secret.CreatedAt,
            $"Secret '{secretName}' was changed concurrently; retry.", cancellationToken);
    }

    public async Task<Result<SecretView>> DeleteAsync(string actor, string secretName, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var existing = await FindWritableAsync(secretName, request, requireValue: false, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing.Problem;
        }

        var (loc, secret) = existing.Value;
        var view = await ToViewAsync(loc, secret, cancellationToken);
        await store.DeleteSecretAsync(secret.Id, cancellationToken);
        await audit.RecordAsync(actor, "secret.deleted", "secret", secret.Id.ToString(), loc.Project.Id, new { secretName, loc.Path, environment = loc.Environment.Slug }, cancellationToken);
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
    private async Task<Result<SecretView>> CommitAsync(string actor, string action, SecretLocation loc, SecretVersionWrite write, string value, DateTimeOffset createdAt, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteSecretVersionAsync(write, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict(conflict);
        }

        await audit.RecordAsync(actor, action, "secret", write.SecretId.ToString(), loc.Project.Id,
            new { secretName = write.Key, loc.Path, environment = loc.Environment.Slug, write.Version }, cancellationToken);
        return new SecretView(write.SecretId, write.Key, value, write.Version, loc.Environment.Slug, loc.Path, loc.Project.Id, null, createdAt, write.At);
    }

    private async Task<Result<(SecretLocation Location, StoredSecret Secret)>> FindWritableAsync(string secretName, SecretWriteRequest request, bool requireValue, CancellationToken cancellationToken)
    {
        var checkedRequest = await CheckWriteAsync(secretName, request, requireValue, cancellationToken);
        if (!checkedRequest.IsSuccess)
        {
            return checkedRequest.Problem;
        }

        var loc = checkedRequest.Value;
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

    private async Task<Result<SecretLocation>> CheckWriteAsync(string secretName, SecretWriteRequest request, bool requireValue, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Rules.IsSecretKey(secretName))
        {
            errors.Add("secretName", Rules.SecretKeyRule);
        }

        if (requireValue && request.SecretValue is null)
        {
            errors.Add("secretValue", "is required");
        }

        if (request.Type is not null and not "shared")
        {
            errors.Add("type", "must be 'shared' (personal secrets are not supported)");
        }

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        return await locator.FindAsync(request.WorkspaceId, request.Environment, request.SecretPath, cancellationToken);
    }

    private async Task<SecretView> ToViewAsync(SecretLocation loc, StoredSecret secret, CancellationToken cancellationToken) =>
        new(secret.Id, secret.Key, await OpenAsync(loc.Project.Id, secret, cancellationToken), secret.Version, loc.Environment.Slug, loc.Path,
            loc.Project.Id, secret.OwnerRotationId, secret.CreatedAt, secret.UpdatedAt);

    private static Problem SecretNotFound(string secretName, SecretLocation loc, int? version) =>
        new(ProblemKind.NotFound, "Secret not found",
            $"No secret named '{secretName}'{(version is null ? "" : $" with version {version}")} at {loc.Environment.Slug}:{loc.Path}.");
}
