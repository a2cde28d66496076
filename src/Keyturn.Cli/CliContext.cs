namespace Keyturn.Cli;

/// <summary>
/// The process surroundings a command may touch. Passed in rather than read from
/// <see cref="Console"/> and <see cref="Environment"/> so tests can run commands in parallel.
/// </summary>
/// <param name="Interactive">True when stdout is a terminal: only then are tables drawn with box characters.</param>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    Func<string, string?> GetEnvironmentVariable,
    bool Interactive);
