using System.Data.Common;
using System.Text;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string AuditColumns =
        "id, at, actor, audit_action, resource_type, resource_id, project_id, details_json, identity_id, source_ip, outcome, request_id, seq, prev_hash, entry_hash";

    // One row per statement, run once per entry of a group on the connection's prepared command. Multi-row INSERTs
    // (16 rows, 240 parameters) cost more than they saved: Microsoft.Data.Sqlite binds every parameter by name, and
    // SQLite finds a name by a linear scan of the statement's names, so binding grew with the square of the rows
    // (about 8 % of the server's CPU in strncmp at concurrency 64, docs/benchmarks.md).
    private static readonly string InsertText =
        $"INSERT INTO audit_entries ({AuditColumns}) VALUES (@id, @at, @actor, @action, @rtype, @rid, @project, @details, @identity, @ip, @outcome, @request, @seq, @prev, @hash)";

    /// <summary>Where audit group commits are timed; null for stores made without a host (tools, benchmarks).</summary>
    public KeyturnMetrics? Metrics { get; init; }

    private GroupCommitWriter? _ownAuditWriter;
    private AuditAppendQueue? _auditQueue;
    private object? _auditLock;
    private bool _auditStarted;

    /// <summary>
    /// Every audited request waits for its entry to be durable, so appends are gathered (<see cref="AuditAppendQueue"/>)
    /// and go through group commit: SQLite's shared writer, or on PostgreSQL a writer of their own.
    /// </summary>
    private AuditAppendQueue AuditQueue => LazyInitializer.EnsureInitialized(ref _auditQueue, ref _auditStarted, ref _auditLock, () =>
    {
        var writer = dialect.GroupCommit ?? (_ownAuditWriter = new GroupCommitWriter(dialect));
        return new AuditAppendQueue(async entries =>
        {
            var start = Metrics?.Start() ?? 0;
            await writer.WriteAsync(db => InsertAuditAsync(db, entries, CancellationToken.None), WriteDurability.Durable, announce: false, CancellationToken.None);
            // Per group, not per entry: the group's commit is what every caller in it waited for.
            Metrics?.AuditGroupWritten(Metrics.Elapsed(start));
        });
    })!;

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            // Not cancellable once queued: the entry belongs to a group other callers wait on.
            await AuditQueue.AppendAsync(entry);
        }
        catch (DbException exception) when (dialect.Classify(exception) is not ConflictKind.None)
        {
            throw new StoreConflictException(
                Conflict(() => $"audit entry {entry.Id} already exists", () => "a referenced row does not exist")(dialect.Classify(exception)), exception);
        }
    }

    private static Task<int> InsertAuditAsync(DbSession db, AuditEntry entry, CancellationToken cancellationToken) =>
        InsertAuditAsync(db, [entry], cancellationToken);

    /// <summary>
    /// Appends entries to the chain, in order, inside the caller's transaction. Taking the head row first (an UPDATE,
    /// so it locks on PostgreSQL until commit) hands out the next sequence numbers and the previous hash, so
    /// concurrent appends from every node line up in one order.
    /// </summary>
    private static async Task<int> InsertAuditAsync(DbSession db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        var head = (await db.Sql("UPDATE audit_chain_head SET seq = seq + @count WHERE id = 1 RETURNING seq, entry_hash")
            .Add("count", (long)entries.Count).QueryAsync(r => (Last: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken)).Single();
        var sequence = head.Last - entries.Count;
        var previous = head.Hash;
        var rows = new List<(AuditEntry Entry, long Sequence, string Previous, string Hash)>(entries.Count);
        foreach (var entry in entries)
        {
            sequence++;
            var hash = AuditChain.Hash(entry, sequence, previous);
            rows.Add((entry, sequence, previous, hash));
            previous = hash;
        }

        var written = 0;
        foreach (var (entry, seq, prev, hash) in rows)
        {
            written += await db.Sql(InsertText)
                .Add("id", entry.Id).Add("at", entry.At).Add("actor", entry.Actor).Add("action", entry.Action)
                .Add("rtype", entry.ResourceType).Add("rid", entry.ResourceId).Add("project", entry.ProjectId)
                .Add("details", entry.DetailsJson).Add("identity", entry.IdentityId).Add("ip", entry.SourceIp)
                .Add("outcome", entry.Outcome).Add("request", entry.RequestId).Add("seq", seq).Add("prev", prev).Add("hash", hash)
                .ExecuteAsync(cancellationToken);
        }

        await db.Sql("UPDATE audit_chain_head SET entry_hash = @hash WHERE id = 1").Add("hash", previous).ExecuteAsync(cancellationToken);
        return written;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid? projectId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var entries = await QueryAuditAsync(new AuditQuery { ProjectId = projectId, Limit = limit }, cancellationToken);
        return [.. entries.Select(e => e.Entry)];
    }

    public async Task<IReadOnlyList<ChainedAuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var where = new StringBuilder("WHERE 1 = 1");
        void Filter(object? value, string condition)
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(condition);
            }
        }

        Filter(query.Actor, "actor = @actor");
        Filter(query.Action, "audit_action = @audit_action");
        Filter(query.ResourceType, "resource_type = @resource_type");
        Filter(query.ResourceId, "resource_id = @resource_id");
        Filter(query.ProjectId, "project_id = @project_id");
        Filter(query.From, "at >= @from");
        Filter(query.To, "at < @to");
        Filter(query.Before, "(at < @before_at OR (at = @before_at AND id < @before_id))");
        return await ReadAsync(db => db.Sql($"SELECT {AuditColumns} FROM audit_entries {where} ORDER BY at DESC, id DESC LIMIT @limit")
            .Add("actor", query.Actor).Add("audit_action", query.Action).Add("resource_type", query.ResourceType)
            .Add("resource_id", query.ResourceId).Add("project_id", query.ProjectId).Add("from", query.From).Add("to", query.To)
            .Add("before_at", query.Before?.At).Add("before_id", query.Before?.Id).Add("limit", query.Limit)
            .QueryAsync(ReadChainedAudit, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<ChainedAuditEntry>> ReadAuditChainAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db => db.Sql($"SELECT {AuditColumns} FROM audit_entries WHERE seq > @after ORDER BY seq LIMIT @limit")
            .Add("after", afterSequence).Add("limit", limit).QueryAsync(ReadChainedAudit, cancellationToken), cancellationToken);
    }

    public async Task<AuditChainHead> ReadAuditChainHeadAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(db => db.Sql("""
                SELECT seq, entry_hash, legacy_entries, (SELECT COUNT(*) FROM audit_entries WHERE seq IS NULL) FROM audit_chain_head WHERE id = 1
                """)
            .QueryAsync(r => new AuditChainHead(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken), cancellationToken)).Single();

    public async Task<IReadOnlyList<AuditEntry>> ListUnchainedAuditAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var rows = await ReadAsync(db => db.Sql($"SELECT {AuditColumns} FROM audit_entries WHERE seq IS NULL ORDER BY at DESC, id DESC LIMIT @limit")
            .Add("limit", limit).QueryAsync(ReadChainedAudit, cancellationToken), cancellationToken);
        return [.. rows.Select(r => r.Entry)];
    }

    private static ChainedAuditEntry ReadChainedAudit(DbDataReader r) => new(
        new AuditEntry(r.GetGuid(0), r.GetTime(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetStringOrNull(5), r.GetGuidOrNull(6), r.GetString(7))
        {
            IdentityId = r.GetStringOrNull(8),
            SourceIp = r.GetStringOrNull(9),
            Outcome = r.GetStringOrNull(10),
            RequestId = r.GetStringOrNull(11),
        },
        r.IsDBNull(12) ? null : r.GetInt64(12), r.GetStringOrNull(13), r.GetStringOrNull(14));

    private async ValueTask DisposeAuditWriterAsync()
    {
        if (_auditQueue is { } queue)
        {
            await queue.DisposeAsync();
        }

        if (_ownAuditWriter is { } writer)
        {
            await writer.DisposeAsync();
        }
    }
}
