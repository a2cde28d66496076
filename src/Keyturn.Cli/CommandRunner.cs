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

    public void SetApiAction(Command command, Func<ApiCall, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => RunAsync(parse, action, ct));

    private async Task<int> RunAsync(ParseResult parse, Func<ApiCall, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        try
        {
            var server = globals.ReadServer(parse, context);
            using var api = new ApiClient(server, handler);
            var output = new OutputWriter(context, globals.ReadOutput(parse));
            return await action(new ApiCall(parse, api, output, context), ct);
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
