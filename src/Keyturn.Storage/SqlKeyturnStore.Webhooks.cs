using System.Data.Common;
using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string SubscriptionColumns =
        "id, project_id, shown_url, events_json, upcoming_days_json, format, description, sealed_signing_secret, sealed_url, created_at";

    private const string DeliveryColumns =
        "id, subscription_id, event_type, event_key, body, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";

    // Webhook rows are never cached, so their writes leave the read cache (and other nodes' caches) alone.
    public Task CreateWebhookAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return WriteAsync(db => db.Sql($"""
                INSERT INTO webhook_subscriptions ({SubscriptionColumns})
                VALUES (@id, @project_id, @shown_url, @events_json, @upcoming_days_json, @format, @description, @sealed_signing_secret, @sealed_url, @created_at)
                """)
            .Add("id", subscription.Id).Add("project_id", subscription.ProjectId).Add("shown_url", subscription.ShownUrl)
            .Add("events_json", JsonSerializer.Serialize(subscription.Events)).Add("upcoming_days_json", JsonSerializer.Serialize(subscription.UpcomingDaysBefore))
            .Add("format", subscription.Format).Add("description", subscription.Description)
            .Add("sealed_signing_secret", subscription.SealedSigningSecret).Add("sealed_url", subscription.SealedUrl).Add("created_at", subscription.CreatedAt)
            .ExecuteAsync(cancellationToken),
            Conflict($"webhook {subscription.Id} already exists", $"project {subscription.ProjectId} does not exist"), cancellationToken, invalidates: CacheKinds.None);
    }

    public Task<WebhookSubscription?> GetWebhookAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadSubscription, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(Guid projectId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE project_id = @project_id ORDER BY created_at, id")
            .Add("project_id", projectId).QueryAsync(ReadSubscription, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListAllWebhooksAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {SubscriptionColumns} FROM webhook_subscriptions ORDER BY created_at, id")
            .QueryAsync(ReadSubscription, cancellationToken), cancellationToken);

    // Deliveries first, then the subscription: explicit rather than left to ON DELETE CASCADE, which is there for projects.
    public Task<bool> DeleteWebhookAsync(Guid id, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await db.Sql("DELETE FROM webhook_deliveries WHERE subscription_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            return await db.Sql("DELETE FROM webhook_subscriptions WHERE id = @id").Add("id", id).ExecuteAsync(cancellationToken) == 1;
        }, Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);

    // INSERT … SELECT … WHERE EXISTS: a subscription deleted between the publisher's read and this write is skipped, not
    // a foreign-key failure that would lose the other subscriptions' rows; ON CONFLICT makes a repeated publish a no-op.
    public Task<int> AddDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return deliveries.Count == 0 ? Task.FromResult(0) : WriteAsync(async db =>
        {
            var inserted = 0;
            foreach (var d in deliveries)
            {
                inserted += await db.Sql($"""
                        INSERT INTO webhook_deliveries ({DeliveryColumns})
                        SELECT @id, @subscription_id, @event_type, @event_key, @body, @status, @attempts, @next_attempt_at, @last_status_code,
                               @last_error, @created_at, @delivered_at
                        WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE id = @subscription_id)
                        ON CONFLICT (subscription_id, event_key) DO NOTHING
                        """)
                    .Add("id", d.Id).Add("subscription_id", d.SubscriptionId).Add("event_type", d.EventType).Add("event_key", d.EventKey)
                    .Add("body", d.Body).Add("status", d.Status).Add("attempts", d.Attempts).Add("next_attempt_at", d.NextAttemptAt)
                    .Add("last_status_code", d.LastStatusCode).Add("last_error", d.LastError)
                    .Add("created_at", d.CreatedAt).Add("delivered_at", d.DeliveredAt)
                    .ExecuteAsync(cancellationToken);
            }

            return inserted;
        }, Conflict("a delivery id is taken", "a subscription does not exist"), cancellationToken, WriteDurability.Durable, CacheKinds.None);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(
        Guid subscriptionId, WebhookDeliveryCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var page = after is null ? "" : "AND (created_at < @after_at OR (created_at = @after_at AND id < @after_id))";
        return await ReadAsync(db =>
        {
            var statement = db.Sql($"""
                    SELECT {DeliveryColumns} FROM webhook_deliveries WHERE subscription_id = @subscription_id {page}
                    ORDER BY created_at DESC, id DESC LIMIT @limit
                    """)
                .Add("subscription_id", subscriptionId);
            if (after is not null)
            {
                statement.Add("after_at", after.CreatedAt).Add("after_id", after.Id);
            }

            return statement.Add("limit", limit).QueryAsync(ReadDelivery, cancellationToken);
        }, cancellationToken);
    }

    // The claim's conditions are repeated on the outer UPDATE: PostgreSQL re-checks them on the latest row after waiting
    // for a concurrent claimer (so the loser skips the row), and SQLite runs writers one at a time.
    // A read first: the dispatcher polls every few seconds, and an installation without due deliveries (most polls) should
    // not pay a write transaction for each.
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueDeliveriesAsync(
        string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        const string Claimable = "status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)";
        if (!await ReadAsync(db => db.Sql($"SELECT 1 FROM webhook_deliveries WHERE {Claimable} LIMIT 1").Add("now", now).AnyAsync(cancellationToken), cancellationToken))
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<WebhookDelivery>>(async db => await db.Sql($"""
                UPDATE webhook_deliveries SET lease_owner = @owner, lease_until = @until
                WHERE id IN (SELECT id FROM webhook_deliveries WHERE {Claimable} ORDER BY next_attempt_at, id LIMIT @limit)
                  AND {Claimable}
                RETURNING {DeliveryColumns}
                """)
            .Add("owner", owner).Add("until", until).Add("now", now).Add("limit", limit)
            .QueryAsync(ReadDelivery, cancellationToken),
            Conflict("the claim changed concurrently", "a delivery does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    public Task<bool> RecordDeliveryOutcomeAsync(WebhookDeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return WriteAsync(async db => await db.Sql("""
                UPDATE webhook_deliveries SET
                    status = @status, attempts = @attempts, next_attempt_at = @next_attempt_at, last_status_code = @last_status_code,
                    last_error = @last_error, delivered_at = @delivered_at, lease_owner = NULL, lease_until = NULL
                WHERE id = @id AND lease_owner = @owner
                """)
            .Add("status", outcome.Status).Add("attempts", outcome.Attempts).Add("next_attempt_at", outcome.NextAttemptAt)
            .Add("last_status_code", outcome.StatusCode).Add("last_error", outcome.Error)
            .Add("delivered_at", outcome.DeliveredAt).Add("id", outcome.DeliveryId).Add("owner", outcome.LeaseOwner)
            .ExecuteAsync(cancellationToken) == 1,
            Conflict("the claim changed concurrently", "the delivery does not exist"), cancellationToken, invalidates: CacheKinds.None);
    }

    // Bounded by started_at too, so the scan uses the (status, started_at) index: no job runs for a day.
    public async Task<IReadOnlyList<RotationJob>> ListEndedJobsToAnnounceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql("""
                SELECT j.id, j.rotation_id, j.trigger_kind, j.status, j.target_slot, j.started_at, j.ended_at, j.message
                FROM rotation_jobs j JOIN rotations r ON r.id = j.rotation_id
                WHERE j.status IN ('succeeded', 'failed') AND j.started_at >= @started_after AND j.ended_at >= @since
                  AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.project_id = r.project_id)
                ORDER BY j.ended_at, j.id
                """)
            .Add("started_after", since.AddDays(-1)).Add("since", since).QueryAsync(ReadJob, cancellationToken), cancellationToken);

    private static WebhookSubscription ReadSubscription(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
        JsonSerializer.Deserialize<int[]>(r.GetString(4)) ?? [], r.GetString(5), r.GetStringOrNull(6), r.GetBlob(7), r.GetBlob(8), r.GetTime(9));

    private static WebhookDelivery ReadDelivery(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetTime(7),
        r.IsDBNull(8) ? null : r.GetInt32(8), r.GetStringOrNull(9), r.GetTime(10), r.GetTimeOrNull(11));
}
