using System.Text;

namespace Keyturn.CrashMatrix.Tests.Matrix;

/// <summary>The crash table as docs/rotation-engine.md shows it.</summary>
public static class CrashTableMarkdown
{
    public const string Begin = "<!-- crash-table: generated from tests/Keyturn.CrashMatrix.Tests/Matrix/CrashTable.cs -->";
    public const string End = "<!-- /crash-table -->";

    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine("| strategy (types) | attempt | step | when | verify | what recovery does | outcome |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in CrashTable.Rows)
        {
            text.AppendLine($"| {row.Strategy} ({string.Join(", ", CrashTable.TypesFor(row))}) | {row.Trigger} | {row.Step} | {row.When} | " +
                $"{(row.VerifyRefused ? "refused" : "accepted")} | {row.Recovery} | {Describe(row.Outcome)} |");
        }

        text.AppendLine(End);
        return text.ToString();
    }

    private static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Success => "success",
        Outcome.Failed => "failed, with a message",
        Outcome.Removed => "failed; the create leaves no rotation",
        _ => "failed; the rotation is kept, its value sealed in the journal",
    };
}
