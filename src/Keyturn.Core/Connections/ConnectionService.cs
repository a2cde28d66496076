using System.Text.Json;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Connections;

/// <summary>
/// App connections: validated, proven to work against the provider, then stored with credentials sealed under
/// the connections data key. Credentials are never returned.
/// </summary>
public sealed class ConnectionService(
    IKeyturnStore store,
    EnvelopeCipher cipher,
    IEnumerable<IAppConnectionHandler> handlers,
    AuditLog audit,
    TimeProvider timeProvider)
{
    private static readonly string[] CommonFields = ["name", "description"];

    public async Task<Result<AppConnection>> CreateAsync(string actor, string app, JsonElement body, CancellationToken cancellationToken)
    {
        var handler = handlers.FirstOrDefault(h => h.App == app);
        if (handler is null)
        {
            return new Problem(ProblemKind.NotFound, "Unknown app", $"No app connection type '{app}'.");
        }

        var errors = new ValidationErrors();
        Json.RejectUnknown(body, [.. CommonFields, .. handler.BodyFields], errors);
        var name = Json.OptionalString(body, "name", errors);
        var description = Json.OptionalString(body, "description", errors);
        if (name is null)
        {
            errors.Add("name", "is required");
        }
        else if (!Rules.IsProjectSlug(name))
        {
            errors.Add("name", Rules.ProjectSlugRule);
        }

        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        var parsed = handler.Parse(body);
        if (!parsed.IsSuccess)
        {
            errors.MergeProblem(parsed.Problem);
        }

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var id = Guid.NewGuid();
        var secret = ToSecret(id, app, parsed.Value!);
        var verified = await handler.VerifyAsync(secret, cancellationToken);
        if (!verified.IsSuccess)
        {
            return new Problem(ProblemKind.Validation, "The connection's credentials do not work", verified.Error.Message,
                new Dictionary<string, string[]> { ["credentials"] = [verified.Error.Message] });
        }

        if (await CheckInitialCredentialAsync(handler, secret, parsed.Value!.CredentialId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var now = timeProvider.GetUtcNow();
        var sealedCredentials = await cipher.SealAsync(SealContext.ConnectionsScope, parsed.Value!.CredentialsJson, SealContext.Connection(id), cancellationToken);
        var connection = new AppConnection(id, name!, description, app, parsed.Value.Method, sealedCredentials, parsed.Value.ConfigurationJson, now, now)
        {
            CredentialRotation = CredentialRotationState.Initial(parsed.Value.CredentialId),
        };
        try
        {
            await store.CreateConnectionAsync(connection, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An app connection named '{name}' already exists.");
        }

        await audit.RecordAsync(actor, "app-connection.created", "app-connection", id.ToString(), null, new { name, app, connection.Method }, cancellationToken);
        return connection;
    }

    public async Task<Result<AppConnection>> GetAsync(string app, Guid id, CancellationToken cancellationToken)
    {
        var connection = await store.GetConnectionAsync(id, cancellationToken);
        return connection is null || connection.App != app ? Problem.NotFound("App connection", id) : connection;
    }

    public async Task<IReadOnlyList<AppConnection>> ListAsync(string app, CancellationToken cancellationToken) =>
        (await store.ListConnectionsAsync(cancellationToken)).Where(c => c.App == app).ToList();

    public async Task<Result<AppConnection>> DeleteAsync(string actor, string app, Guid id, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(app, id, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing;
        }

        switch (await store.DeleteConnectionAsync(id, cancellationToken))
        {
            case DeleteConnectionResult.InUse:
                return Problem.Conflict($"App connection '{existing.Value.Name}' is used by a secret rotation (delete the rotation first) or is rotating its own credential (try again when it ends).");
            case DeleteConnectionResult.NotFound:
                return Problem.NotFound("App connection", id);
        }

        await audit.RecordAsync(actor, "app-connection.deleted", "app-connection", id.ToString(), null, new { existing.Value.Name, app }, cancellationToken);
        return existing.Value;
    }

    /// <summary>Opens the sealed credentials for one provider call.</summary>
    public async Task<ConnectionSecret> OpenAsync(AppConnection connection, CancellationToken cancellationToken)
    {
        var credentials = await cipher.OpenAsync(SealContext.ConnectionsScope, connection.SealedCredentials, SealContext.Connection(connection.Id), cancellationToken);
        return ToSecret(connection.Id, connection.App, new ParsedConnection(connection.Method, connection.ConfigurationJson, credentials));
    }

    /// <summary>
    /// A named starting credential must exist on the connection's own identity, or the second self-rotation would
    /// "retire" nothing while the real one lives on. Checked only when the connection can list its credentials.
    /// </summary>
    private static async Task<Problem?> CheckInitialCredentialAsync(IAppConnectionHandler handler, ConnectionSecret secret, string? credentialId, CancellationToken cancellationToken)
    {
        if (credentialId is null || handler is not ISelfRotatingConnection self)
        {
            return null;
        }

        var listed = await self.ListCredentialsAsync(secret, null, cancellationToken);
        return !listed.IsSuccess || listed.Value.Any(c => string.Equals(c.CredentialId, credentialId, StringComparison.OrdinalIgnoreCase))
            ? null
            : Problem.Invalid(self.InitialCredentialField, $"names no credential of the connection's own application ({credentialId} was not found)");
    }

    private static ConnectionSecret ToSecret(Guid id, string app, ParsedConnection parsed) =>
        new(id, app, parsed.Method, JsonDocument.Parse(parsed.ConfigurationJson).RootElement.Clone(), JsonDocument.Parse(parsed.CredentialsJson).RootElement.Clone());
}
