using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>docs/access.md shows the route table the server serves, with each route's declared permission, so it cannot drift.</summary>
public sealed class AccessDocTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void AccessDoc_ShowsEveryLiveRouteWithItsPermission()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Keyturn.slnx not found above the test's folder.");
        }

        var doc = File.ReadAllText(Path.Combine(directory.FullName, "docs", "access.md")).ReplaceLineEndings("\n");
        var live = LiveRoutes.Of(fixture.Server.Host.Services);
        var rows = doc[doc.IndexOf(AccessRouteTableMarkdown.Header, StringComparison.Ordinal)..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();

        var missing = live.Values.Select(AccessRouteTableMarkdown.Row).Except(rows).ToList();
        var stale = rows.Where(r => AccessRouteTableMarkdown.KeyOf(r) is not { } key || !live.ContainsKey(key)).ToList();

        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"docs/access.md's route table must match the live routes. Missing or changed rows:\n{string.Join('\n', missing)}\nRows for no route:\n{string.Join('\n', stale)}\n"
            + $"The whole table as generated:\n{AccessRouteTableMarkdown.Render(live.Values)}");
    }

    [Fact]
    public void EveryPermission_IsDescribedForTheDoc()
    {
        Assert.Equal(Enum.GetValues<Permission>().Order(), AccessRouteTableMarkdown.Who.Keys.Order());
    }
}
