using System.Collections.Concurrent;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Logging;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Connections;

/// <summary>
/// An app connection rotates its own credential: claims the connection by a lease on its row, runs the journaled steps
/// (<see cref="ConnectionRotationSteps"/>), and recovers jobs a stop left open. Dual-phase connections (Azure) keep the
/// previous credential valid until the next self-rotation; in-place ones (databases) replace their one password.
/// </summary>
public sealed class ConnectionCredentialRotation
{
    private readonly IKeyturnStore _store;
    private readonly ConnectionService _connections;
    private readonly IEnumerable<IAppConnectionHandler> _handlers;
    private readonly RotationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ConnectionCredentialRotation> _logger;
    private readonly ConnectionRotationSteps _steps;

    // Leases are per node (a restarted node reclaims its own), so this keeps attempts single-flight inside the node.
    private readonly ConcurrentDictionary<Guid, byte> _running = new();

    public ConnectionCredentialRotation(
        IKeyturnStore store, ConnectionService connections, IEnumerable<IAppConnectionHandler> handlers, EnvelopeCipher cipher, AuditLog audit,
        RotationOptions options, TimeProvider timeProvider, ILogger<ConnectionCredentialRotation> logger, ConnectionThrottle? throttle = null)
    {
        (_store, _connections, _handlers, _options, _timeProvider, _logger) = (store, connections, handlers, options, timeProvider, logger);
        _steps = new ConnectionRotationSteps(store, cipher, audit, options, timeProvider, logger, throttle);
    }

    /// <summary>
    /// A self-rotation a request asked for: refused without the connection-admin grant before anything is read, then
    /// run now and recorded as requested by the principal.
    /// </summary>
    public Task<Result<AppConnection>> RotateAsync(Principal principal, string app, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return AccessPolicy.Check(principal, Permission.ConnectionAdmin) is { } denied
            ? Task.FromResult<Result<AppConnection>>(denied)
            : RotateAsync(app, id, JobTriggers.Manual, principal.Actor, cancellationToken);
    }

    /// <summary>
    /// One self-rotation of connection <paramref name="id"/> of app <paramref name="app"/>: the connection as it stands
    /// after, or a problem (not found, busy, or the provider's words when the attempt failed).
    /// </summary>
    public async Task<Result<AppConnection>> RotateAsync(string app, Guid id, string trigger, string? requestedBy, CancellationToken cancellationToken)
    {
        if (_handlers.FirstOrDefault(h => h.App == app) is not { } handler)
        {
            return Problem.NotFound("App connection", id);
        }

        if (handler is not (ISelfRotatingConnection or ISelfRotatingConnectionPassword))
        {
            return Problem.Invalid("app", $"'{app}' connections cannot rotate their own credentials");
        }

        var result = await ClaimedAsync(id, app, connection => RunAsync(connection, trigger, requestedBy, cancellationToken), cancellationToken);
        return result is { IsSuccess: true, Value.CredentialRotation: { Status: RotationStatuses.Failed, Message: var message } }
            ? new Problem(ProblemKind.ProviderFailure, "The connection's credential was not rotated", message)
            : result;
    }

    /// <summary>Finishes or rolls back a job a stop left open, from its journal; busy when another node holds the connection.</summary>
    public Task<Result<AppConnection>> RecoverAsync(ConnectionJob job, CancellationToken cancellationToken) =>
        ClaimedAsync(job.ConnectionId, app: null, connection => ResumeAsync(connection, job, cancellationToken), cancellationToken);

    /// <summary>Recovers every open job nobody holds at <paramref name="now"/> (this node's own included: it reclaims its leases). How many it settled.</summary>
    public async Task<int> RecoverAbandonedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var job in await _store.ListAbandonedConnectionJobsAsync(now, cancellationToken))
        {
            settled += (await RecoverAsync(job, cancellationToken)).IsSuccess ? 1 : 0;
        }

        return settled;
    }

    private async Task<Result<AppConnection>> ClaimedAsync(Guid id, string? app, Func<AppConnection, Task<AppConnection>> attempt, CancellationToken cancellationToken)
    {
        using var connectionScope = LogScopes.Connection(_logger, id);
        if (!_running.TryAdd(id, 0))
        {
            return Busy();
        }

        try
        {
            var now = _timeProvider.GetUtcNow();
            var claimed = await _store.TryClaimConnectionAsync(id, _options.NodeId, now + _options.LeaseDuration, now, cancellationToken);
            if (claimed is null)
            {
                return await _store.GetConnectionAsync(id, cancellationToken) is { } existing && (app is null || existing.App == app)
                    ? Busy()
                    : Problem.NotFound("App connection", id);
            }

            try
            {
                if (app is not null && claimed.App != app)
                {
                    return Problem.NotFound("App connection", id);
                }

                await using var renewal = LeaseRenewal.Start(
                    async (at, token) => await _store.TryClaimConnectionAsync(id, _options.NodeId, at + _options.LeaseDuration, at, token) is not null,
                    id, _options, _timeProvider, _logger);
                return await attempt(claimed);
            }
            catch (ConnectionOutcomeUnknownException e)
            {
                _logger.LogWarning("Connection {ConnectionId}: {Reason}", id, e.Message);
                return new Problem(ProblemKind.ProviderFailure, "The connection's credential was not rotated", e.Message);
            }
            catch (ConnectionLeaseLostException)
            {
                _logger.LogWarning("Connection {ConnectionId}: the lease was lost; leaving the self-rotation to the node holding it", id);
                return new Problem(ProblemKind.Busy, "Self-rotation taken over", "This node's claim on the connection lapsed; the node now holding it finishes the attempt.");
            }
            finally
            {
                // After an activation the lease is already released (in its transaction); releasing again changes nothing.
                await _store.ReleaseConnectionLeaseAsync(id, _options.NodeId, CancellationToken.None);
            }
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    private async Task<AppConnection> RunAsync(AppConnection connection, string trigger, string? requestedBy, CancellationToken cancellationToken)
    {
        // The scheduler's scan may be older than an attempt that rotated the connection since: under the claim the row
        // is fresh, so a scheduled attempt runs only while still due.
        if (trigger == JobTriggers.Schedule && !IsDue(connection))
        {
            return connection;
        }

        // A job an earlier attempt left open (it threw) is settled first, under this claim.
        foreach (var open in (await _store.ListConnectionJobsAsync(connection.Id, cancellationToken)).Where(j => j.Status == JobStatuses.Running).Reverse())
        {
            connection = await ResumeAsync(connection, open, cancellationToken);
        }

        var job = new ConnectionJob(Guid.NewGuid(), connection.Id, trigger, JobStatuses.Running, _timeProvider.GetUtcNow(), null, null);
        using var jobScope = LogScopes.Job(_logger, job.Id);
        return await _steps.RunAsync(await AttemptAsync(connection, job, [], cancellationToken) with { RequestedBy = requestedBy }, cancellationToken);
    }

    private async Task<AppConnection> ResumeAsync(AppConnection connection, ConnectionJob job, CancellationToken cancellationToken)
    {
        using var jobScope = LogScopes.Job(_logger, job.Id);
        // Read again under the claim: the job may have ended since it was listed (another node settled it).
        if ((await _store.ListConnectionJobsAsync(connection.Id, cancellationToken)).FirstOrDefault(j => j.Id == job.Id) is not { Status: JobStatuses.Running })
        {
            return connection;
        }

        var entries = await _store.GetConnectionJournalAsync(job.Id, cancellationToken);
        return await _steps.ResumeAsync(await AttemptAsync(connection, job, entries, cancellationToken), entries, cancellationToken);
    }

    private async Task<ConnectionAttempt> AttemptAsync(AppConnection connection, ConnectionJob job, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var handler = _handlers.First(h => h.App == connection.App);
        if (handler is not (ISelfRotatingConnection or ISelfRotatingConnectionPassword))
        {
            throw new InvalidOperationException($"'{connection.App}' connections cannot rotate their own credentials.");
        }

        var journal = new ConnectionJournal(_store, _steps.Cipher, job.Id, _timeProvider, entries.Count == 0 ? 1 : entries.Max(e => e.Sequence) + 1);
        return new ConnectionAttempt(connection, await _connections.OpenAsync(connection, cancellationToken), handler, job, journal);
    }

    private bool IsDue(AppConnection connection) =>
        connection.CredentialRotation is { Settings.IsAutoRotationEnabled: true, NextRotationAt: { } next } && next <= _timeProvider.GetUtcNow();

    private static Problem Busy() =>
        new(ProblemKind.Busy, "Self-rotation in progress", "Another self-rotation of this connection is running; try again when it ends.");
}
