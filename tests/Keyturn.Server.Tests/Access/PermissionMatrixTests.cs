using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The permission matrix (issue 11): every principal kind × every /api route × (for scoped routes) in- and out-of-scope
/// environment, path and project, each answered 2xx / 401 / 403 exactly as <see cref="AccessPolicy"/> and the route's
/// declared permission say. A refusal's body is the one <see cref="AccessPolicy.Denied"/> and is the same for a resource
/// that does not exist. The expired token has its own class (it needs a fake clock).
/// </summary>
public sealed class PermissionMatrixTests(PermissionMatrixFixture fixture) : IClassFixture<PermissionMatrixFixture>
{
    public static TheoryData<string, MatrixPrincipal> Cases()
    {
        var cases = new TheoryData<string, MatrixPrincipal>();
        foreach (var route in MatrixRequests.All.Keys)
        {
            foreach (var principal in Enum.GetValues<MatrixPrincipal>())
            {
                cases.Add(route, principal);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_Principal_AnswersAsDesigned(string route, MatrixPrincipal principal)
    {
        LiveRoutes.Of(fixture.Server.Host.Services).TryGetValue(route, out var live);
        Assert.True(live is not null, $"{route} is not served (remove it from MatrixRequests if it is gone)");
        Assert.NotNull(live.Declaration);
        var matrixRoute = MatrixRequests.All[route];
        var wrong = new List<string>();

        foreach (var target in matrixRoute.Targets)
        {
            var expected = MatrixExpectation.For(fixture, live, principal, target);
            var response = await fixture.SendAsync(principal, await matrixRoute.Build(fixture, target, false));
            if (Mismatch(expected, response) is { } problem)
            {
                wrong.Add($"[{target}] expected {expected}, {problem}");
                continue;
            }

            // A list shows an identity exactly what it may see: the root token's list, filtered by the policy.
            if (expected == MatrixOutcome.Success && matrixRoute.Listed is { } listed && fixture.DesignedPrincipal(principal) is { IsRoot: false } designed)
            {
                var everything = await fixture.SendAsync(MatrixPrincipal.Root, await matrixRoute.Build(fixture, target, false));
                var visible = listed(everything.ShouldBe(HttpStatusCode.OK).Body).Where(i => AccessPolicy.Allows(designed, i.Permission, i.ProjectId, i.Environment, i.SecretPath));
                var shown = listed(response.Body).ToList();
                wrong.AddRange(shown.Except(visible).Select(i => $"[{target}] listed {i}, which it may not see"));
                wrong.AddRange(visible.Except(shown).Select(i => $"[{target}] did not list {i}, which it may see"));
            }

            // A refusal must not tell an existing resource from one that does not exist.
            if (expected == MatrixOutcome.Forbidden && live.Declaration.ResourceIdParameter is not null)
            {
                var missing = await fixture.SendAsync(principal, await matrixRoute.Build(fixture, target, true));
                if (missing.Status != HttpStatusCode.Forbidden || Comparable(missing) != Comparable(response))
                {
                    wrong.Add($"[{target}] nonexistent resource answered {(int)missing.Status} {missing.Text}, an existing one {(int)response.Status} {response.Text}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{principal} on {route} ({live.Declaration.Permission}):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void EveryLiveRoute_IsInTheMatrix()
    {
        var live = LiveRoutes.Of(fixture.Server.Host.Services).Keys.ToHashSet(StringComparer.Ordinal);

        var unknown = live.Except(MatrixRequests.All.Keys).Order(StringComparer.Ordinal).ToList();
        var gone = MatrixRequests.All.Keys.Except(live).Order(StringComparer.Ordinal).ToList();

        Assert.True(unknown.Count == 0, "Live routes the permission matrix does not know (add them to MatrixRequests): " + string.Join("; ", unknown));
        Assert.True(gone.Count == 0, "Matrix routes the server no longer has: " + string.Join("; ", gone));
    }

    private static string? Mismatch(MatrixOutcome expected, ApiResponse response)
    {
        var status = (int)response.Status;
        return expected switch
        {
            MatrixOutcome.Success when status is >= 200 and < 300 => null,
            MatrixOutcome.Unauthorized when status == 401 => null,
            MatrixOutcome.Forbidden when status == 403 && IsTheDenial(response) => null,
            _ => $"got {status} {response.Text}",
        };
    }

    private static bool IsTheDenial(ApiResponse response) =>
        response.Json?["title"]?.GetValue<string>() == AccessPolicy.Denied.Title && response.Json?["detail"]?.GetValue<string>() == AccessPolicy.Denied.Detail;

    /// <summary>The body without what differs per request by nature (trace id, instance).</summary>
    private static string Comparable(ApiResponse response)
    {
        if (response.Json is not JsonObject body)
        {
            return response.Text;
        }

        var copy = (JsonObject)body.DeepClone();
        copy.Remove("traceId");
        copy.Remove("instance");
        copy.Remove("requestId");
        return copy.ToJsonString();
    }
}
