using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// azure-entra-user-password through the API against the emulator over HTTPS: create, rotate twice, delete, with and
/// without a verifying public client; refusals (privileged user, weak policy, bad parameters) keep nothing.
/// </summary>
public sealed class EntraUserPasswordRotationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = EntraUserScenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateRotateTwiceDelete_MappedPasswordSignsInAndThePreviousDoesNot(bool verify)
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = NewUser();
        var parameters = verify
            ? (object)new { userId = user.ObjectId, verifyClientId = Server.Emulator.PublicClientApp.ClientId }
            : new { userId = user.UserPrincipalName };

        var rotation = (await Server.Api.PostAsync(Path, EntraUserScenario.RotationBody(projectId, connectionId, parameters))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = rotation["id"]!.GetValue<string>();
        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(user.UserPrincipalName, await Scenario.SecretValueAsync(Server, projectId, "AD_USER"));
        var previous = user.InitialPassword!;
        var current = await AssertMappedPasswordWorksAsync(projectId, user, previous);

        for (var i = 0; i < 2; i++)
        {
            var rotated = (await Server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
            Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
            Assert.Equal(0, rotated["activeIndex"]!.GetValue<int>());
            (previous, current) = (current, await AssertMappedPasswordWorksAsync(projectId, user, current));
        }

        var deleted = await Server.Api.DeleteAsync($"{Path}/{id}?deleteSecrets=true");

        deleted.ShouldBe(HttpStatusCode.OK);
        (await Scenario.GetSecretAsync(Server, projectId, "AD_PASSWORD")).ShouldBe(HttpStatusCode.NotFound);
        // Deleting a rotation changes nothing at Entra: the last password stays the user's password.
        Assert.Equal(HttpStatusCode.OK, await EntraUserScenario.SignInAsync(Server.Emulator, user.UserPrincipalName, current));
    }

    [Fact]
    public async Task Create_PasswordPropagating_VerifyWaitsUntilSignInWorks()
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = NewUser();
        Server.Emulator.Control.PasswordPropagationDelay = TimeSpan.FromSeconds(1);
        try
        {
            var body = EntraUserScenario.RotationBody(projectId, connectionId, new { userId = user.ObjectId, verifyClientId = Server.Emulator.PublicClientApp.ClientId });
            var tokenRequestsBefore = Server.Emulator.Control.RequestCount("POST", "/oauth2/v2.0/token");

            var rotation = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

            Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
            // One token for the connection's Graph calls, then sign-ins: refused while the reset replicates, then accepted.
            Assert.True(Server.Emulator.Control.RequestCount("POST", "/oauth2/v2.0/token") - tokenRequestsBefore >= 3);
            await AssertMappedPasswordWorksAsync(projectId, user, user.InitialPassword!);
        }
        finally
        {
            Server.Emulator.Control.PasswordPropagationDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Create_PrivilegedUser_FailsWithGraphsMessageAndKeepsNothing()
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = Server.Emulator.Control.CreateUser($"p{Guid.NewGuid():N}"[..12], privileged: true);

        var response = await Server.Api.PostAsync(Path, EntraUserScenario.RotationBody(projectId, connectionId, new { userId = user.ObjectId }));

        response.ShouldBe(HttpStatusCode.BadGateway);
        Assert.Contains("Authorization_RequestDenied: Insufficient privileges to complete the operation.", response.Body["detail"]!.GetValue<string>());
        Assert.Contains("the previous credential is unchanged", response.Body["detail"]!.GetValue<string>());
        await AssertNothingKeptAsync(projectId, user);
    }

    [Fact]
    public async Task Create_UnknownUser_FailsNamingUserIdAndKeepsNothing()
    {
        var (projectId, connectionId) = await ArrangeAsync();

        var response = await Server.Api.PostAsync(Path, EntraUserScenario.RotationBody(projectId, connectionId, new { userId = "ghost@keyturn.onmicrosoft.com" }));

        response.ShouldBe(HttpStatusCode.BadGateway);
        Assert.Contains("parameters.userId", response.Body["detail"]!.GetValue<string>());
        Assert.Empty((await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task Create_PolicyTooWeakForEntra_Is400NamingPasswordPolicyAndChangesNothing()
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = NewUser();
        var parameters = new { userId = user.ObjectId, passwordPolicy = new { length = 16, uppercase = false, digits = false } };

        var response = (await Server.Api.PostAsync(Path, EntraUserScenario.RotationBody(projectId, connectionId, parameters))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("complexity", string.Join(" ", response.ErrorsFor("parameters.passwordPolicy")));
        await AssertNothingKeptAsync(projectId, user);
    }

    [Theory]
    [InlineData("userId not a user", "parameters.userId")]
    [InlineData("userId missing", "parameters.userId")]
    [InlineData("verifyClientId not a GUID", "parameters.verifyClientId")]
    [InlineData("unknown parameter", "parameters.objectId")]
    [InlineData("policy length 8", "parameters.passwordPolicy.length")]
    [InlineData("unknown output", "secretsMapping.clientSecret")]
    public async Task Create_BadParameters_Is400NamingFieldAndChangesNothing(string breakage, string field)
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = NewUser();
        var body = EntraUserScenario.RotationBody(projectId, connectionId, new { userId = user.ObjectId });
        switch (breakage)
        {
            case "userId not a user": body["parameters"] = new { userId = "alex" }; break;
            case "userId missing": body["parameters"] = new { verifyClientId = Server.Emulator.PublicClientApp.ClientId }; break;
            case "verifyClientId not a GUID": body["parameters"] = new { userId = user.ObjectId, verifyClientId = "public-app" }; break;
            case "unknown parameter": body["parameters"] = new { userId = user.ObjectId, objectId = user.ObjectId }; break;
            case "policy length 8": body["parameters"] = new { userId = user.ObjectId, passwordPolicy = new { length = 8 } }; break;
            case "unknown output": body["secretsMapping"] = new { username = "AD_USER", password = "AD_PASSWORD", clientSecret = "X" }; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage));
        }

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor(field));
        await AssertNothingKeptAsync(projectId, user);
    }

    [Fact]
    public async Task Patch_VerifyClientIdAndPolicy_ApplyFromTheNextRotationAndAWeakPolicyIsRefused()
    {
        var (projectId, connectionId) = await ArrangeAsync();
        var user = NewUser();
        var id = (await Server.Api.PostAsync(Path, EntraUserScenario.RotationBody(projectId, connectionId, new { userId = user.UserPrincipalName })))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();

        var refused = (await Server.Api.PatchAsync($"{Path}/{id}", new { parameters = new { passwordPolicy = new { digits = false, symbols = false } } }))
            .ShouldBe(HttpStatusCode.BadRequest);
        (await Server.Api.PatchAsync($"{Path}/{id}", new { parameters = new { verifyClientId = Server.Emulator.PublicClientApp.ClientId, passwordPolicy = new { length = 40 } } }))
            .ShouldBe(HttpStatusCode.OK);
        var rotated = (await Server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.NotEmpty(refused.ErrorsFor("parameters.passwordPolicy"));
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        var password = await Scenario.SecretValueAsync(Server, projectId, "AD_PASSWORD");
        Assert.Equal(40, password.Length);
        Assert.Equal(HttpStatusCode.OK, await EntraUserScenario.SignInAsync(Server.Emulator, user.UserPrincipalName, password));
    }

    [Fact]
    public async Task Options_DescribeTheTypeAsInPlaceWithAnEntraReadyPolicy()
    {
        var options = (await Server.Api.GetAsync("/api/v2/secret-rotations/options")).ShouldBe(HttpStatusCode.OK).Body["secretRotationOptions"]!.AsArray();

        var entry = Assert.Single(options, o => o!["type"]!.GetValue<string>() == "azure-entra-user-password")!;
        Assert.Equal("in-place", entry["shape"]!.GetValue<string>());
        Assert.Equal(1, entry["maxSlots"]!.GetValue<int>());
        Assert.Equal(32, entry["passwordPolicy"]!["length"]!.GetValue<int>());
        Assert.Equal(["userId", "passwordPolicy", "verifyClientId"], entry["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["username", "password"], entry["outputs"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    /// <summary>The mapped password signs in (a real password grant) and differs from the one before, which no longer does.</summary>
    private async Task<string> AssertMappedPasswordWorksAsync(string projectId, EmulatedUser user, string previous)
    {
        var mapped = await Scenario.SecretValueAsync(Server, projectId, "AD_PASSWORD");
        Assert.NotEqual(previous, mapped);
        Assert.Equal(HttpStatusCode.OK, await EntraUserScenario.SignInAsync(Server.Emulator, user.UserPrincipalName, mapped));
        Assert.Equal(HttpStatusCode.BadRequest, await EntraUserScenario.SignInAsync(Server.Emulator, user.UserPrincipalName, previous));
        return mapped;
    }

    private async Task AssertNothingKeptAsync(string projectId, EmulatedUser user)
    {
        Assert.True(Server.Emulator.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!), "the user's password must be unchanged");
        (await Scenario.GetSecretAsync(Server, projectId, "AD_PASSWORD")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, projectId, "AD_USER")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray());
    }

    private EmulatedUser NewUser() => Server.Emulator.Control.CreateUser($"u{Guid.NewGuid():N}"[..12]);

    private async Task<(string ProjectId, string ConnectionId)> ArrangeAsync() =>
        (await Scenario.CreateProjectAsync(Server), await Scenario.CreateConnectionAsync(Server));
}
