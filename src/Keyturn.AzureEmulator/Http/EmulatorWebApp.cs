using System.Net;
using System.Security.Cryptography.X509Certificates;
using Keyturn.AzureEmulator.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// Builds the Kestrel app: HTTPS on 127.0.0.1 only, fault middleware first, then the endpoint groups.
/// An empty builder keeps the emulator free of ambient configuration (ASPNETCORE_URLS, appsettings) and of console logging.
/// </summary>
internal static class EmulatorWebApp
{
    public static WebApplication Build(int port, X509Certificate2 serverCertificate, EmulatorServices services, EmulatorControl control)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(serverCertificate));
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();

        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>(services);
        app.UseRouting();
        TokenEndpoints.Map(app, services);
        DiscoveryEndpoints.Map(app, services);
        GraphEndpoints.Map(app, services);
        UserEndpoints.Map(app, services);
        ControlEndpoints.Map(app, services, control);
        return app;
    }
}
