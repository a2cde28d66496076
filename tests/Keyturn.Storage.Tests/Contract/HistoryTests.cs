using Keyturn.Core.Domain;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>History reads: jobs a page at a time, newest first with ties by id, and a page's journals in one read.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task ListJobsAsync_PagedByCursor_NewestFirstTiesByIdEachJobOnce()
    {
        var (seed, connection, rotation) = await SeedRotationAsync();
        var other = NewRotation(seed, connection, "other");
        await Store.CreateRotationAsync(other, Ct);
        await StartJobAsync(other.Id, At(50));
        // Three jobs share a start time, so only the id keeps the order, and a page boundary falls among them.
        var jobs = new List<RotationJob>();
        foreach (var seconds in new[] { 1, 2, 3, 3, 3, 4, 5 })
        {
            jobs.Add(await StartJobAsync(rotation.Id, At(seconds)));
        }

        var pages = new List<IReadOnlyList<RotationJob>>();
        JobCursor? after = null;
        do
        {
            var page = await Store.ListJobsAsync(rotation.Id, after, 2, Ct);
            pages.Add(page);
            after = page.Count == 2 ? new JobCursor(page[^1].StartedAt, page[^1].Id) : null;
        }
        while (after is not null);

        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(jobs.Select(j => j.Id).Order(), listed.Select(j => j.Id).Order());
        Assert.Equal(listed.OrderByDescending(j => j.StartedAt).Select(j => j.StartedAt), listed.Select(j => j.StartedAt));
        var ties = listed.Where(j => j.StartedAt == At(3)).ToList();
        Assert.Equal(3, ties.Count);
        Assert.Equal(await Store.ListJobsAsync(rotation.Id, null, 100, Ct), listed);
        Assert.Equal(ties, (await Store.ListJobsAsync(rotation.Id, new JobCursor(At(4), listed[1].Id), 3, Ct)));
        Assert.Empty(await Store.ListJobsAsync(rotation.Id, new JobCursor(At(1), listed[^1].Id), 5, Ct));
        Assert.Empty(await Store.ListJobsAsync(Guid.NewGuid(), null, 5, Ct));
    }

    [ContractFact]
    public async Task GetJournalsAsync_SeveralJobs_ReturnsOnlyThoseByJobAndSequence()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var first = await StartJobAsync(rotation.Id, At(1));
        var second = await StartJobAsync(rotation.Id, At(2));
        var untouched = await StartJobAsync(rotation.Id, At(3));
        foreach (var job in new[] { first, second, untouched })
        {
            await Store.AppendJournalAsync(new JournalEntry(job.Id, 2, "issue", "result", """{"credentialId":"k"}""", Cipher("issued"), At(5)), Ct);
            await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, At(4)), Ct);
        }

        var journals = await Store.GetJournalsAsync([second.Id, first.Id, second.Id], Ct);

        Assert.Equal(4, journals.Count);
        Assert.DoesNotContain(journals, e => e.JobId == untouched.Id);
        foreach (var job in new[] { first, second })
        {
            var own = journals.Where(e => e.JobId == job.Id).ToList();
            var alone = await Store.GetJournalAsync(job.Id, Ct);
            Assert.Equal(alone.Select(e => e with { SealedSecret = null }), own.Select(e => e with { SealedSecret = null }));
            Assert.Equal(alone.Select(e => e.SealedSecret), own.Select(e => e.SealedSecret));
        }

        Assert.Empty(await Store.GetJournalsAsync([], Ct));
    }

    [ContractFact]
    public async Task GetJournalsAsync_MoreJobsThanOneBatch_ReturnsEveryJournal()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 27; i++)
        {
            var job = await StartJobAsync(rotation.Id, At(i));
            await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "set", "intent", "{}", null, At(i)), Ct);
            ids.Add(job.Id);
        }

        Assert.Equal(ids.Order(), (await Store.GetJournalsAsync(ids, Ct)).Select(e => e.JobId).Order());
        Assert.Equal(ids.Take(11).Order(), (await Store.GetJournalsAsync(ids.Take(11).ToList(), Ct)).Select(e => e.JobId).Order());
    }

    [ContractFact]
    public async Task ListConnectionJobsAsync_PagedByCursor_NewestFirstWithTheirJournals()
    {
        var connection = await CreateConnectionAsync("history");
        var jobs = new List<ConnectionJob>();
        foreach (var seconds in new[] { 1, 2, 2, 3 })
        {
            var job = new ConnectionJob(Guid.NewGuid(), connection.Id, "manual", "failed", At(seconds), At(seconds + 1), "m");
            await Store.StartConnectionJobAsync(job, [new JournalEntry(job.Id, 1, "issue", "intent", """{"label":"l"}""", null, At(seconds))], Ct);
            jobs.Add(job);
        }

        var first = await Store.ListConnectionJobsAsync(connection.Id, null, 3, Ct);
        var rest = await Store.ListConnectionJobsAsync(connection.Id, new JobCursor(first[^1].StartedAt, first[^1].Id), 3, Ct);

        Assert.Equal(jobs[3], first[0]);
        Assert.Equal(jobs.Select(j => j.Id).Order(), first.Concat(rest).Select(j => j.Id).Order());
        Assert.Equal(jobs[0], Assert.Single(rest));
        Assert.Equal(await Store.ListConnectionJobsAsync(connection.Id, Ct), first.Concat(rest).ToList());
        var journals = await Store.GetConnectionJournalsAsync(first.Select(j => j.Id).ToList(), Ct);
        Assert.Equal(first.Select(j => j.Id).Order(), journals.Select(e => e.JobId).Order());
    }
}
