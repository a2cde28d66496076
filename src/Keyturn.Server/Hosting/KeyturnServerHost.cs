using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;
using Keyturn.Server.Endpoints;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Keyturn.Server.Hosting;

/// <summary>A running Keyturn server: `keyturn server`, `keyturn demo` and the tests all start it through here.</summary>
public sealed class KeyturnServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly IDisposable _directoryLock;

    private KeyturnServerHost(WebApplication app, string rootToken, IDisposable directoryLock)
    {
        _app = app;
        RootToken = rootToken;
        _directoryLock = directoryLock;
    }

    /// <summary>The admin token (from KEYTURN_ROOT_TOKEN or DataDirectory/root.token).</summary>
    public string RootToken { get; }

    /// <summary>The first address Kestrel bound (with the real port when 0 was asked for).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public IServiceProvider Services => _app.Services;

    public static async Task<KeyturnServerHost> StartAsync(KeyturnServerOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        // Before the data directory is touched: a wrong TLS file changes nothing there.
        var tls = options.Tls is null ? null : new TlsCertificateHolder(options.Tls, TlsCertificateLoader.Load(options.Tls));
        DataDirectoryAccess.EnsureUsable(options.DataDirectory);
        // Before anything is written (even the lock file): a restored database without its root key is refused here.
        var rootKey = DataDirectory.LoadOrGenerateRootKey(options.DataDirectory, options.RootKeyBase64, sqliteInDirectory: options.Storage is null);
        var directoryLock = DataDirectory.Lock(options.DataDirectory);
        try
        {
            return await StartLockedAsync(options, rootKey, directoryLock, tls, cancellationToken);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static async Task<KeyturnServerHost> StartLockedAsync(
        KeyturnServerOptions options, LoadedRootKey rootKey, IDisposable directoryLock, TlsCertificateHolder? tls, CancellationToken cancellationToken)
    {
        var rootToken = DataDirectory.LoadRootToken(options.DataDirectory, options.RootToken);

        var builder = CreateWebBuilder(options.Urls, options.LogLevel);
        ServerLogging.Configure(builder.Logging, options.LogFormat);
        builder.UseKeyturnTls(tls);
        var startFailureLog = HostStartFailureLog.Hold(builder.Logging);
        builder.Services.AddKeyturn(options, rootKey.Key, DataDirectory.LoadNodeId(options.DataDirectory));
        builder.Services.AddKeyturnMetrics();
        builder.Services.AddProblemDetails();
        builder.Services.AddCorrelationIdInProblems();
        builder.Services.AddKeyturnOpenApi();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        var app = builder.Build();

        try
        {
            var store = app.Services.GetRequiredService<IKeyturnStore>();
            await store.InitializeAsync(cancellationToken);
            await DataDirectory.SaveNewRootKeyAsync(rootKey, options.DataDirectory, store, cancellationToken);
            await app.Services.GetRequiredService<EnvelopeCipher>().EnsureRootKeyMatchesAsync(cancellationToken);
            await store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", ApiTokens.Hash(rootToken), "admin", options.TimeProvider.GetUtcNow(), null), cancellationToken);

            app.UseCorrelationId();
            app.UseNoStoreOnApi();
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseShutdownGate();
            app.UseMethodNotAllowedAnswers();
            app.UseApiBodyLimit();
            app.UseJsonBodiesOnApi();
            app.MapOpenApi();
            app.UseApiReferencePage();
            app.MapHealthEndpoints();
            app.MapReadinessEndpoints();
            app.MapMetricsEndpoints();
            var api = app.MapGroup("/api").WithRouteDeclarations();
            if (options.RequestAudit)
            {
                // Outside the token filter, so refusals for want of a token are recorded too.
                api.AddEndpointFilter<RequestAuditFilter>();
            }
            else
            {
                app.Logger.LogWarning("Request-level audit is off ({Variable}): a benchmark setting, never for real use", KeyturnServerOptions.BenchRequestAuditOffVariable);
            }

            api.AddEndpointFilter<BearerTokenFilter>();
            api.MapProjectEndpoints();
            api.MapSecretEndpoints();
            api.MapAppConnectionEndpoints();
            api.MapAppConnectionCredentialEndpoints();
            api.MapSecretRotationEndpoints();
            api.MapAuditLogEndpoints();
            api.MapWebhookEndpoints();
            api.MapIdentityEndpoints();
            api.MapIdentityGrantEndpoints();
            api.MapMembershipEndpoints();
            api.MapUniversalAuthEndpoints();
            api.MapTokenSelfEndpoints();

            await app.StartAsync(cancellationToken);
            startFailureLog.Release();
            ServerLogging.LogStarted(app.Services.GetRequiredService<ILogger<KeyturnServerHost>>(), TokenSelfEndpoints.ServerVersion, options.DataDirectory, options.Storage?.Provider ?? "sqlite");
        }
        catch
        {
            // A server that failed to start must not keep the database or ports open.
            await StopStartedServicesAsync(app);
            await app.DisposeAsync();
            throw;
        }

        return new KeyturnServerHost(app, rootToken, directoryLock);
    }

    /// <summary>
    /// Background services that started before Kestrel failed to bind must end before the database is disposed under
    /// them: else each logs an ObjectDisposedException, stack trace and all, after the one-line start-up error.
    /// </summary>
    private static async Task StopStartedServicesAsync(WebApplication app)
    {
        // Each service, in reverse, as the host's own StopAsync would, but without announcing "Application is shutting
        // down" for an application that never started. One that never ran returns at once.
        foreach (var service in app.Services.GetServices<IHostedService>().Reverse())
        {
            try
            {
                await service.StopAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // The start-up failure being thrown is the one to report, not a second one from stopping.
            }
        }
    }

    /// <summary>
    /// The web host settings every Keyturn server runs with (Kestrel on the given URLs, logging levels, content
    /// root). Public so the benchmark's bare baseline endpoint runs with exactly the same settings.
    /// </summary>
    public static WebApplicationBuilder CreateWebBuilder(IReadOnlyList<string> urls, LogLevel logLevel)
    {
        // Content root is the program's folder, not the caller's working directory: no stray appsettings get read.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. urls]);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", logLevel);
        return builder;
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or the token is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync(); // disposes the store with the container
        }
        finally
        {
            // A service whose disposal throws (the tests' log check does, on purpose) must not keep the directory locked.
            _directoryLock.Dispose();
        }
    }
}
