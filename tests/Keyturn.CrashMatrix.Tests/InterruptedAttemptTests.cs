using System.Net;
using Keyturn.Core.Rotation;
using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.TestProviders;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// An attempt that threw (a provider bug, a store fault mid-step) leaves its job open while the server goes on. The next
/// attempt on the same rotation must settle that job first: left to the next start's recovery, it would be resumed over
/// the newer attempt's outcome (activating an older credential and orphaning the newer one).
/// </summary>
public sealed class InterruptedAttemptTests
{
    private const string Rotations = $"api/v2/secret-rotations/{AdditiveTestProvider.TypeName}";

    [Fact]
    public async Task Rotate_AfterAnAttemptThrewAtVerify_FinishesThatAttemptAndARestartChangesNothing()
    {
        using var directory = new CellDirectory();
        var target = await FileTarget.CreateAsync(AdditiveTestProvider.TypeName, directory.Root);
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), trustedCa: null);
        var api = await server.StartAsync(failpoints: null);
        var projectId = (await api.OkAsync(HttpMethod.Post, "api/v1/projects", new { projectName = $"int-{Guid.NewGuid():N}"[..20] }))["project"]!["id"]!.GetValue<string>();
        var connectionId = (await api.OkAsync(HttpMethod.Post, "api/v1/app-connections/test", target.ConnectionBody($"c{Guid.NewGuid():N}"[..20])))["appConnection"]!["id"]!.GetValue<string>();
        var rotationId = Guid.Parse((await api.OkAsync(HttpMethod.Post, Rotations, new
        {
            name = "interrupted", projectId, connectionId, environment = "dev", secretPath = "/", isAutoRotationEnabled = false,
            parameters = target.Parameters, secretsMapping = target.Mapping,
        }))["secretRotation"]!["id"]!.GetValue<string>());
        await target.File.UpdateAsync(state => state.VerifyThrows = true, CancellationToken.None);
        Assert.Equal(HttpStatusCode.InternalServerError, (await api.SendAsync(HttpMethod.Post, $"{Rotations}/{rotationId}/rotate-secrets")).Status);
        var data = new DataInspector(directory.Data);
        var interrupted = Assert.Single(await data.OpenJobsAsync(rotationId));
        await target.File.UpdateAsync(state => state.VerifyThrows = false, CancellationToken.None);

        var rotated = (await api.OkAsync(HttpMethod.Post, $"{Rotations}/{rotationId}/rotate-secrets"))["secretRotation"]!;

        Assert.Equal(RotationStatuses.Success, rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(interrupted.Id.ToString(), rotated["lastRotationJobId"]!.GetValue<string>());
        Assert.Empty(await data.OpenJobsAsync(rotationId));
        await server.StopAsync();
        api = await server.StartAsync(failpoints: null);
        await Poll.UntilAsync(() => data.SettledAsync(rotationId), Poll.RecoveryBound, () => Task.FromResult("the rotation did not settle"));
        var rotation = (await data.RotationAsync(rotationId))!;
        Assert.Equal((RotationStatuses.Success, interrupted.Id), (rotation.RotationStatus, rotation.LastRotationJobId));
        await target.CheckHeldAsync(rotationId, await data.SlotsAsync(rotationId), new HeldCredentials([], []));
        var values = new Dictionary<string, string>();
        foreach (var (output, key) in target.Mapping)
        {
            values[output] = (await api.SecretValueAsync(projectId, key))!;
        }

        Assert.True(await target.AcceptsAsync(values), "the mapped secrets must authenticate against the target");
    }
}
