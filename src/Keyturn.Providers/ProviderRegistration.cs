using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;
using Keyturn.Providers.AzureClientSecret;
using Keyturn.Providers.AzureEntraUserPassword;
using Keyturn.Providers.AzureStorageAccountKey;
using Keyturn.Providers.Local;
using Keyturn.Providers.RestApi;
using Keyturn.Providers.Script;
using Keyturn.Providers.MySql;
using Keyturn.Providers.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Providers;

/// <summary>Registers every app connection and rotation provider: one line each.</summary>
public static class ProviderRegistration
{
    public static IServiceCollection AddKeyturnProviders(this IServiceCollection services, X509Certificate2Collection? extraTrustedRoots)
    {
        services.AddSingleton(new AzureHttpTransport(extraTrustedRoots));
        services.AddSingleton<AzureCredentials>();
        services.AddSingleton<IAppConnectionHandler, AzureConnectionHandler>();
        services.AddSingleton<IRotationProvider, AzureClientSecretProvider>();
        services.AddSingleton<IRotationProvider, AzureEntraUserPasswordProvider>();
        services.AddSingleton<IRotationProvider, AzureStorageAccountKeyProvider>();
        services.AddSingleton<IAppConnectionHandler, LocalConnectionHandler>();
        services.AddSingleton<ScriptRunner>();
        services.AddSingleton<IRotationProvider, ScriptProvider>();
        services.AddSingleton(sp => new OutboundHttp(sp.GetService<OutboundAllowList>() ?? OutboundAllowList.Empty, extraTrustedRoots));
        services.AddSingleton<IRotationProvider, RestApiProvider>();
        services.AddSingleton<PostgresServer>();
        services.AddSingleton<IAppConnectionHandler, PostgresConnectionHandler>();
        services.AddSingleton<IRotationProvider, PostgresCredentialsProvider>();
        services.AddSingleton<MySqlServer>();
        services.AddSingleton<IAppConnectionHandler, MySqlConnectionHandler>();
        services.AddSingleton<IRotationProvider, MySqlCredentialsProvider>();
        return services;
    }
}
