namespace Keyturn.Cli;

/// <summary>The server answered with a non-success status. Exit code 1.</summary>
internal sealed class ApiException(ApiProblem problem) : Exception(problem.ToOneLine())
{
    public ApiProblem Problem { get; } = problem;
}
