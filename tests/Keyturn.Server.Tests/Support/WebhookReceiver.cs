using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyturn.Server.Tests.Support;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 that keeps every request it gets (raw body bytes and headers), as a team's webhook
/// endpoint would. It can be down (answers 503) or hold requests until released. Disposing stops it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private volatile TaskCompletionSource? _hold;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/keyturn";

    /// <summary>While true, every request gets 503 (and is still recorded).</summary>
    public bool Down { get; set; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Requests that arrived, including those still held.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    private int _arrived;

    /// <summary>Holds every request from now on until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/keyturn", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._arrived);
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            if (receiver._hold is { } hold)
            {
                await hold.Task;
            }

            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Enqueue(new ReceivedWebhook(buffer.ToArray(), headers, context.Request.ContentType));
            return receiver.Down ? Results.StatusCode(503) : Results.NoContent();
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers, string? ContentType)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    /// <summary>What a receiver does: recompute the HMAC of the raw bytes and compare in constant time.</summary>
    public static bool SignatureMatches(byte[] body, string signatureHeader, string signingSecret)
    {
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), body)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
