using Keyturn.Core.Crypto;
using Keyturn.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// Turns the log check on for an in-process test server: a recorder of the secrets it sees (as the cipher's
/// observer and at its HTTP edge) and a provider capturing every log line at Trace, checked when the host stops.
/// </summary>
internal static class LogLeakCheckRegistration
{
    /// <summary>Every test server's options pass through here (TestServer, AgainstServer, the crash matrix's driver).</summary>
    public static KeyturnServerOptions WithLogLeakCheck(this KeyturnServerOptions options)
    {
        var additional = options.AdditionalServices;
        return options with
        {
            AdditionalServices = services =>
            {
                additional?.Invoke(services);
                services.AddLogLeakCheck();
            },
        };
    }

    public static IServiceCollection AddLogLeakCheck(this IServiceCollection services)
    {
        services.AddSingleton<SecretValueRecorder>();
        services.AddSingleton<IPlaintextObserver>(sp => sp.GetRequiredService<SecretValueRecorder>());
        services.AddSingleton<ILoggerProvider>(sp => new CapturingLoggerProvider(sp.GetRequiredService<SecretValueRecorder>()));
        // A rule for this provider alone outranks the host's "Microsoft: Warning" and minimum level, which stay as they are
        // for the console.
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, null, LogLevel.Trace, null)));
        services.AddSingleton<IStartupFilter, ApiSecretTrafficRecorder>();
        return services;
    }

    /// <summary>The capturing provider of a running host (its lines and recorder).</summary>
    public static CapturingLoggerProvider LogCapture(this IServiceProvider services) =>
        services.GetServices<ILoggerProvider>().OfType<CapturingLoggerProvider>().Single();
}
