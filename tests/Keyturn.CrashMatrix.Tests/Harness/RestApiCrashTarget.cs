using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Domain;
using Keyturn.Providers.Local;
using Keyturn.Tests.Shared;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// A `rest-api` rotation's target: a real HTTPS password service in this test process, which outlives every server
/// stop or kill as a SaaS API would. The server reaches it through --outbound-allow and trusts it through its CA.
/// </summary>
public sealed class RestApiCrashTarget(PasswordApi api) : ICrashTarget
{
    public string App => LocalConnectionHandler.AppName;

    public object Parameters => new
    {
        username = PasswordApi.User,
        request = new
        {
            url = $"{api.BaseUrl}/users/{{{{username}}}}/password",
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:API_TOKEN}}" },
            body = "{\"password\": \"{{newPassword}}\"}",
        },
        verify = new { url = $"{api.BaseUrl}/login", body = "{\"username\": \"{{username}}\", \"password\": \"{{newPassword}}\"}" },
    };

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" };

    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string> { ["API_TOKEN"] = api.AdminToken };

    public IReadOnlyList<string> OutboundAllow => [$"127.0.0.1:{api.Port}"];

    public X509Certificate2? Ca => api.Ca;

    public string? CaPath => api.CaPath;

    public static async Task<RestApiCrashTarget> CreateAsync() => new(await PasswordApi.StartAsync());

    public object ConnectionBody(string name) => new { name, method = LocalConnectionHandler.NoneMethod };

    public Task SetVerifyRefusedAsync(bool refused)
    {
        api.VerifyRefused = refused;
        return Task.CompletedTask;
    }

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) => Task.FromResult(api.Accepts(values["password"]));

    public Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        Assert.True(api.Changes == 0 || held.Holds("password", api.Password!), "the service holds a password Keyturn does not know");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();
}
