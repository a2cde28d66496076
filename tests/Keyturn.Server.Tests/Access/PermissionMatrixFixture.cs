using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// One server for the whole matrix: a home project where every identity kind holds its membership, another project
/// where none do, a token per principal kind, and the shared resources the requests point at (made with the root token,
/// once per target, on first use). Requests that consume what they name get a fresh resource per case instead.
/// </summary>
public sealed class PermissionMatrixFixture : IAsyncLifetime
{
    /// <summary>An address webhooks may name (the allow-list needs one); the matrix's events never fire, so nothing is sent.</summary>
    public const string WebhookUrl = "http://127.0.0.1:9/matrix-hook";

    public const string RotationsPath = "/api/v2/secret-rotations/azure-client-secret";

    private readonly Dictionary<MatrixPrincipal, string> _tokens = [];
    private readonly Dictionary<string, Task<string>> _shared = new(StringComparer.Ordinal);
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public ApiClient Root => Server.Api;

    public string HomeProject { get; private set; } = "";

    public string OtherProject { get; private set; } = "";

    /// <summary>The identity whose credentials the login route is sent with.</summary>
    public MatrixIdentities.Credentials LoginIdentity { get; private set; } = null!;

    public string ConnectionId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(configure: o => o with { OutboundAllow = ["127.0.0.1:9"] });
        HomeProject = await Scenario.CreateProjectAsync(Server, $"matrix-home-{Guid.NewGuid():N}");
        OtherProject = await Scenario.CreateProjectAsync(Server, $"matrix-other-{Guid.NewGuid():N}");
        ConnectionId = await Scenario.CreateConnectionAsync(Server);
        LoginIdentity = await MatrixIdentities.CreateAsync(Root, "matrix-login");
        foreach (var principal in Enum.GetValues<MatrixPrincipal>())
        {
            if (MatrixHolding.Of(principal) is { } holding)
            {
                _tokens[principal] = (await MatrixIdentities.CreateLoggedInAsync(Root, principal.ToString().ToLowerInvariant(), holding, HomeProject)).Token;
            }
        }

        // Revoked: an admin's token, so only the revocation can explain its 401.
        var revoked = (await MatrixIdentities.CreateLoggedInAsync(Root, "revoked", MatrixHolding.Of(MatrixPrincipal.Admin)!, HomeProject)).Token;
        (await Root.SendAsync(HttpMethod.Post, "/api/v1/auth/token/revoke", null, tokenOverride: revoked)).ShouldBe(HttpStatusCode.OK);
        _tokens[MatrixPrincipal.RevokedToken] = revoked;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public string ProjectOf(MatrixTarget target) => target.OtherProject ? OtherProject : HomeProject;

    /// <summary>What <paramref name="principal"/> is by design (null for the kinds refused before any check: no or revoked token).</summary>
    public Principal? DesignedPrincipal(MatrixPrincipal principal) => principal switch
    {
        MatrixPrincipal.Root => Principal.Root("token:root"),
        _ => MatrixHolding.Of(principal)?.ToPrincipal(Guid.Parse(HomeProject)),
    };

    public Task<ApiResponse> SendAsync(MatrixPrincipal principal, MatrixRequest request) => principal switch
    {
        MatrixPrincipal.Root => Root.SendAsync(request.Method, request.Path, request.Body),
        MatrixPrincipal.NoToken => Root.SendAsync(request.Method, request.Path, request.Body, noToken: true),
        _ => Root.SendAsync(request.Method, request.Path, request.Body, tokenOverride: _tokens[principal]),
    };

    /// <summary>A resource made once with the root token and shared by every case that only reads or changes it.</summary>
    public Task<string> SharedAsync(string key, Func<Task<string>> create)
    {
        lock (_shared)
        {
            if (!_shared.TryGetValue(key, out var made))
            {
                _shared[key] = made = create();
            }

            return made;
        }
    }
}
