using System.Security.Cryptography.X509Certificates;
using Keyturn.AzureEmulator.Certificates;
using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Faults;
using Keyturn.AzureEmulator.Http;
using Keyturn.AzureEmulator.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.AzureEmulator;

/// <summary>
/// A running Entra ID + Microsoft Graph emulator on https://127.0.0.1:PORT/. The token endpoint lives at
/// /{tenant}/oauth2/v2.0/token and Graph under /v1.0, so one base URI serves as both authority host and Graph root.
/// </summary>
public sealed class AzureEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CertificateAuthority authority;
    private readonly X509Certificate2 serverCertificate;
    private readonly string? temporaryDirectory;
    private int disposed;

    private AzureEmulatorHost(
        WebApplication app, CertificateAuthority authority, X509Certificate2 serverCertificate, string? temporaryDirectory,
        Uri baseUri, DirectoryStore directory, EmulatorControl control)
    {
        this.app = app;
        this.authority = authority;
        this.serverCertificate = serverCertificate;
        this.temporaryDirectory = temporaryDirectory;
        BaseUri = baseUri;
        TenantId = directory.TenantId;
        AdminApp = directory.FindByObjectId(directory.AdminObjectId)!.ToEmulatedApp();
        TargetApp = directory.FindByObjectId(directory.TargetObjectId)!.ToEmulatedApp();
        PublicClientApp = directory.FindByObjectId(directory.PublicClientObjectId)!.ToEmulatedApp();
        NormalUser = directory.FindUser(directory.NormalUserObjectId)!.ToEmulatedUser();
        PrivilegedUser = directory.FindUser(directory.PrivilegedUserObjectId)!.ToEmulatedUser();
        Control = control;
        CaCertificate = X509CertificateLoader.LoadCertificate(authority.Certificate.RawData);
    }

    /// <summary>https://127.0.0.1:PORT/ — the authority host and the Graph root.</summary>
    public Uri BaseUri { get; }

    public Uri AuthorityHost => BaseUri;

    /// <summary>The Graph root, like https://graph.microsoft.com; clients append "v1.0/".</summary>
    public Uri GraphEndpoint => BaseUri;

    public string TenantId { get; }

    /// <summary>PEM file of the CA that signs the server certificate; point SSL_CERT_FILE at it for other processes.</summary>
    public string CaCertificatePath => authority.CertificatePath;

    /// <summary>The CA certificate (public part only), for in-process CustomRootTrust.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Seeded app holding Application.ReadWrite.All, with its initial secret.</summary>
    public EmulatedApp AdminApp { get; }

    /// <summary>Seeded app with no rights, owned by <see cref="AdminApp"/>, with one secret made "by a human" (display name "manual").</summary>
    public EmulatedApp TargetApp { get; }

    /// <summary>Seeded app with "Allow public client flows" on (no secret), for the password grant.</summary>
    public EmulatedApp PublicClientApp { get; }

    /// <summary>Seeded user alex@keyturn.onmicrosoft.com, whose password the admin app may reset (it holds User Administrator).</summary>
    public EmulatedUser NormalUser { get; }

    /// <summary>Seeded user admin@keyturn.onmicrosoft.com holding Global Administrator: the admin app may not reset it.</summary>
    public EmulatedUser PrivilegedUser { get; }

    public EmulatorControl Control { get; }

    public static async Task<AzureEmulatorHost> StartAsync(AzureEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        string? temporaryDirectory = null;
        var directoryPath = options.StateDirectory;
        if (directoryPath is null)
        {
            temporaryDirectory = directoryPath = Directory.CreateTempSubdirectory("keyturn-azure-emulator-").FullName;
        }
        else
        {
            Directory.CreateDirectory(directoryPath);
        }

        // With a temporary directory there is nothing to reload, so state.json is only written for a real one.
        var stateFile = temporaryDirectory is null ? new StateFile(Path.Combine(directoryPath, "state.json")) : null;
        var authority = CertificateAuthority.LoadOrCreate(directoryPath);
        var serverCertificate = authority.IssueServerCertificate();
        WebApplication? app = null;
        try
        {
            var directory = DirectoryStore.OpenOrSeed(stateFile, options);
            var services = new EmulatorServices(
                directory,
                new AccessTokenIssuer(directory.TokenSigningKey, options.TimeProvider),
                new FaultInjector(),
                new RequestLog(),
                options.TimeProvider,
                authority.CertificatePath);
            var control = new EmulatorControl(services);
            app = EmulatorWebApp.Build(options.Port, serverCertificate, services, control);
            await app.StartAsync(cancellationToken);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var port = new Uri(address).Port;
            return new AzureEmulatorHost(app, authority, serverCertificate, temporaryDirectory, new Uri($"https://127.0.0.1:{port}/"), directory, control);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            serverCertificate.Dispose();
            authority.Dispose();
            TryDelete(temporaryDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // A bounded stop: tests dispose hosts while clients may still hold keep-alive connections.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(timeout.Token);
        }

        await app.DisposeAsync();
        serverCertificate.Dispose();
        authority.Dispose();
        CaCertificate.Dispose();
        TryDelete(temporaryDirectory);
    }

    private static void TryDelete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless, a failing dispose is not.
        }
    }
}
