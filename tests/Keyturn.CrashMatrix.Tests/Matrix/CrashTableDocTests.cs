namespace Keyturn.CrashMatrix.Tests.Matrix;

/// <summary>docs/rotation-engine.md shows the table the theories run, so the document cannot drift from what is proven.</summary>
public sealed class CrashTableDocTests
{
    [Fact]
    public void RotationEngineDoc_ShowsTheCrashTable()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Keyturn.slnx not found above the test's folder.");
        }

        var doc = File.ReadAllText(Path.Combine(directory.FullName, "docs", "rotation-engine.md"));
        var expected = CrashTableMarkdown.Render();

        Assert.True(doc.Contains(expected, StringComparison.Ordinal), $"docs/rotation-engine.md must contain the crash table exactly as generated:\n{expected}");
    }

    [Fact]
    public void Cells_NamesAreUniqueAndEveryStrategyStepIsCovered()
    {
        var names = CrashTable.Cells.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var step in new[] { "revoke-inactive", "issue", "verify", "activate", "rollback" })
        {
            Assert.Contains(CrashTable.Rows, r => r.Strategy == CrashTable.Additive && r.Step == step);
        }

        foreach (var strategy in new[] { CrashTable.KeysFixedSlot, CrashTable.UsersFixedSlot, CrashTable.InPlace })
        {
            Assert.All(new[] { "set", "verify", "activate" }, step => Assert.Equal(2, CrashTable.Rows.Count(r => r.Strategy == strategy && r.Step == step && !r.Create && !r.VerifyRefused)));
        }
    }
}
