using System.Text.Json;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.History;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Connections;

/// <summary>
/// App connections: proven to work against the provider, then stored with credentials sealed under the connections
/// data key. Credentials are never returned. Connections are installation-wide: every request needs the
/// connection-admin grant (<see cref="Permission.ConnectionAdmin"/>), checked before anything is read, so one without
/// it learns nothing about which connections exist.
/// </summary>
public sealed class ConnectionService(
    IKeyturnStore store,
    EnvelopeCipher cipher,
    IEnumerable<IAppConnectionHandler> handlers,
    AuditLog audit,
    RotationHistory history,
    TimeProvider timeProvider)
{
    /// <summary>The handler of app type <paramref name="app"/>, or null when Keyturn has no such type.</summary>
    public IAppConnectionHandler? HandlerFor(string app) => handlers.FirstOrDefault(h => h.App == app);

    public static Problem UnknownApp(string app) => new(ProblemKind.NotFound, "Unknown app", $"No app connection type '{app}'.");

    /// <summary>
    /// The answer for an id that cannot name a connection (not a GUID): the refusal for a principal without the
    /// connection-admin grant, as for any other id, and "not found" for one that may see every connection.
    /// </summary>
    public static Problem Unknown(Principal principal, string id) =>
        AccessPolicy.Check(principal, Permission.ConnectionAdmin) ?? Problem.NotFound("App connection", id);

    public async Task<Result<AppConnection>> CreateAsync(Principal principal, CreateConnectionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.ConnectionAdmin) is { } denied)
        {
            return denied;
        }

        if (HandlerFor(command.App) is not { } handler)
        {
            return UnknownApp(command.App);
        }

        var id = Guid.NewGuid();
        var parsed = command.Connection;
        var secret = ToSecret(id, command.App, parsed);
        var verified = await handler.VerifyAsync(secret, cancellationToken);
        if (!verified.IsSuccess && verified.Error.Unreachable)
        {
            // Nothing was said about the credentials: the provider was never reached (DNS, refused, TLS trust, timeout).
            return new Problem(ProblemKind.ProviderFailure, "The provider could not be reached", verified.Error.Message);
        }

        if (!verified.IsSuccess)
        {
            return new Problem(ProblemKind.Validation, "The connection's credentials do not work", verified.Error.Message,
                new Dictionary<string, string[]> { ["credentials"] = ["were refused by the provider; the detail gives its answer"] });
        }

        if (await CheckInitialCredentialAsync(handler, secret, parsed.CredentialId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var now = timeProvider.GetUtcNow();
        var sealedCredentials = await cipher.SealAsync(SealContext.ConnectionsScope, parsed.CredentialsJson, SealContext.Connection(id), cancellationToken);
        var connection = new AppConnection(id, command.Name, command.Description, command.App, parsed.Method, sealedCredentials, parsed.ConfigurationJson, now, now)
        {
            CredentialRotation = CredentialRotationState.Initial(parsed.CredentialId),
        };
        try
        {
            await store.CreateConnectionAsync(connection, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An app connection named '{command.Name}' already exists.");
        }

        await audit.RecordAsync(principal.Actor, "app-connection.created", "app-connection", id.ToString(), null,
            new { name = command.Name, app = command.App, connection.Method }, cancellationToken);
        return connection;
    }

    /// <summary>The connection for the API: refused without the connection-admin grant before anything is read.</summary>
    public async Task<Result<AppConnection>> GetAsync(Principal principal, string app, Guid id, CancellationToken cancellationToken) =>
        AccessPolicy.Check(principal, Permission.ConnectionAdmin) is { } denied ? denied : await GetAsync(app, id, cancellationToken);

    /// <summary>Keyturn's own lookup (rotation engine, self-rotation): no principal, since no request asked.</summary>
    public async Task<Result<AppConnection>> GetAsync(string app, Guid id, CancellationToken cancellationToken)
    {
        var connection = await store.GetConnectionAsync(id, cancellationToken);
        return connection is null || connection.App != app ? Problem.NotFound("App connection", id) : connection;
    }

    public async Task<Result<AppConnection[]>> ListAsync(Principal principal, string app, CancellationToken cancellationToken) =>
        AccessPolicy.Check(principal, Permission.ConnectionAdmin) is { } denied
            ? denied
            : (await store.ListConnectionsAsync(cancellationToken)).Where(c => c.App == app).ToArray();

    public async Task<Result<AppConnection>> DeleteAsync(Principal principal, string app, Guid id, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(principal, app, id, cancellationToken);
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

        await audit.RecordAsync(principal.Actor, "app-connection.deleted", "app-connection", id.ToString(), null, new { existing.Value.Name, app }, cancellationToken);
        return existing.Value;
    }

    /// <summary>The connection's rotations of its own credential, a page at a time; refused without the grant before anything is read.</summary>
    public async Task<Result<HistoryPage>> CredentialRotationsAsync(Principal principal, HistoryQuery query, CancellationToken cancellationToken) =>
        AccessPolicy.Check(principal, Permission.ConnectionAdmin) is { } denied ? denied : await history.ConnectionAsync(query, cancellationToken);

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
