using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>/api/v2/secret-rotations: the response shape, reads, schedule updates, generated credentials and delete.</summary>
public sealed class SecretRotationEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_SampleBody_HasEveryField()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var r = setup.Rotation;

        Assert.Equal(
            ["activeIndex", "connection", "connectionId", "createdAt", "description", "environment", "failedAttempts", "folder", "folderId", "id", "isAutoRotationEnabled", "isDeleteProtected",
                "lastRotatedAt", "lastRotationAttemptedAt", "lastRotationJobId", "lastRotationMessage", "name", "nextRotationAt", "parameters", "projectId",
                "rotateAtUtc", "rotationInterval", "rotationSchedule", "rotationStatus", "scheduleKind", "secretsMapping", "type", "updatedAt"],
            r.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(setup.RotationId, r["id"]!.GetValue<string>());
        Assert.Equal("my-azure-rotation", r["name"]!.GetValue<string>());
        Assert.Equal("my client secret rotation", r["description"]!.GetValue<string>());
        Assert.Equal("AZURE_CLIENT_ID", r["secretsMapping"]!["clientId"]!.GetValue<string>());
        Assert.Equal("AZURE_CLIENT_SECRET", r["secretsMapping"]!["clientSecret"]!.GetValue<string>());
        Assert.True(r["isAutoRotationEnabled"]!.GetValue<bool>());
        Assert.Equal(0, r["activeIndex"]!.GetValue<int>());
        Assert.Equal(r["folder"]!["id"]!.GetValue<string>(), r["folderId"]!.GetValue<string>());
        Assert.Equal("/", r["folder"]!["path"]!.GetValue<string>());
        Assert.Equal(setup.ConnectionId, r["connectionId"]!.GetValue<string>());
        Assert.Equal(setup.ConnectionId, r["connection"]!["id"]!.GetValue<string>());
        Assert.Equal("azure", r["connection"]!["app"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(r["connection"]!["name"]!.GetValue<string>()));
        Assert.Equal("dev", r["environment"]!["slug"]!.GetValue<string>());
        Assert.Equal("Development", r["environment"]!["name"]!.GetValue<string>());
        Assert.True(Guid.TryParse(r["environment"]!["id"]!.GetValue<string>(), out _));
        Assert.Equal(setup.ProjectId, r["projectId"]!.GetValue<string>());
        Assert.Equal(30, r["rotationInterval"]!.GetValue<int>());
        Assert.Equal("success", r["rotationStatus"]!.GetValue<string>());
        Assert.NotNull(r["lastRotationAttemptedAt"]);
        Assert.NotNull(r["lastRotatedAt"]);
        Assert.True(Guid.TryParse(r["lastRotationJobId"]!.GetValue<string>(), out _));
        Assert.NotNull(r["nextRotationAt"]);
        Assert.Null(r["lastRotationMessage"]);
        Assert.Equal(0, r["rotateAtUtc"]!["hours"]!.GetValue<int>());
        Assert.Equal(0, r["rotateAtUtc"]!["minutes"]!.GetValue<int>());
        Assert.Equal("interval", r["scheduleKind"]!.GetValue<string>());
        Assert.Null(r["rotationSchedule"]);
        Assert.Equal(0, r["failedAttempts"]!.GetValue<int>());
        Assert.Equal("azure-client-secret", r["type"]!.GetValue<string>());
        Assert.Equal(setup.App.ObjectId, r["parameters"]!["objectId"]!.GetValue<string>());
        Assert.Equal(setup.App.ClientId, r["parameters"]!["clientId"]!.GetValue<string>());
        Assert.Equal(setup.App.DisplayName, r["parameters"]!["appName"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_ByProject_ContainsOnlyThatProjectsRotations()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var other = await Scenario.CreateRotationAsync(Server);

        var list = (await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray();

        var listed = Assert.Single(list)!;
        Assert.Equal(setup.RotationId, listed["id"]!.GetValue<string>());
        Assert.NotEqual(other.RotationId, listed["id"]!.GetValue<string>());
        Assert.Equal("dev", listed["environment"]!["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_MissingProjectId_Is400NamingProjectId()
    {
        var response = (await Server.Api.GetAsync("/api/v2/secret-rotations")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("projectId"));
    }

    [Fact]
    public async Task Get_Created_ReturnsSameRotation()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var r = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(setup.RotationId, r["id"]!.GetValue<string>());
        Assert.Equal(setup.Rotation["lastRotationJobId"]!.GetValue<string>(), r["lastRotationJobId"]!.GetValue<string>());
        Assert.Equal(setup.Rotation["nextRotationAt"]!.GetValue<DateTimeOffset>(), r["nextRotationAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Get_Unknown_Is404()
    {
        (await Server.Api.GetAsync($"{Path}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"{Path}/not-a-guid")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_WrongTypeInPath_Is404()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        (await Server.Api.GetAsync($"/api/v2/secret-rotations/aws-iam-user-secret/{setup.RotationId}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_IntervalAndRotateAt_RecomputesNextRotationAt()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var r = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotationInterval = 7, rotateAtUtc = new { hours = 13, minutes = 45 } }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(7, r["rotationInterval"]!.GetValue<int>());
        Assert.Equal(13, r["rotateAtUtc"]!["hours"]!.GetValue<int>());
        Assert.Equal(45, r["rotateAtUtc"]!["minutes"]!.GetValue<int>());
        // Infisical's rule: the day of the last (manual) success at rotateAtUtc, a day later if that time had passed, plus the interval.
        var rotatedAt = r["lastRotatedAt"]!.GetValue<DateTimeOffset>().ToUniversalTime();
        var anchor = new DateTimeOffset(rotatedAt.Year, rotatedAt.Month, rotatedAt.Day, 13, 45, 0, TimeSpan.Zero);
        var expected = (rotatedAt >= anchor ? anchor.AddDays(1) : anchor).AddDays(7);
        Assert.Equal(expected, r["nextRotationAt"]!.GetValue<DateTimeOffset>());
        Assert.NotEqual(setup.Rotation["nextRotationAt"]!.GetValue<DateTimeOffset>(), r["nextRotationAt"]!.GetValue<DateTimeOffset>());
        var read = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(expected, read["nextRotationAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Update_AutoRotationOff_ClearsNextRotationAt()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var r = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { isAutoRotationEnabled = false })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.False(r["isAutoRotationEnabled"]!.GetValue<bool>());
        Assert.Null(r["nextRotationAt"]);
        var read = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Null(read["nextRotationAt"]);
    }

    [Fact]
    public async Task Update_FixedParameters_Is400NamingEachParameter()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var response = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { parameters = new { objectId = Guid.NewGuid(), clientId = Guid.NewGuid() } }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["cannot be changed after creation; create a new rotation instead"], response.ErrorsFor("parameters.objectId"));
        Assert.Equal(["cannot be changed after creation; create a new rotation instead"], response.ErrorsFor("parameters.clientId"));
        var read = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(setup.App.ObjectId, read["parameters"]!["objectId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_IntervalZero_Is400AndChangesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var before = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        var response = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotationInterval = 0, description = "changed" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("rotationInterval"));
        var after = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(30, after["rotationInterval"]!.GetValue<int>());
        Assert.Equal("my client secret rotation", after["description"]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task GeneratedCredentials_AfterCreate_FillsSlotZeroOnly()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var body = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;

        var slots = body["generatedCredentials"]!.AsArray();
        Assert.Equal(2, slots.Count);
        Assert.Null(slots[1]);
        var slot0 = slots[0]!;
        Assert.Equal(["clientId", "clientSecret", "keyId"], slot0.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(setup.App.ClientId, slot0["clientId"]!.GetValue<string>());
        Assert.Equal(await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"), slot0["clientSecret"]!.GetValue<string>());
        var made = Assert.Single(Scenario.KeyturnMade(Server, setup.App));
        Assert.Equal(made.KeyId.ToString(), slot0["keyId"]!.GetValue<string>());
        Assert.Equal(0, body["activeIndex"]!.GetValue<int>());
        Assert.Equal(setup.RotationId, body["rotationId"]!.GetValue<string>());
        Assert.Equal("azure-client-secret", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task GeneratedCredentials_AfterOneRotation_FillsBothSlots()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var first = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        await Scenario.RotateAsync(Server, setup.RotationId);

        var body = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;

        var slots = body["generatedCredentials"]!.AsArray();
        Assert.Equal(1, body["activeIndex"]!.GetValue<int>());
        Assert.Equal(first, slots[0]!["clientSecret"]!.GetValue<string>());
        Assert.Equal(await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"), slots[1]!["clientSecret"]!.GetValue<string>());
        Assert.Equal(await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_ID"), slots[1]!["clientId"]!.GetValue<string>());
        Assert.Equal(
            Scenario.KeyturnMade(Server, setup.App).Select(p => p.KeyId.ToString()).Order(),
            slots.Select(s => s!["keyId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task GeneratedCredentials_Unknown_Is404()
    {
        (await Server.Api.GetAsync($"{Path}/{Guid.NewGuid()}/generated-credentials")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_DeleteSecretsAndRevoke_RemovesSecretsAndKeyturnCredentialsOnly()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        await Scenario.RotateAsync(Server, setup.RotationId);
        Assert.Equal(2, Scenario.KeyturnMade(Server, setup.App).Count);

        (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?deleteSecrets=true&revokeGeneratedCredentials=true")).ShouldBe(HttpStatusCode.OK);

        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(Scenario.KeyturnMade(Server, setup.App));
        var remaining = Assert.Single(Server.Emulator.Control.ListPasswords(setup.App.ObjectId));
        Assert.Equal("initial", remaining.DisplayName);
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, setup.App.InitialSecret!));
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_KeepSecrets_LeavesWritableSecretsAndCredentials()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var value = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?deleteSecrets=false")).ShouldBe(HttpStatusCode.OK);

        var kept = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(value, kept["secretValue"]!.GetValue<string>());
        Assert.False(kept["isRotatedSecret"]!.GetValue<bool>());
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, value), "without revokeGeneratedCredentials the credential stays valid");
        var patched = (await Server.Api.PatchAsync("/api/v3/secrets/raw/AZURE_CLIENT_SECRET", new { workspaceId = setup.ProjectId, environment = "dev", secretPath = "/", secretValue = "now-mine" }))
            .ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal("now-mine", patched["secretValue"]!.GetValue<string>());
        (await Server.Api.DeleteAsync($"/api/v3/secrets/raw/AZURE_CLIENT_ID?{Scenario.Where(setup.ProjectId)}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_DeleteSecretsNotABool_Is400AndKeepsRotation()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var response = (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?deleteSecrets=maybe")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("deleteSecrets"));
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RotateSecrets_Unknown_Is404()
    {
        (await Server.Api.PostAsync($"{Path}/{Guid.NewGuid()}/rotate-secrets", null)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_OnlyRotateAtHours_KeepsMinutes()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotateAtUtc = new { hours = 4, minutes = 30 } })).ShouldBe(HttpStatusCode.OK);

        var r = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotateAtUtc = new { hours = 6 } })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(6, r["rotateAtUtc"]!["hours"]!.GetValue<int>());
        Assert.Equal(30, r["rotateAtUtc"]!["minutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_WhileRotating_IsBusyAndLosesNothing()
    {
        // addPassword waits on the emulator's clock, so the attempt holds the rotation until the test moves that clock:
        // the PATCH lands mid-attempt however slow the machine is.
        var clock = FakeClock.StartingNow();
        await using var server = await TestServer.StartAsync(emulatorTime: clock);
        var setup = await Scenario.CreateRotationAsync(server);
        var addPassword = $"{setup.App.ObjectId}/addPassword";
        var callsBefore = server.Emulator.Control.RequestCount("POST", addPassword);
        server.Emulator.Control.InjectFault(new FaultRule("POST", addPassword, 0, Delay: TimeSpan.FromMinutes(1)));
        var rotating = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        await Wait.UntilAsync(() => server.Emulator.Control.RequestCount("POST", addPassword) == callsBefore + 1, "the attempt's addPassword");

        var patch = await server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotationInterval = 9 });

        patch.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("Rotation in progress", patch.Body["title"]!.GetValue<string>());
        await clock.AdvanceUntilAsync(() => Scenario.KeyturnMade(server, setup.App).Count == 2, TimeSpan.FromMinutes(1), maxSteps: 50);
        var rotated = (await rotating).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        var stored = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(1, stored["activeIndex"]!.GetValue<int>());
        Assert.Equal(30, stored["rotationInterval"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_ResponseTimes_EqualWhatALaterReadReturns()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var read = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(setup.Rotation["updatedAt"]!.GetValue<string>(), read["updatedAt"]!.GetValue<string>());
        Assert.Equal(setup.Rotation["lastRotatedAt"]!.GetValue<string>(), read["lastRotatedAt"]!.GetValue<string>());
    }
}
