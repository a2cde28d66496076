using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>
/// The acceptance run: the built `keyturn server`, driven with Hanzo KMS's sample request body, against an
/// out-of-process Entra/Graph reached through custom endpoints and trusted through SSL_CERT_FILE.
/// Each test makes its own project, connection and target app.
/// </summary>
public sealed class BuiltServerAcceptanceTests(KeyturnProcesses keyturn) : IClassFixture<KeyturnProcesses>
{
    private const string Rotations = "api/v2/secret-rotations/azure-client-secret";

    [Fact]
    public async Task RotateSecrets_Twice_PreviousStillWorksAndOldestIsGone()
    {
        var (projectId, rotationId, target) = await CreateRotationAsync();
        var first = await SecretAsync(projectId, "AZURE_CLIENT_SECRET");
        Assert.Equal(target.ClientId, await SecretAsync(projectId, "AZURE_CLIENT_ID"));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, first));

        Assert.Equal("success", (await RotateAsync(rotationId))["rotationStatus"]!.GetValue<string>());
        var second = await SecretAsync(projectId, "AZURE_CLIENT_SECRET");
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, second));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, first), "the previously active secret must still work");
        Assert.Equal(2, await KeyturnMadeCountAsync(target.ObjectId));

        Assert.Equal("success", (await RotateAsync(rotationId))["rotationStatus"]!.GetValue<string>());
        var third = await SecretAsync(projectId, "AZURE_CLIENT_SECRET");
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, third));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, second), "the previously active secret must still work");
        Assert.False(await keyturn.Control.AuthenticatesAsync(target.ClientId, first), "the oldest secret must be revoked");
        Assert.Equal(2, await KeyturnMadeCountAsync(target.ObjectId));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, target.Secret!), "a secret Keyturn did not make must be untouched");

        var (exitCode, output) = await keyturn.RunCliAsync("secret", "get", "AZURE_CLIENT_SECRET", "--project-id", projectId, "--env", "dev");
        Assert.Equal(0, exitCode);
        Assert.Contains(third, output);
    }

    [Fact]
    public async Task RotateSecrets_PropagationDelay_SecretWorksWhenSuccessIsReported()
    {
        await keyturn.Control.SetPropagationDelayAsync(3);
        try
        {
            var (projectId, rotationId, target) = await CreateRotationAsync();
            Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, await SecretAsync(projectId, "AZURE_CLIENT_SECRET")));

            Assert.Equal("success", (await RotateAsync(rotationId))["rotationStatus"]!.GetValue<string>());
            Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, await SecretAsync(projectId, "AZURE_CLIENT_SECRET")));
        }
        finally
        {
            await keyturn.Control.SetPropagationDelayAsync(0);
        }
    }

    [Fact]
    public async Task RotateSecrets_ThrottledAddPassword_StillSucceeds()
    {
        var (projectId, rotationId, target) = await CreateRotationAsync();
        await keyturn.Control.InjectFaultAsync(new { method = "POST", pathContains = $"{target.ObjectId}/addPassword", statusCode = 429, retryAfterSeconds = 1, times = 1 });
        var before = await keyturn.Control.RequestCountAsync("POST", $"{target.ObjectId}/addPassword");

        var rotated = await RotateAsync(rotationId);

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(before + 2, await keyturn.Control.RequestCountAsync("POST", $"{target.ObjectId}/addPassword"));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, await SecretAsync(projectId, "AZURE_CLIENT_SECRET")));
    }

    [Fact]
    public async Task RotateSecrets_ConnectionSecretRevoked_FailsAndKeepsMappedSecrets()
    {
        var rotator = await keyturn.Control.CreateApplicationAsync($"rotator-{Guid.NewGuid():N}"[..16], ["Application.ReadWrite.All"], []);
        var (projectId, rotationId, target) = await CreateRotationAsync(rotator.ClientId, rotator.Secret);
        var published = await SecretAsync(projectId, "AZURE_CLIENT_SECRET");
        var rotatorKey = (await keyturn.Control.PasswordsAsync(rotator.ObjectId)).Single()!["keyId"]!.GetValue<string>();
        await keyturn.Control.RemovePasswordAsync(rotator.ObjectId, rotatorKey);

        var rotated = await RotateAsync(rotationId);

        Assert.Equal("failed", rotated["rotationStatus"]!.GetValue<string>());
        var message = rotated["lastRotationMessage"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain(rotator.Secret!, message);
        Assert.DoesNotContain(published, message);
        Assert.Equal(published, await SecretAsync(projectId, "AZURE_CLIENT_SECRET"));
        Assert.True(await keyturn.Control.AuthenticatesAsync(target.ClientId, published));
    }

    private async Task<(string ProjectId, string RotationId, (string ObjectId, string ClientId, string? Secret) Target)> CreateRotationAsync(string? connectionClientId = null, string? connectionSecret = null)
    {
        var projectId = (await PostAsync("api/v1/projects", new { projectName = $"accept-{Guid.NewGuid():N}"[..20] }))["project"]!["id"]!.GetValue<string>();
        var connectionId = (await PostAsync("api/v1/app-connections/azure", new
        {
            name = $"azure-{Guid.NewGuid():N}"[..20],
            method = "client-secret",
            credentials = new { tenantId = keyturn.TenantId, clientId = connectionClientId ?? keyturn.AdminClientId, clientSecret = connectionSecret ?? keyturn.AdminSecret },
            endpoints = new { authorityHost = keyturn.EmulatorUri.AbsoluteUri, graph = keyturn.EmulatorUri.AbsoluteUri },
        }))["appConnection"]!["id"]!.GetValue<string>();
        var target = await keyturn.Control.CreateApplicationAsync($"target-{Guid.NewGuid():N}"[..16], [], [keyturn.AdminObjectId]);

        // Hanzo KMS's documented sample body, with this run's ids.
        var rotation = (await PostAsync(Rotations, new
        {
            name = "my-azure-rotation",
            projectId,
            description = "my client secret rotation",
            connectionId,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = true,
            rotationInterval = 30,
            rotateAtUtc = new { hours = 0, minutes = 0 },
            parameters = new { objectId = target.ObjectId, clientId = target.ClientId, appName = "my-app" },
            secretsMapping = new { clientId = "AZURE_CLIENT_ID", clientSecret = "AZURE_CLIENT_SECRET" },
        }))["secretRotation"]!;
        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        return (projectId, rotation["id"]!.GetValue<string>(), target);
    }

    private Task<JsonNode> RotateAsync(string rotationId) =>
        PostAsync($"{Rotations}/{rotationId}/rotate-secrets", new { }).ContinueWith(t => t.Result["secretRotation"]!);

    private async Task<string> SecretAsync(string projectId, string key)
    {
        var response = await keyturn.Api.GetAsync($"api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["secret"]!["secretValue"]!.GetValue<string>();
    }

    private async Task<int> KeyturnMadeCountAsync(string objectId) =>
        (await keyturn.Control.PasswordsAsync(objectId)).Count(p => p!["displayName"]?.GetValue<string>()?.StartsWith("Keyturn", StringComparison.Ordinal) == true);

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        var response = await keyturn.Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
