using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.InfisicalSdk;

/// <summary>
/// Where the test finds the official Infisical Node SDK (.ci/infisical-sdk-setup.sh), and what happens when it is not
/// installed: skipped with the reason locally, a failure in CI (<see cref="CiEnvironment"/>), never a silent pass.
/// </summary>
internal static class InstalledInfisicalSdk
{
    public const string Variable = "KEYTURN_TEST_INFISICAL_SDK";

    /// <summary>The directory whose node_modules holds @infisical/sdk, or an exception that says how to provide it.</summary>
    public static string RequireDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        if (directory is not { Length: > 0 })
        {
            throw new InvalidOperationException(
                $"{Variable} is not set{(CiEnvironment.IsCi ? " but CI is: this test must run in CI" : "")}. Run .ci/infisical-sdk-setup.sh and eval its last line.");
        }

        return File.Exists(Path.Combine(directory, "node_modules", "@infisical", "sdk", "package.json"))
            ? directory
            : throw new InvalidOperationException($"{Variable} is {directory}, which has no node_modules/@infisical/sdk. Run .ci/infisical-sdk-setup.sh again.");
    }

    /// <summary>Null when the test should run (SDK installed, or CI, where a missing SDK must fail it).</summary>
    public static string? SkipReason() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || CiEnvironment.IsCi
            ? null
            : $"{Variable} is not set: run .ci/infisical-sdk-setup.sh and eval its last line to run this test.";
}

/// <summary>A fact that needs the installed Infisical Node SDK and Node.</summary>
internal sealed class InfisicalSdkFactAttribute : FactAttribute
{
    public InfisicalSdkFactAttribute() => Skip = InstalledInfisicalSdk.SkipReason();
}
