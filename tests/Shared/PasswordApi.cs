using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyturn.Tests.Shared;

/// <summary>
/// A small real HTTPS service on 127.0.0.1 that keeps one account's password, as a SaaS admin API would: an admin
/// token (Bearer) sets it, a login checks it. Its own CA (ca.pem in the given directory) is what a Keyturn server must
/// trust through --extra-ca-file. Disposing stops it.
/// </summary>
public sealed class PasswordApi : IAsyncDisposable
{
    public const string User = "svc";
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private string? _password;

    private readonly string _directory;

    private PasswordApi(WebApplication app, X509Certificate2 ca, string directory, string adminToken)
    {
        (_app, Ca, _directory, AdminToken) = (app, ca, directory, adminToken);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The CA as a PEM file, for a server process's --extra-ca-file.</summary>
    public string CaPath => Path.Combine(_directory, "ca.pem");

    public string AdminToken { get; }

    public int Port { get; private set; }

    /// <summary>Password changes the service accepted.</summary>
    public int Changes { get; private set; }

    private int _requests;

    /// <summary>Requests of any kind the service received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>While set, every login is refused (a target that will not accept the new password).</summary>
    public bool VerifyRefused { get; set; }

    public string? Password
    {
        get { lock (_gate) { return _password; } }
    }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    public bool Accepts(string? password)
    {
        lock (_gate)
        {
            return _password is not null && password == _password;
        }
    }

    public static async Task<PasswordApi> StartAsync()
    {
        var (ca, server) = Certificates();
        var directory = Directory.CreateTempSubdirectory("keyturn-password-api-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(server)));
        var app = builder.Build();
        var api = new PasswordApi(app, ca, directory, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref api._requests);
            return next(context);
        });
        app.MapPost("/users/{user}/password", api.SetAsync);
        app.MapPost("/login", api.LoginAsync);
        app.MapPost("/moved", () => Results.Redirect("/login"));
        app.MapPost("/busy", (HttpResponse response) =>
        {
            response.Headers.RetryAfter = "7";
            return Results.StatusCode(503);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.Port = new Uri(address).Port;
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<IResult> SetAsync(string user, HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {AdminToken}")
        {
            return Results.Json(new { error = "invalid admin token" }, statusCode: 401);
        }

        if (user != User)
        {
            return Results.NotFound();
        }

        var password = (await JsonDocument.ParseAsync(request.Body)).RootElement.GetProperty("password").GetString();
        if (string.IsNullOrEmpty(password))
        {
            return Results.BadRequest();
        }

        lock (_gate)
        {
            _password = password;
            Changes++;
        }

        return Results.NoContent();
    }

    private async Task<IResult> LoginAsync(HttpRequest request)
    {
        var body = (await JsonDocument.ParseAsync(request.Body)).RootElement;
        var ok = !VerifyRefused && body.GetProperty("username").GetString() == User && Accepts(body.GetProperty("password").GetString());
        return ok ? Results.Ok(new { ok = true }) : Results.Json(new { error = "invalid credentials" }, statusCode: 401);
    }

    private static (X509Certificate2 Ca, X509Certificate2 Server) Certificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Keyturn test password API CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(29), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)), server);
    }
}
