using Keyturn.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyturn.Bench.Reads;

/// <summary>
/// The read benchmark's baseline: a bare ASP.NET Core endpoint on the same route shape, built with the same web
/// host settings as `keyturn server` (<see cref="KeyturnServerHost.CreateWebBuilder"/>), answering the exact bytes of
/// a real Keyturn secret response. It has no token check, no storage and no crypto: what is left is Kestrel,
/// routing and writing the body, the floor any endpoint on this machine stands on.
/// </summary>
public static class BaselineServer
{
    public const string Usage = "usage: Keyturn.Bench baseline-server --urls URL --body-file FILE";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string? urls = null, bodyFile = null;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--urls":
                    urls = args[i + 1];
                    break;
                case "--body-file":
                    bodyFile = args[i + 1];
                    break;
            }
        }

        if (urls is null || bodyFile is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var body = await File.ReadAllBytesAsync(bodyFile, CancellationToken.None);
        var builder = KeyturnServerHost.CreateWebBuilder([urls], LogLevel.Information);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapGet("/api/v3/secrets/raw/{secretName}", (string secretName) => Results.Bytes(body, "application/json"));
        await app.RunAsync();
        return 0;
    }
}
