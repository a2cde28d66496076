using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// The engine commits a step's result with the next step's intent to save durable writes; recovery reads the journal,
/// so the entries themselves (steps, phases, order, numbering) must stay exactly what one write per entry produced.
/// </summary>
public sealed class JournalShapeTests
{
    [Fact]
    public async Task Rotate_SlotToRevokeAndEmptySlot_JournalsEveryStepInOrderAndReleasesTheLease()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var rotationId = Guid.Parse(setup.RotationId);

        var intoEmptySlot = Guid.Parse((await Scenario.RotateAsync(server, setup.RotationId))["lastRotationJobId"]!.GetValue<string>());
        var overOldCredential = Guid.Parse((await Scenario.RotateAsync(server, setup.RotationId))["lastRotationJobId"]!.GetValue<string>());

        Assert.Equal(
            [(1, "issue", "intent"), (2, "issue", "result"), (3, "verify", "intent"), (4, "verify", "result"), (5, "activate", "result")],
            await StepsAsync(server, intoEmptySlot));
        Assert.Equal(
            [(1, "revoke-inactive", "intent"), (2, "revoke-inactive", "result"), (3, "issue", "intent"), (4, "issue", "result"),
             (5, "verify", "intent"), (6, "verify", "result"), (7, "activate", "result")],
            await StepsAsync(server, overOldCredential));
        var issued = (await Store(server).GetJournalAsync(overOldCredential, CancellationToken.None)).Single(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Result });
        Assert.NotNull(issued.SealedSecret);
        Assert.Equal(2, (await Store(server).ListSlotsAsync(rotationId, CancellationToken.None)).Count);
        // No lease left: a claim succeeds even at a "now" before any lease could have expired.
        Assert.True(await Store(server).TryAcquireLeaseAsync(rotationId, "other-node", DateTimeOffset.UnixEpoch.AddMinutes(1), DateTimeOffset.UnixEpoch, CancellationToken.None));
        var audit = await Store(server).ListAuditAsync(Guid.Parse(setup.ProjectId), 100, CancellationToken.None);
        Assert.Equal(3, audit.Count(a => a.Action == "secret-rotation.rotated"));
        Assert.Equal(2, audit.Count(a => a.Action == "secret-rotation.rotate-requested"));
    }

    private static async Task<List<(int, string, string)>> StepsAsync(TestServer server, Guid jobId) =>
        (await Store(server).GetJournalAsync(jobId, CancellationToken.None)).Select(e => (e.Sequence, e.Step, e.Phase)).ToList();

    private static IKeyturnStore Store(TestServer server) => server.Host.Services.GetRequiredService<IKeyturnStore>();
}
