using System.Net;
using System.Text.RegularExpressions;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The expired-token row of the permission matrix, on its own server because expiry needs a fake clock: an admin's
/// token (with the connection-admin grant) one second past its TTL is 401 on every route but the anonymous login.
/// </summary>
public sealed partial class ExpiredTokenMatrixTests(ExpiredTokenMatrixTests.ExpiredTokenFixture fixture) : IClassFixture<ExpiredTokenMatrixTests.ExpiredTokenFixture>
{
    public static TheoryData<string> Routes() => new(MatrixRequests.All.Keys);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_ExpiredToken_Is401(string route)
    {
        var routes = LiveRoutes.Of(fixture.Server.Host.Services);
        if (Assert.Contains(route, routes).IsAnonymous)
        {
            return;
        }

        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        // The refusal comes before anything is looked up, so ids that name nothing are enough.
        var path = Parameter().Replace(route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..], m => m.Groups[1].Value switch
        {
            "type" => "azure-client-secret",
            "app" => "azure",
            "grant" => "connection-admin",
            "secretName" => "ANY",
            _ => Guid.NewGuid().ToString(),
        });

        var response = await fixture.Server.Api.SendAsync(method, path, method == HttpMethod.Get ? null : new { }, tokenOverride: fixture.ExpiredToken);

        response.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();

    public sealed class ExpiredTokenFixture : IAsyncLifetime
    {
        private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        private TestServer? _server;

        public TestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

        public string ExpiredToken { get; private set; } = "";

        public async Task InitializeAsync()
        {
            _server = await TestServer.StartAsync(timeProvider: _clock);
            var project = await Scenario.CreateProjectAsync(Server);
            var holding = MatrixHolding.Of(MatrixPrincipal.Admin)! with { Grants = ["connection-admin"] };
            ExpiredToken = (await MatrixIdentities.CreateLoggedInAsync(Server.Api, "expiring", holding, project)).Token;
            // Valid until its TTL (the default, 2 h) ends, so the 401s below are the expiry's.
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await Server.Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: ExpiredToken)).Status);
            _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
