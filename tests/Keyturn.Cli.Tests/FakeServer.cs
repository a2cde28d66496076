using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyturn.Cli.Tests;

/// <summary>A request the fake server received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

/// <summary>
/// A real Kestrel on 127.0.0.1:0 that answers canned JSON in the documented shapes and records
/// what the CLI sent. Each test starts its own and disposes it, so nothing is shared.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<(string Method, string Path), (int Status, string Body)> answers = new();

    private FakeServer(WebApplication app) => this.app = app;

    public string Address { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public static async Task<FakeServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync(ct);
        server.Address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (without query) with a status and JSON body.</summary>
    public FakeServer Answer(string method, string path, int status, string body)
    {
        answers[(method, path)] = (status, body);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = context.Request;
        requests.Enqueue(new RecordedRequest(
            request.Method, request.Path + request.QueryString, request.Headers.Authorization.ToString(), request.ContentType, body));

        var (status, answer) = answers.TryGetValue((request.Method, request.Path.Value ?? ""), out var canned)
            ? canned
            : (404, """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"no canned answer"}""");
        context.Response.StatusCode = status;
        context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }
}
