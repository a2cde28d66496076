using System.CommandLine;
using System.Text.Json;

namespace Keyturn.Cli;

/// <summary>
/// Wraps every API command so failures look the same everywhere: one <c>error: ...</c> line on
/// stderr and a stable exit code. The token is never part of any message written here.
/// </summary>
internal sealed class CommandRunner(GlobalOptions globals, CliContext context, HttpMessageHandler? handler = null)
{
    public CliContext Context => context;

    public GlobalOptions Globals => globals;

    public HttpMessageHandler? Handler => handler;

    public void SetApiAction(Command command, Func<ApiCall, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => GuardAsync(async () =>
        {
            var server = await ServerCredentials.ResolveAsync(globals, parse, context, handler, TimeProvider.System, ct);
            using var api = new ApiClient(server, handler);
            var output = new OutputWriter(context, globals.ReadOutput(parse));
            return await action(new ApiCall(parse, api, output, context), ct);
        }, ct));

    /// <summary>For commands that need no token (login, logout): same error handling, and a client without a bearer.</summary>
    public void SetAnonymousAction(Command command, Func<ParseResult, OutputWriter, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => GuardAsync(() => action(parse, new OutputWriter(context, globals.ReadOutput(parse)), ct), ct));

    /// <summary>A client for <paramref name="address"/> sending <paramref name="token"/>, or no Authorization header when null.</summary>
    public ApiClient OpenClient(Uri address, string? token) => new(new ServerSettings(address, token ?? ""), handler);

    private async Task<int> GuardAsync(Func<Task<int>> run, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (UsageException ex)
        {
            return Report(ex.Message, ExitCodes.Usage);
        }
        catch (ApiException ex)
        {
            return Report(ex.Problem.ToOneLine(), ExitCodes.Failure);
        }
        catch (ServerUnreachableException ex)
        {
            return Report(ex.Message, ExitCodes.Failure);
        }
        catch (JsonException ex)
        {
            // A proxy or a wrong --addr answering 200 with HTML; say so instead of a stack trace.
            return Report($"the server's answer is not the expected JSON: {ex.Message}", ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Report("cancelled", ExitCodes.Cancelled);
        }
    }

    private int Report(string message, int exitCode)
    {
        context.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
