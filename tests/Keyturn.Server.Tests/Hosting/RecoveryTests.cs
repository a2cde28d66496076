using System.Net;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// A server stopped in the middle of an attempt leaves an open job; the next start finishes or rolls it back from the
/// journal. The attempt is held at its step by a <c>hang</c> failpoint, so the stop always lands exactly there, and
/// each test checks that recovery itself ran: the same job wrote past the point it was held at, then ended.
/// (Every strategy, step and kill -9 are the crash matrix's: tests/Keyturn.CrashMatrix.Tests.)
/// </summary>
public sealed class RecoveryTests
{
    private const string Path = "/api/v2/secret-rotations/azure-client-secret";

    [Fact]
    public async Task Start_AfterStopHeldBeforeVerify_ResumesTheJobAtVerifyAndActivates()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var published = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        await server.StopServerAsync();
        await server.StartServerAsync(Failpoints.Parse("verify:before:hang"));
        var rotate = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        var job = await WaitForOpenJobWithAsync(server, JournalSteps.Verify, JournalSteps.Intent);
        var heldAt = (await Store(server).GetJournalAsync(job.Id, CancellationToken.None)).Count;

        await server.RestartAsync();
        await Record.ExceptionAsync(() => rotate); // the held request ended with the server that held it
        await Wait.UntilAsync(async () => (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status != JobStatuses.Running);

        Assert.Equal(JobStatuses.Succeeded, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
        Assert.Equal([(JournalSteps.Verify, JournalSteps.Intent), (JournalSteps.Verify, JournalSteps.Result), (JournalSteps.Activate, JournalSteps.Result)],
            await StepsAfterAsync(server, job.Id, heldAt));
        var rotation = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(1, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(job.Id.ToString(), rotation["lastRotationJobId"]!.GetValue<string>());
        var current = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        Assert.NotEqual(published, current);
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, current));
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, published));
        Assert.Equal(2, Scenario.KeyturnMade(server, setup.App).Count);
    }

    [Fact]
    public async Task Start_AfterStopHeldAfterIssue_RevokesTheCredentialTheProviderMadeAndFails()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var published = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        await server.StopServerAsync();
        await server.StartServerAsync(Failpoints.Parse("issue:after:hang"));
        var rotate = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        var job = await WaitForOpenJobWithAsync(server, JournalSteps.Issue, JournalSteps.Intent);
        // Held after addPassword answered and before its result was journaled: a credential Keyturn never saw the secret of.
        var label = RotationEngine.Label(Guid.Parse(setup.RotationId), job.Id);
        await Wait.UntilAsync(() => Task.FromResult(Scenario.KeyturnMade(server, setup.App).Any(p => p.DisplayName == label)));
        var orphan = Scenario.KeyturnMade(server, setup.App).Single(p => p.DisplayName == label);
        var heldAt = (await Store(server).GetJournalAsync(job.Id, CancellationToken.None)).Count;

        await server.RestartAsync();
        await Record.ExceptionAsync(() => rotate);
        await Wait.UntilAsync(async () => (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status != JobStatuses.Running);

        Assert.Equal(JobStatuses.Failed, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
        Assert.Equal([(JournalSteps.Fail, JournalSteps.Result)], await StepsAfterAsync(server, job.Id, heldAt));
        Assert.DoesNotContain(server.Emulator.Control.ListPasswords(setup.App.ObjectId), p => p.KeyId == orphan.KeyId);
        var rotation = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal("failed", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(published, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, published));
        Assert.Single(Scenario.KeyturnMade(server, setup.App));
    }

    private static IKeyturnStore Store(TestServer server) => server.Host.Services.GetRequiredService<IKeyturnStore>();

    /// <summary>The (step, phase) of the entries the job gained after the first <paramref name="heldAt"/>: what recovery wrote.</summary>
    private static async Task<List<(string, string)>> StepsAfterAsync(TestServer server, Guid jobId, int heldAt) =>
        (await Store(server).GetJournalAsync(jobId, CancellationToken.None)).Skip(heldAt).Select(e => (e.Step, e.Phase)).ToList();

    private static async Task<RotationJob> WaitForOpenJobWithAsync(TestServer server, string step, string phase)
    {
        RotationJob? found = null;
        await Wait.UntilAsync(async () =>
        {
            foreach (var job in await Store(server).ListOpenJobsAsync(CancellationToken.None))
            {
                if ((await Store(server).GetJournalAsync(job.Id, CancellationToken.None)).Any(e => e.Step == step && e.Phase == phase))
                {
                    found = job;
                    return true;
                }
            }

            return false;
        });
        return found!;
    }
}
