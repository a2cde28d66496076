using System.Net;
using System.Security.Cryptography;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// Runs one cell: set up (no failpoints), start the server with the cell's failpoint and let the attempt stop there,
/// restart without failpoints on the same data directory, wait for recovery, then check what must hold whatever the
/// step: the rotation settled as the table says, the journal closed with entries the resumed job wrote, the mapped
/// secrets accepted by the target, nothing Keyturn made or changed left without a record of it.
/// </summary>
public sealed class CellRunner(CrashCell cell, ICrashTarget target, IServerDriver setup, IServerDriver server, string dataDirectory)
{
    private readonly DataInspector _data = new(dataDirectory);
    private string _connectionId = "";

    private CrashRow Row => cell.Row;

    public static string NewRootToken() => "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public async Task RunAsync()
    {
        var (projectId, rotationId) = await SetUpAsync();
        try
        {
            if (Row.VerifyRefused)
            {
                await target.SetVerifyRefusedAsync(true);
            }

            var (id, crashed, entriesAtCrash) = await CrashAsync(projectId, rotationId);
            var api = await server.StartAsync(failpoints: null);
            await Poll.UntilAsync(() => _data.SettledAsync(id), Poll.RecoveryBound,
                async () => $"rotation {id} not settled (a job open or its lease held); job {crashed?.Id}: {await JournalTextAsync(crashed)}");
            if (Row.VerifyRefused)
            {
                // Before the checks: a propagation delay would also refuse the emulator's own authentication check.
                await target.SetVerifyRefusedAsync(false);
            }

            var rotation = await CheckOutcomeAsync(id, crashed, entriesAtCrash);
            await CheckMappedAsync(api, projectId, rotation);
            var slots = rotation is null ? [] : await _data.SlotsAsync(rotation.Id);
            await target.CheckHeldAsync(id, slots, await _data.HeldAsync(rotation, crashed?.Id));
        }
        finally
        {
            await server.StopAsync();
            if (Row.VerifyRefused)
            {
                await target.SetVerifyRefusedAsync(false);
            }
        }
    }

    /// <summary>Project and connection; for a run, also the rotation, created and rotated once so the crashed attempt meets an occupied slot.</summary>
    private async Task<(string ProjectId, Guid? RotationId)> SetUpAsync()
    {
        var api = await setup.StartAsync(failpoints: null);
        try
        {
            var projectId = (await api.OkAsync(HttpMethod.Post, "api/v1/projects", new { projectName = $"crash-{Guid.NewGuid():N}"[..20] }))["project"]!["id"]!.GetValue<string>();
            foreach (var (key, value) in target.Secrets)
            {
                await api.OkAsync(HttpMethod.Post, $"api/v3/secrets/raw/{key}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = value });
            }

            var connection = await api.OkAsync(HttpMethod.Post, $"api/v1/app-connections/{target.App}", target.ConnectionBody($"c{Guid.NewGuid():N}"[..20]));
            _connectionId = connection["appConnection"]!["id"]!.GetValue<string>();
            if (Row.Create)
            {
                return (projectId, null);
            }

            var created = (await api.OkAsync(HttpMethod.Post, RotationsPath, CreateBody(projectId)))["secretRotation"]!;
            Assert.Equal(RotationStatuses.Success, created["rotationStatus"]!.GetValue<string>());
            var id = created["id"]!.GetValue<string>();
            var rotated = (await api.OkAsync(HttpMethod.Post, $"{RotationsPath}/{id}/rotate-secrets"))["secretRotation"]!;
            Assert.Equal(RotationStatuses.Success, rotated["rotationStatus"]!.GetValue<string>());
            return (projectId, Guid.Parse(id));
        }
        finally
        {
            await setup.StopAsync();
        }
    }

    private string RotationsPath => $"api/v2/secret-rotations/{cell.Type}";

    private object CreateBody(string projectId) => new
    {
        name = "crash-cell",
        projectId,
        connectionId = _connectionId,
        environment = "dev",
        secretPath = "/",
        isAutoRotationEnabled = false,
        rotationInterval = 30,
        parameters = target.Parameters,
        secretsMapping = target.Mapping,
    };

    /// <summary>Runs the attempt into its failpoint; the job it left open (none when the activation had committed) and its journal length then.</summary>
    private async Task<(Guid RotationId, RotationJob? Crashed, int EntriesAtCrash)> CrashAsync(string projectId, Guid? rotationId)
    {
        var api = await server.StartAsync(Row.Failpoint(server.FailpointAction));
        // Null when the process died under the request: the crash failpoint fired.
        var status = Row.Create
            ? await api.SendIntoCrashAsync(HttpMethod.Post, RotationsPath, CreateBody(projectId))
            : await api.SendIntoCrashAsync(HttpMethod.Post, $"{RotationsPath}/{rotationId}/rotate-secrets");

        Assert.True(status is null or HttpStatusCode.InternalServerError, $"the failpoint {Row.Failpoint(server.FailpointAction)} did not stop the attempt (answer {status})");
        await server.CrashedAsync();

        var id = rotationId ?? await _data.OnlyRotationAsync(projectId);
        var open = await _data.OpenJobsAsync(id);
        if (Row is { Step: JournalSteps.Activate, When: "after" })
        {
            Assert.Empty(open);
            return (id, null, 0);
        }

        var crashed = Assert.Single(open);
        return (id, crashed, (await _data.JournalAsync(crashed.Id)).Count);
    }

    private async Task<SecretRotation?> CheckOutcomeAsync(Guid rotationId, RotationJob? crashed, int entriesAtCrash)
    {
        var rotation = await _data.RotationAsync(rotationId);
        var job = crashed is null ? null : await _data.JobAsync(crashed.Id);
        if (Row.Outcome == Outcome.Removed)
        {
            Assert.True(rotation is null, $"a create that failed must leave no rotation; it is {rotation?.RotationStatus}: {rotation?.LastRotationMessage}");
            Assert.Null(job);
            return null;
        }

        Assert.NotNull(rotation);
        var success = Row.Outcome == Outcome.Success;
        Assert.True(rotation.RotationStatus == (success ? RotationStatuses.Success : RotationStatuses.Failed),
            $"expected {Row.Outcome}, got {rotation.RotationStatus}: {rotation.LastRotationMessage}");
        Assert.True(success || !string.IsNullOrWhiteSpace(rotation.LastRotationMessage), "a failure must say why");
        if (crashed is not null)
        {
            // Recovery ran: the crashed job itself was resumed, wrote past the crash point, and ended.
            Assert.Equal(crashed.Id, rotation.LastRotationJobId);
            Assert.Equal(success ? JobStatuses.Succeeded : JobStatuses.Failed, job!.Status);
            var journal = await _data.JournalAsync(crashed.Id);
            Assert.True(journal.Count > entriesAtCrash, $"recovery wrote nothing to job {crashed.Id}");
            Assert.Equal((success ? JournalSteps.Activate : JournalSteps.Fail, JournalSteps.Result), (journal[^1].Step, journal[^1].Phase));
        }

        return rotation;
    }

    /// <summary>
    /// Consumers' secrets work at the target once a rotation ever activated. Not for an in-place rotation whose new value
    /// the target took but refused to verify: the target then holds only the new value, kept in the journal (checked there).
    /// </summary>
    private async Task CheckMappedAsync(Api api, string projectId, SecretRotation? rotation)
    {
        if (rotation?.LastRotatedAt is null || Row is { Strategy: CrashTable.InPlace, VerifyRefused: true })
        {
            return;
        }

        var values = new Dictionary<string, string>();
        foreach (var (output, key) in target.Mapping)
        {
            values[output] = await api.SecretValueAsync(projectId, key) ?? throw new Xunit.Sdk.XunitException($"mapped secret {key} is missing");
        }

        Assert.True(await target.AcceptsAsync(values), "the mapped secrets must authenticate against the target");
    }

    private async Task<string> JournalTextAsync(RotationJob? job) =>
        job is null ? "" : string.Join(", ", (await _data.JournalAsync(job.Id)).Select(e => $"{e.Sequence}:{e.Step}/{e.Phase}"));
}
