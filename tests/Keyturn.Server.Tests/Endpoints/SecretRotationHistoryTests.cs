using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// GET …/history: a rotation's attempts newest first, a page at a time, each with what it changed at the target as
/// the emulator saw it, and never a secret. One server for the class: its verify window is short and the emulator's
/// clock never moves, so an attempt whose secret "does not propagate" fails in about a second.
/// </summary>
public sealed class SecretRotationHistoryTests(SecretRotationHistoryTests.ShortVerifyServer fixture) : IClassFixture<SecretRotationHistoryTests.ShortVerifyServer>
{
    private static readonly string[] ChangeFields = ["kind", "step", "credentialId", "slot", "label", "outcome"];

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task History_CreateRotationsAndARolledBackFailure_PagesNewestFirstWithTheChangesAtTheTarget()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var secrets = new List<string> { await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET") };
        for (var i = 0; i < 3; i++)
        {
            await Scenario.RotateAsync(Server, setup.RotationId);
            secrets.Add(await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        }

        // The fourth rotation's secret never propagates: verify gives up and the issued credential is revoked again.
        var keysBeforeFailure = Scenario.KeyturnMade(Server, setup.App).Select(p => p.KeyId.ToString()).ToHashSet();
        Server.Emulator.Control.PropagationDelay = TimeSpan.FromMinutes(10);
        try
        {
            Assert.Equal("failed", (await Scenario.RotateAsync(Server, setup.RotationId))["rotationStatus"]!.GetValue<string>());
        }
        finally
        {
            Server.Emulator.Control.PropagationDelay = TimeSpan.Zero;
        }

        await Scenario.RotateAsync(Server, setup.RotationId);
        secrets.Add(await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        var slots = (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;

        var first = (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/history?limit=4")).ShouldBe(HttpStatusCode.OK);
        var cursor = first.Body["nextCursor"]!.GetValue<string>();
        var second = (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/history?limit=4&cursor={Uri.EscapeDataString(cursor)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Null(second.Body["nextCursor"]);
        var items = first.Body["history"]!.AsArray().Concat(second.Body["history"]!.AsArray()).Select(i => i!).ToList();
        Assert.Equal(4, first.Body["history"]!.AsArray().Count);
        Assert.Equal(["manual", "manual", "manual", "manual", "manual", "create"], items.Select(i => Text(i, "trigger")));
        Assert.Equal(["succeeded", "failed", "succeeded", "succeeded", "succeeded", "succeeded"], items.Select(i => Text(i, "status")));
        Assert.Equal(items.Select(i => i["startedAt"]!.GetValue<DateTimeOffset>()).OrderDescending(), items.Select(i => i["startedAt"]!.GetValue<DateTimeOffset>()));
        Assert.Equal(6, items.Select(i => Text(i, "jobId")).Distinct().Count());
        Assert.All(items, i => Assert.NotNull(i["endedAt"]));

        // The failed attempt: the inactive slot's credential revoked, a new one issued, not verified, and rolled back.
        var failed = items[1];
        Assert.Contains("not accepted within 1 s", Text(failed, "message"));
        var changes = failed["changes"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal(["revoked", "issued", "rolled-back"], changes.Select(c => Text(c, "kind")));
        Assert.Equal(["revoke-inactive", "issue", "rollback"], changes.Select(c => Text(c, "step")));
        Assert.All(changes, c => Assert.Equal("done", Text(c, "outcome")));
        Assert.Contains(Text(changes[0], "credentialId"), keysBeforeFailure);
        Assert.Equal(Text(changes[1], "credentialId"), Text(changes[2], "credentialId"));
        Assert.DoesNotContain(Text(changes[1], "credentialId"), Scenario.KeyturnMade(Server, setup.App).Select(p => p.KeyId.ToString()));
        Assert.Contains(failed["jobId"]!.GetValue<string>(), Text(changes[1], "label"));

        // The failed attempt left slot 0 empty, so the newest one only issued (what slot 0 holds now); the one before
        // the failure revoked slot 1's credential and issued the one active since.
        var newest = Assert.Single(items[0]["changes"]!.AsArray())!;
        Assert.Equal(("issued", 0), (Text(newest, "kind"), newest["slot"]!.GetValue<int>()));
        Assert.Equal(Text(slots["generatedCredentials"]![0]!, "keyId"), Text(newest, "credentialId"));
        var beforeFailure = items[2]["changes"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal(["revoked", "issued"], beforeFailure.Select(c => Text(c, "kind")));
        Assert.Equal((1, 1), (beforeFailure[0]["slot"]!.GetValue<int>(), beforeFailure[1]["slot"]!.GetValue<int>()));
        Assert.Equal(Text(slots["generatedCredentials"]![1]!, "keyId"), Text(beforeFailure[1], "credentialId"));
        var created = Assert.Single(items[5]["changes"]!.AsArray())!;
        Assert.Equal(("issued", 0, "done"), (Text(created, "kind"), created["slot"]!.GetValue<int>(), Text(created, "outcome")));

        // Ids, slots and labels only: no secret value, and no field beyond the allow-listed ones.
        Assert.All(items.SelectMany(i => i["changes"]!.AsArray()), c => Assert.All(c!.AsObject(), field => Assert.Contains(field.Key, ChangeFields)));
        foreach (var secret in secrets.Append(slots["generatedCredentials"]![1]!["clientSecret"]!.GetValue<string>()))
        {
            Assert.DoesNotContain(secret, first.Text + second.Text);
        }
    }

    [Fact]
    public async Task History_StorageAccountKey_AdoptedOnCreateThenRegeneratedNamingTheKeys()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await StorageScenario.CreateConnectionAsync(Server);
        var id = (await Server.Api.PostAsync(StorageScenario.RotationsPath,
            StorageScenario.RotationBody(projectId, connectionId, Server.Emulator.StorageAccount, ["key1", "key2"]))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        (await Server.Api.PostAsync($"{StorageScenario.RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);

        var history = (await Server.Api.GetAsync($"{StorageScenario.RotationsPath}/{id}/history")).ShouldBe(HttpStatusCode.OK);

        var items = history.Body["history"]!.AsArray().Select(i => i!).ToList();
        var regenerated = Assert.Single(items[0]["changes"]!.AsArray())!;
        var adopted = Assert.Single(items[1]["changes"]!.AsArray())!;
        Assert.Equal(("regenerated", "key2", 1, "done"), (Text(regenerated, "kind"), Text(regenerated, "credentialId"), regenerated["slot"]!.GetValue<int>(), Text(regenerated, "outcome")));
        Assert.Equal(("adopted", "key1", 0, "done"), (Text(adopted, "kind"), Text(adopted, "credentialId"), adopted["slot"]!.GetValue<int>(), Text(adopted, "outcome")));
        Assert.All(StorageScenario.Keys(Server).Values, key => Assert.DoesNotContain(key, history.Text));
    }

    [Fact]
    public async Task History_DefaultLimit_TwentyAndNoCursorWhenAllFit()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var history = (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/history")).ShouldBe(HttpStatusCode.OK).Body;

        Assert.Single(history["history"]!.AsArray());
        Assert.Null(history["nextCursor"]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=ajE6MTIzOnh5eg", "cursor")]
    public async Task History_BadPaging_400NamingTheField(string query, string field)
    {
        // Paging is checked before the rotation is looked up, so any id will do.
        var response = (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{Guid.NewGuid()}/history?{query}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor(field));
    }

    [Fact]
    public async Task History_UnknownRotationOrWrongType_404()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        (await Server.Api.GetAsync($"{Scenario.RotationsPath}/{Guid.NewGuid()}/history")).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"{Scenario.RotationsPath}/not-a-guid/history")).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"/api/v2/secret-rotations/azure-storage-account-key/{setup.RotationId}/history")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CredentialRotations_PagedWithChanges_KeepsItsFieldNames()
    {
        var connection = await SelfRotatingConnection.CreateAsync(Server, nameHumanSecret: true);
        for (var i = 0; i < 3; i++)
        {
            await connection.RotateAsync();
        }

        var path = $"{SelfRotatingConnection.Path}/{connection.Id}/credential-rotations";
        var first = (await Server.Api.GetAsync($"{path}?limit=2")).ShouldBe(HttpStatusCode.OK);
        var second = (await Server.Api.GetAsync($"{path}?limit=2&cursor={Uri.EscapeDataString(first.Body["nextCursor"]!.GetValue<string>())}")).ShouldBe(HttpStatusCode.OK);

        Assert.Null(second.Body["nextCursor"]);
        var items = first.Body["credentialRotations"]!.AsArray().Concat(second.Body["credentialRotations"]!.AsArray()).Select(i => i!).ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal((connection.Id, "manual", "succeeded", Text(i, "id")), (Text(i, "connectionId"), Text(i, "trigger"), Text(i, "status"), Text(i, "jobId"))));
        // Each self-rotation revokes the credential before the previous one (the first: the human's, named at create) and issues one.
        var oldest = items[2]["changes"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal(["revoked", "issued"], items[0]["changes"]!.AsArray().Select(c => Text(c!, "kind")));
        Assert.Equal(["issued"], oldest.Select(c => Text(c, "kind")));
        Assert.Equal(Text(items[0]["changes"]![0]!, "credentialId"), Text(items[2]["changes"]![0]!, "credentialId"));
        Assert.Contains(Text(items[0]["changes"]![1]!, "credentialId"), connection.ConnectionMade().Select(p => p.KeyId.ToString()));
        Assert.DoesNotContain(await connection.CurrentSecretAsync(), first.Text + second.Text);
        (await Server.Api.GetAsync($"{path}?limit=500")).ShouldBe(HttpStatusCode.BadRequest);
        (await Server.Api.GetAsync($"/api/v1/app-connections/postgres/{connection.Id}/credential-rotations")).ShouldBe(HttpStatusCode.NotFound);
    }

    private static string Text(JsonNode node, string field) => node[field]!.GetValue<string>();

    /// <summary>The class's server. Tests change the emulator's propagation delay only within themselves and put it back.</summary>
    public sealed class ShortVerifyServer : IAsyncLifetime
    {
        private TestServer? _server;

        public TestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync() =>
            _server = await TestServer.StartAsync(verifyTimeout: TimeSpan.FromSeconds(1), emulatorTime: FakeClock.StartingNow());

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
