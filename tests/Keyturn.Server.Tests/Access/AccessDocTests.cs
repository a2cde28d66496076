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
        var expected = AccessRouteTableMarkdown.Render(LiveRoutes.Of(fixture.Server.Host.Services).Values);

        Assert.True(doc.Contains(expected, StringComparison.Ordinal), $"docs/access.md must contain the route table exactly as generated:\n{expected}");
    }

    [Fact]
    public void EveryPermission_IsDescribedForTheDoc()
    {
        Assert.Equal(Enum.GetValues<Permission>().Order(), AccessRouteTableMarkdown.Who.Keys.Order());
    }
}
