namespace Keyturn.Bench;

/// <summary>Command line: `[section ...] [--quick] [--out FILE] [--keyturn PATH] [--repo DIR] [--postgres CS]`.</summary>
public sealed record BenchOptions(
    IReadOnlySet<string> Sections, bool Quick, string Output, string Keyturn, string RepoRoot, string? Postgres, string? Error)
{
    public const string Usage =
        "usage: bench/run [reads|rotations|mass|scale|micro ...] [--quick] [--out FILE] [--postgres CONNSTRING]\n" +
        "  no section names: run all; --quick: short runs that check the harness, not numbers to publish";

    public static BenchOptions Parse(IReadOnlyList<string> args, IReadOnlyList<string> known)
    {
        var sections = new HashSet<string>();
        var quick = false;
        string? output = null, keyturn = null, repo = null;
        var postgres = Environment.GetEnvironmentVariable("KEYTURN_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("KEYTURN_TEST_POSTGRES");
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out":
                    output = Next();
                    break;
                case "--keyturn":
                    keyturn = Next();
                    break;
                case "--repo":
                    repo = Next();
                    break;
                case "--postgres":
                    postgres = Next();
                    break;
                default:
                    if (!known.Contains(arg))
                    {
                        return Fail($"unknown argument '{arg}'");
                    }

                    sections.Add(arg);
                    break;
            }
        }

        repo ??= FindRepoRoot();
        if (repo is null)
        {
            return Fail("cannot find the repository root (a folder with Keyturn.slnx); pass --repo");
        }

        keyturn ??= Path.Combine(repo, "src", "Keyturn.Cli", "bin", "Release", "net10.0", "keyturn");
        if (!File.Exists(keyturn))
        {
            return Fail($"no keyturn executable at {keyturn}; build it with `dotnet build -c Release src/Keyturn.Cli` or pass --keyturn");
        }

        return new BenchOptions(sections.Count == 0 ? known.ToHashSet() : sections, quick,
            Path.GetFullPath(output ?? Path.Combine(repo, "docs", "benchmarks.md")), Path.GetFullPath(keyturn), repo, postgres, null);

        BenchOptions Fail(string error) => new(new HashSet<string>(), false, "", "", "", null, error);
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Keyturn.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
