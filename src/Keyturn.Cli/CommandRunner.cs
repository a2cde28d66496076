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

    // One handler per CA file for this command tree's life (a process runs one command): clients come and go, the
    // handler's connection pool stays.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpMessageHandler> caHandlers = new(StringComparer.Ordinal);

    /// <summary>
    /// The handler for this command's requests: the one a test passed in, else one trusting --ca-cert / KEYTURN_CACERT
    /// besides the system store, else null (HttpClient's default, the system store alone).
    /// </summary>
    public HttpMessageHandler? HandlerFor(ParseResult parse) =>
        handler ?? (globals.ExplicitCaCert(parse, context) is { } caFile ? caHandlers.GetOrAdd(Path.GetFullPath(caFile), ServerCaTrust.CreateHandler) : null);

    public void SetApiAction(Command command, Func<ApiCall, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => GuardAsync(async () =>
        {
            var server = await ServerCredentials.ResolveAsync(globals, parse, context, HandlerFor(parse), TimeProvider.System, ct);
            using var api = new ApiClient(server, HandlerFor(parse));
            var output = new OutputWriter(context, globals.ReadOutput(parse));
            return await action(new ApiCall(parse, api, output, context), ct);
        }, ct));

    /// <summary>For commands that need no token (login, logout): same error handling, and a client without a bearer.</summary>
    public void SetAnonymousAction(Command command, Func<ParseResult, OutputWriter, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => GuardAsync(() => action(parse, new OutputWriter(context, globals.ReadOutput(parse)), ct), ct));

    /// <summary>A client for <paramref name="address"/> sending <paramref name="token"/>, or no Authorization header when null.</summary>
    public ApiClient OpenClient(ParseResult parse, Uri address, string? token) => new(new ServerSettings(address, token ?? ""), HandlerFor(parse));

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
