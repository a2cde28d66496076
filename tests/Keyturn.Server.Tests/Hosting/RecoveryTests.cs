using System.Net;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// A server stopped in the middle of an attempt leaves an open job; the next start finishes or rolls it back from
/// the journal. (Killing real processes at every step is the crash-test issue's work; here the stop is the host's own.)
/// </summary>
public sealed class RecoveryTests
{
    private const string Path = "/api/v2/secret-rotations/azure-client-secret";

    [Fact]
    public async Task Start_AfterStopBetweenIssueAndActivate_ContinuesAtVerifyAndActivates()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var published = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        server.Emulator.Control.PropagationDelay = TimeSpan.FromSeconds(3);
        _ = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        var job = await WaitForOpenJobWithAsync(server, JournalSteps.Issue, JournalSteps.Result);

        await server.RestartAsync();
        await WaitUntilAsync(async () => (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status != JobStatuses.Running);

        Assert.Equal(JobStatuses.Succeeded, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
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
    public async Task Start_AfterStopDuringIssue_RevokesTheLabelledOrphanAndFails()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var published = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{setup.App.ObjectId}/addPassword", 503, RetryAfterSeconds: 30, Times: 1));
        _ = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        var job = await WaitForOpenJobWithAsync(server, JournalSteps.Issue, JournalSteps.Intent);
        await server.StopServerAsync();
        // What a crash can leave: the provider created the credential, Keyturn never saw its secret.
        var orphan = server.Emulator.Control.AddPassword(setup.App.ObjectId, RotationEngine.Label(Guid.Parse(setup.RotationId), job.Id));

        await server.StartServerAsync();
        await WaitUntilAsync(async () => (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status != JobStatuses.Running);

        Assert.Equal(JobStatuses.Failed, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
        Assert.False(server.Emulator.Control.Authenticates(setup.App.ClientId, orphan));
        var rotation = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal("failed", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(published, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, published));
        Assert.Single(Scenario.KeyturnMade(server, setup.App));
    }

    private static IKeyturnStore Store(TestServer server) => server.Host.Services.GetRequiredService<IKeyturnStore>();

    private static async Task<RotationJob> WaitForOpenJobWithAsync(TestServer server, string step, string phase)
    {
        RotationJob? found = null;
        await WaitUntilAsync(async () =>
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

    // A bounded poll for state another task produces: a hang guard, not a timing assertion.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the condition did not become true within 30 s");
    }
}
