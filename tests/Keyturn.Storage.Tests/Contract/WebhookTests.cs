using Keyturn.Core.Notifications;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateWebhookAsync_ThenGetAndList_RoundTripsEveryField()
    {
        var seed = await SeedAsync();
        var first = NewWebhook(seed.Project.Id, at: At(1));
        var second = NewWebhook(seed.Project.Id, at: At(2)) with { Events = [RotationEventTypes.Failed], UpcomingDaysBefore = [], Format = "slack", Description = null };
        await Store.CreateWebhookAsync(second, Ct);
        await Store.CreateWebhookAsync(first, Ct);

        AssertSame(first, await Store.GetWebhookAsync(first.Id, Ct));
        var listed = await Store.ListWebhooksAsync(seed.Project.Id, Ct);
        Assert.Equal([first.Id, second.Id], listed.Select(w => w.Id));
        AssertSame(second, listed[1]);
        Assert.Empty(await Store.ListWebhooksAsync(Guid.NewGuid(), Ct));
        Assert.Equal(2, (await Store.ListAllWebhooksAsync(Ct)).Count);
    }

    [ContractFact]
    public async Task CreateWebhookAsync_UnknownProject_Conflicts() =>
        await Assert.ThrowsAsync<Keyturn.Core.Storage.StoreConflictException>(() => Store.CreateWebhookAsync(NewWebhook(Guid.NewGuid()), Ct));

    [ContractFact]
    public async Task AddDeliveriesAsync_SameEventKeyTwice_InsertsOnce()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);

        Assert.Equal(1, await Store.AddDeliveriesAsync([NewDelivery(webhook.Id, "job:1")], Ct));
        Assert.Equal(0, await Store.AddDeliveriesAsync([NewDelivery(webhook.Id, "job:1")], Ct));
        Assert.Equal(1, await Store.AddDeliveriesAsync([NewDelivery(webhook.Id, "job:1"), NewDelivery(webhook.Id, "job:2", created: At(1))], Ct));

        Assert.Equal(["job:2", "job:1"], (await Store.ListDeliveriesAsync(webhook.Id, null, 10, Ct)).Select(d => d.EventKey));
    }

    [ContractFact]
    public async Task AddDeliveriesAsync_SubscriptionDeletedMeanwhile_SkipsItsRowsKeepsTheOthers()
    {
        var seed = await SeedAsync();
        var kept = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(kept, Ct);

        Assert.Equal(1, await Store.AddDeliveriesAsync([NewDelivery(Guid.NewGuid(), "job:1"), NewDelivery(kept.Id, "job:1")], Ct));
        Assert.Single(await Store.ListDeliveriesAsync(kept.Id, null, 10, Ct));
    }

    [ContractFact]
    public async Task ClaimDueDeliveriesAsync_RacingClaimers_NeverShareADelivery()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        await Store.AddDeliveriesAsync([.. Enumerable.Range(0, 12).Select(i => NewDelivery(webhook.Id, $"job:{i}"))], Ct);
        await using var otherNode = await OpenSecondStoreAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : otherNode).ClaimDueDeliveriesAsync($"node-{i}", At(10), At(70), 3, Ct))));

        // A claimer that lost a race for rows may come back with fewer (PostgreSQL skips rows another claimed meanwhile):
        // what was left is claimed next, and no delivery is ever claimed twice.
        var ids = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        ids.AddRange((await Store.ClaimDueDeliveriesAsync("node-late", At(20), At(80), 12, Ct)).Select(d => d.Id));
        Assert.Equal(12, ids.Count);
        Assert.Equal(12, ids.Distinct().Count());
        Assert.Empty(await Store.ClaimDueDeliveriesAsync("node-later", At(30), At(90), 12, Ct));
    }

    [ContractFact]
    public async Task ClaimDueDeliveriesAsync_NotYetDueHeldAndEnded_ClaimsOnlyDueFreeOrExpired()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        var due = NewDelivery(webhook.Id, "due");
        var later = NewDelivery(webhook.Id, "later") with { NextAttemptAt = At(100) };
        await Store.AddDeliveriesAsync([due, later], Ct);

        Assert.Equal([due.Id], (await Store.ClaimDueDeliveriesAsync("node-a", At(10), At(60), 10, Ct)).Select(d => d.Id));
        Assert.Empty(await Store.ClaimDueDeliveriesAsync("node-b", At(59), At(120), 10, Ct));
        // node-a's claim expired without an outcome (it stopped): node-b takes it over, and node-a can no longer record one.
        Assert.Equal([due.Id], (await Store.ClaimDueDeliveriesAsync("node-b", At(60), At(120), 10, Ct)).Select(d => d.Id));
        Assert.False(await Store.RecordDeliveryOutcomeAsync(Outcome(due.Id, "node-a", WebhookDeliveryStatuses.Succeeded, At(61)), Ct));
        Assert.True(await Store.RecordDeliveryOutcomeAsync(Outcome(due.Id, "node-b", WebhookDeliveryStatuses.Succeeded, At(61)), Ct));

        Assert.Equal([later.Id], (await Store.ClaimDueDeliveriesAsync("node-b", At(100), At(160), 10, Ct)).Select(d => d.Id));
    }

    [ContractFact]
    public async Task RecordDeliveryOutcomeAsync_FailedAttempt_ReschedulesAndRecordsWhy()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        var delivery = NewDelivery(webhook.Id, "job:1");
        await Store.AddDeliveriesAsync([delivery], Ct);
        await Store.ClaimDueDeliveriesAsync("node-a", At(1), At(60), 10, Ct);

        Assert.True(await Store.RecordDeliveryOutcomeAsync(
            new WebhookDeliveryOutcome(delivery.Id, "node-a", WebhookDeliveryStatuses.Pending, 1, At(31), 503, "the receiver answered 503", null), Ct));

        var stored = Assert.Single(await Store.ListDeliveriesAsync(webhook.Id, null, 10, Ct));
        Assert.Equal((WebhookDeliveryStatuses.Pending, 1, At(31), 503, "the receiver answered 503", (DateTimeOffset?)null),
            (stored.Status, stored.Attempts, stored.NextAttemptAt, stored.LastStatusCode, stored.LastError, stored.DeliveredAt));
        Assert.Empty(await Store.ClaimDueDeliveriesAsync("node-a", At(30), At(90), 10, Ct));
        Assert.Single(await Store.ClaimDueDeliveriesAsync("node-a", At(31), At(90), 10, Ct));
    }

    [ContractFact]
    public async Task ListDeliveriesAsync_Pages_NewestFirstWithoutGapsOrRepeats()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        // Two share a creation time, so the id breaks the tie across a page boundary.
        await Store.AddDeliveriesAsync([.. Enumerable.Range(0, 5).Select(i => NewDelivery(webhook.Id, $"job:{i}", created: At(i == 4 ? 3 : i)))], Ct);

        var seen = new List<string>();
        WebhookDeliveryCursor? cursor = null;
        for (var page = 0; page < 3; page++)
        {
            var rows = await Store.ListDeliveriesAsync(webhook.Id, cursor, 2, Ct);
            seen.AddRange(rows.Select(r => r.EventKey));
            cursor = rows.Count == 0 ? null : new WebhookDeliveryCursor(rows[^1].CreatedAt, rows[^1].Id);
        }

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(["job:2", "job:1", "job:0"], seen[^3..]);
    }

    [ContractFact]
    public async Task DeleteWebhookAsync_WithDeliveries_DeletesBoth()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        await Store.AddDeliveriesAsync([NewDelivery(webhook.Id, "job:1")], Ct);

        Assert.True(await Store.DeleteWebhookAsync(webhook.Id, Ct));

        Assert.Null(await Store.GetWebhookAsync(webhook.Id, Ct));
        Assert.Empty(await ReadRawRowsAsync("webhook_deliveries"));
        Assert.False(await Store.DeleteWebhookAsync(webhook.Id, Ct));
    }

    [ContractFact]
    public async Task ProjectDeleted_WithWebhooksAndDeliveries_CascadesToBoth()
    {
        var seed = await SeedAsync();
        var webhook = NewWebhook(seed.Project.Id);
        await Store.CreateWebhookAsync(webhook, Ct);
        await Store.AddDeliveriesAsync([NewDelivery(webhook.Id, "job:1")], Ct);

        // The store has no project delete yet: the schema's cascade is what a future one relies on.
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        // SQLite enforces foreign keys (and so cascades) only on connections that ask, as the store's do.
        var enforce = connection is Microsoft.Data.Sqlite.SqliteConnection ? new[] { "PRAGMA foreign_keys = ON" } : [];
        foreach (var sql in enforce.Concat(["DELETE FROM folders", "DELETE FROM environments", "DELETE FROM projects"]))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(Ct);
        }

        Assert.Empty(await ReadRawRowsAsync("webhook_subscriptions"));
        Assert.Empty(await ReadRawRowsAsync("webhook_deliveries"));
    }

    [ContractFact]
    public async Task ListEndedJobsToAnnounceAsync_EndedJobsOfSubscribedProjects_OnlyThoseSince()
    {
        var (seed, connection, rotation) = await SeedRotationAsync();
        var other = await SeedAsync("other");
        var unsubscribed = NewRotation(other, connection, "quiet");
        await Store.CreateRotationAsync(unsubscribed, Ct);
        await Store.CreateWebhookAsync(NewWebhook(seed.Project.Id), Ct);
        var early = await EndedJobAsync(rotation, At(5));
        var late = await EndedJobAsync(rotation, At(20));
        await EndedJobAsync(unsubscribed, At(20));
        await StartJobAsync(rotation.Id, At(21));

        var jobs = await Store.ListEndedJobsToAnnounceAsync(At(10), Ct);

        Assert.Equal([late], jobs.Select(j => j.Id));
        Assert.Contains(early, (await Store.ListEndedJobsToAnnounceAsync(At(0), Ct)).Select(j => j.Id));
    }

    private async Task<Guid> EndedJobAsync(Keyturn.Core.Domain.SecretRotation rotation, DateTimeOffset at)
    {
        var job = await StartJobAsync(rotation.Id, at);
        await Store.FailJobAsync(new Keyturn.Core.Domain.RotationFailure(rotation with { RotationStatus = "failed" },
            new Keyturn.Core.Domain.JournalEntry(job.Id, 1, "fail", "done", "{}", null, at), job.Id, at, "boom"), Ct);
        return job.Id;
    }

    private static WebhookSubscription NewWebhook(Guid projectId, DateTimeOffset? at = null) => new(
        Guid.NewGuid(), projectId, "https://hooks.example.com/…", [RotationEventTypes.Succeeded, RotationEventTypes.Upcoming], [7, 1],
        "json", "ops channel", Cipher("signing"), Cipher("https://hooks.example.com/keyturn"), at ?? T0);

    private static WebhookDelivery NewDelivery(Guid subscriptionId, string key, DateTimeOffset? created = null) => new(
        Guid.NewGuid(), subscriptionId, RotationEventTypes.Succeeded, key, """{"event":"rotation.succeeded"}""", WebhookDeliveryStatuses.Pending, 0,
        created ?? T0, null, null, created ?? T0, null);

    private static WebhookDeliveryOutcome Outcome(Guid id, string owner, string status, DateTimeOffset at) =>
        new(id, owner, status, 1, at, 200, null, at);

    private static void AssertSame(WebhookSubscription expected, WebhookSubscription? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Id, expected.ProjectId, expected.ShownUrl, expected.Format, expected.Description, expected.CreatedAt),
            (actual.Id, actual.ProjectId, actual.ShownUrl, actual.Format, actual.Description, actual.CreatedAt));
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.UpcomingDaysBefore, actual.UpcomingDaysBefore);
        Assert.Equal(expected.SealedSigningSecret, actual.SealedSigningSecret);
        Assert.Equal(expected.SealedUrl, actual.SealedUrl);
    }
}
