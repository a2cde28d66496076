using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Http;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// A stop in the middle of a provider call lets that call answer and records it, then ends the attempt at the journal
/// boundary: the request gets 503 with Retry-After, and the next start finishes the rotation from the journal. Only a
/// call still running when the shutdown timeout runs out is cut, and recovery then cleans up after it.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const string Path = "/api/v2/secret-rotations/azure-client-secret";

    [Fact]
    public async Task Stop_DuringIssue_RecordsTheIssuedCredential_Answers503_AndTheNextStartActivatesIt()
    {
        var clock = FakeClock.StartingNow();
        await using var server = await TestServer.StartAsync(emulatorTime: clock);
        using var held = await StartRotationHeldAtAddPasswordAsync(server);
        var (setup, published, addPassword, callsBefore, _, rotating) = held;

        var stopping = server.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var stop = Task.Run(() => server.StopServerAsync());
        await Wait.UntilAsync(() => stopping.IsCancellationRequested, "the stop");
        // Only now does addPassword answer: the call was under way when the stop came.
        await clock.AdvanceUntilAsync(() => rotating.IsCompleted, TimeSpan.FromMinutes(1), maxSteps: 50);
        using var answer = await rotating;
        await stop;

        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)answer.StatusCode} {text}");
        Assert.Equal(TimeSpan.FromSeconds(ShutdownGate.RetryAfterSeconds), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, JsonNode.Parse(text)!["status"]!.GetValue<int>());

        await server.StartServerAsync();
        var job = await WaitForEndedJobAsync(server, setup.RotationId);
        var steps = (await Store(server).GetJournalAsync(job.Id, CancellationToken.None)).Select(e => (e.Step, e.Phase)).ToList();
        // The issued credential was journaled before the stop took effect, and verify was not started until recovery.
        Assert.Equal(
            [(JournalSteps.Issue, JournalSteps.Intent),
                (JournalSteps.Issue, JournalSteps.Result), (JournalSteps.Verify, JournalSteps.Intent), (JournalSteps.Verify, JournalSteps.Intent),
                (JournalSteps.Verify, JournalSteps.Result), (JournalSteps.Activate, JournalSteps.Result)],
            steps);
        Assert.Equal(JobStatuses.Succeeded, job.Status);
        var current = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        Assert.NotEqual(published, current);
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, current));
        Assert.Equal(2, Scenario.KeyturnMade(server, setup.App).Count);
        Assert.Equal(callsBefore + 1, server.Emulator.Control.RequestCount("POST", addPassword));
    }

    [Fact]
    public async Task Stop_ProviderCallOutlastsTheShutdownTimeout_IsCutAndRecoveryRevokesWhatItMade()
    {
        var clock = FakeClock.StartingNow();
        await using var server = await TestServer.StartAsync(emulatorTime: clock, configure: o => o with { ShutdownTimeout = TimeSpan.FromSeconds(1) });
        using var held = await StartRotationHeldAtAddPasswordAsync(server);
        var (setup, published, _, _, _, rotating) = held;

        // The emulator's clock never moves: addPassword never answers, so only the timeout ends the stop.
        await server.StopServerAsync();
        await Record.ExceptionAsync(() => rotating);

        await server.StartServerAsync();
        var job = await WaitForEndedJobAsync(server, setup.RotationId);
        Assert.Equal(JobStatuses.Failed, job.Status);
        Assert.Equal(published, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.Single(Scenario.KeyturnMade(server, setup.App));
    }

    [Fact]
    public async Task Request_ArrivingWhileTheServerStops_Is503WithRetryAfter()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Api.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Host.RootToken);

        // The stop as SIGTERM starts it; the listener stays open here until the test disposes the server.
        server.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var api = await http.GetAsync("/api/v1/projects");
        using var health = await http.GetAsync("/healthz");

        foreach (var answer in new[] { api, health })
        {
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.RequestUri}: {(int)answer.StatusCode} {text}");
            Assert.Equal(TimeSpan.FromSeconds(ShutdownGate.RetryAfterSeconds), answer.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>
    /// A manual rotation sent and seen at the provider, whose addPassword the emulator holds until its (fake) clock has
    /// moved a minute: the stop can land while the call is at the provider, however slow the machine.
    /// </summary>
    private static async Task<HeldRotation> StartRotationHeldAtAddPasswordAsync(TestServer server)
    {
        var setup = await Scenario.CreateRotationAsync(server);
        var published = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        var addPassword = $"{setup.App.ObjectId}/addPassword";
        var callsBefore = server.Emulator.Control.RequestCount("POST", addPassword);
        server.Emulator.Control.InjectFault(new FaultRule("POST", addPassword, 0, Delay: TimeSpan.FromMinutes(1)));
        var http = new HttpClient { BaseAddress = server.Api.Address };
        var rotating = http.SendAsync(Rotate(server, setup.RotationId));
        await Wait.UntilAsync(() => server.Emulator.Control.RequestCount("POST", addPassword) == callsBefore + 1, "the attempt's addPassword");
        return new HeldRotation(setup, published, addPassword, callsBefore, http, rotating);
    }

    private sealed record HeldRotation(
        RotationSetup Setup, string Published, string AddPassword, int CallsBefore, HttpClient Http, Task<HttpResponseMessage> Rotating) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }

    private static HttpRequestMessage Rotate(TestServer server, string rotationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Path}/{rotationId}/rotate-secrets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Host.RootToken);
        return request;
    }

    private static IKeyturnStore Store(TestServer server) => server.Host.Services.GetRequiredService<IKeyturnStore>();

    /// <summary>The rotation's last job once recovery at start has ended it.</summary>
    private static async Task<RotationJob> WaitForEndedJobAsync(TestServer server, string rotationId)
    {
        RotationJob? ended = null;
        await Wait.UntilAsync(async () =>
        {
            var rotation = (await server.Api.GetAsync($"{Path}/{rotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
            if (rotation["lastRotationJobId"]?.GetValue<string>() is not { } jobId || (await Store(server).ListOpenJobsAsync(CancellationToken.None)).Count != 0)
            {
                return false;
            }

            ended = await Store(server).GetJobAsync(Guid.Parse(jobId), CancellationToken.None);
            return ended is { Status: not JobStatuses.Running };
        });
        return ended!;
    }
}
