using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>
/// Rotation attempts and provider calls against the Azure emulator, as the Keyturn meter counts them: one attempt one
/// count with its outcome, each Graph call timed under its operation, and a refusal counted by its status class.
/// </summary>
public sealed class RotationMetricsTests
{
    private const string Type = "azure-client-secret";

    [Fact]
    public async Task Rotate_Succeeds_CountsEachAttemptAndTimesEachProviderCall()
    {
        await using var server = await TestServer.StartAsync();
        using var recorder = MeterRecorder.Of(server);

        var setup = await Scenario.CreateRotationAsync(server);
        await Scenario.RotateAsync(server, setup.RotationId);

        Assert.Equal(2, recorder.Sum("keyturn.rotations", ("type", Type), ("outcome", "succeeded")));
        Assert.Empty(recorder.Of("keyturn.rotations", ("outcome", "failed")));
        Assert.Equal(2, recorder.Of("keyturn.rotation.duration", ("type", Type), ("outcome", "succeeded")).Count);
        Assert.All(recorder.Of("keyturn.rotation.duration"), m => Assert.True(m.Value >= 0));
        // Additive: each attempt issues one credential (addPassword) and verifies it at least once.
        Assert.Equal(2, recorder.Of("keyturn.provider.call.duration", ("type", Type), ("operation", "issue"), ("status", "ok")).Count);
        Assert.Equal(server.Emulator.Control.RequestCount("POST", $"{setup.App.ObjectId}/addPassword"),
            recorder.Of("keyturn.provider.call.duration", ("operation", "issue")).Count);
        Assert.NotEmpty(recorder.Of("keyturn.provider.call.duration", ("type", Type), ("operation", "verify"), ("status", "ok")));
        Assert.Empty(recorder.Of("keyturn.provider.call.errors"));
    }

    [Fact]
    public async Task Rotate_GraphRefuses_CountsAFailedAttemptAndARejectedIssue()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        using var recorder = MeterRecorder.Of(server);
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{setup.App.ObjectId}/addPassword", 403, Times: 10,
            ErrorCode: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."));

        var rotated = await Scenario.RotateAsync(server, setup.RotationId);

        Assert.Equal("failed", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, recorder.Sum("keyturn.rotations", ("type", Type), ("outcome", "failed")));
        Assert.Empty(recorder.Of("keyturn.rotations", ("outcome", "succeeded")));
        Assert.Equal(1, recorder.Sum("keyturn.provider.call.errors", ("type", Type), ("operation", "issue"), ("status", "rejected")));
        Assert.Single(recorder.Of("keyturn.provider.call.duration", ("operation", "issue"), ("status", "rejected")));
    }

    [Fact]
    public async Task Rotate_NothingDueOrAnotherType_IsNoAttempt()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        using var recorder = MeterRecorder.Of(server);

        // Asked as another type, the rotation is not found: nothing ran, nothing is counted.
        (await server.Api.PostAsync($"/api/v2/secret-rotations/script/{setup.RotationId}/rotate-secrets", null)).ShouldBe(HttpStatusCode.NotFound);

        Assert.Empty(recorder.Of("keyturn.rotations"));
        Assert.Empty(recorder.Of("keyturn.provider.call.duration"));
    }
}
