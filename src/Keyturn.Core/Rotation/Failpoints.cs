using System.Diagnostics;

namespace Keyturn.Core.Rotation;

/// <summary>Where around a step's side effect a failpoint fires.</summary>
public enum FailpointWhen
{
    /// <summary>The step's intent is durable; its side effect (provider call or commit) has not happened.</summary>
    Before,

    /// <summary>The side effect happened; its result is not yet journaled.</summary>
    After,
}

/// <summary>
/// Test hooks that stop an attempt at a journal step, so the crash matrix can prove recovery at every step
/// (`KEYTURN_FAILPOINTS=step:when:action[,…]`, off unless set). Actions: <c>crash</c> kills the process with SIGKILL
/// (nothing runs after it: no finally, no flush, like a power cut); <c>throw</c> throws <see cref="FailpointException"/>
/// (the in-process matrix); <c>hang</c> waits until the attempt is cancelled (holds a step deterministically).
/// </summary>
public sealed class Failpoints
{
    public const string EnvironmentVariable = "KEYTURN_FAILPOINTS";

    /// <summary>The steps a failpoint may name: every journal step that has a side effect.</summary>
    public static readonly IReadOnlyList<string> Steps =
        [JournalSteps.RevokeInactive, JournalSteps.Issue, JournalSteps.Set, JournalSteps.Adopt, JournalSteps.Verify, JournalSteps.Activate, JournalSteps.Rollback,
            .. Connections.ConnectionSteps.Failpoints, Connections.ConnectionSteps.SetFailpoint];

    private static readonly string[] Actions = ["crash", "throw", "hang"];
    private readonly Dictionary<(string Step, FailpointWhen When), string> _points;

    private Failpoints(Dictionary<(string, FailpointWhen), string> points) => _points = points;

    public static Failpoints None { get; } = new([]);

    public bool IsEmpty => _points.Count == 0;

    /// <summary>Parses the variable's value; a malformed one is refused at start-up rather than silently ignored.</summary>
    public static Failpoints Parse(string? spec)
    {
        var points = new Dictionary<(string, FailpointWhen), string>();
        foreach (var item in (spec ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 3 || !Steps.Contains(parts[0]) || !Enum.TryParse<FailpointWhen>(parts[1], ignoreCase: true, out var when) ||
                !Actions.Contains(parts[2]) || parts[1].Any(char.IsDigit))
            {
                throw new FormatException(
                    $"{EnvironmentVariable}: '{item}' must be step:when:action with step one of {string.Join("|", Steps)}, when before|after, action {string.Join("|", Actions)}.");
            }

            points[(parts[0], when)] = parts[2];
        }

        return new Failpoints(points);
    }

    public ValueTask HitAsync(string step, FailpointWhen when, CancellationToken cancellationToken) =>
        _points.Count == 0 || !_points.TryGetValue((step, when), out var action) ? ValueTask.CompletedTask : FireAsync(step, when, action, cancellationToken);

    private static async ValueTask FireAsync(string step, FailpointWhen when, string action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "crash":
                Process.GetCurrentProcess().Kill(); // SIGKILL on Unix: the process ends here, as with kill -9
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "throw":
                throw new FailpointException($"Failpoint {step}:{when.ToString().ToLowerInvariant()} fired.");
            default:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
    }
}

/// <summary>Thrown by a <c>throw</c> failpoint: stands for any bug or infrastructure fault in the middle of a step.</summary>
public sealed class FailpointException(string message) : Exception(message);
