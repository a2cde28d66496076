using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.TestProviders;

/// <summary>Registers the "test" connection family and one test provider per strategy (KeyturnServerOptions.AdditionalServices).</summary>
public static class TestProviderRegistration
{
    public static IServiceCollection AddTestProviders(this IServiceCollection services)
    {
        services.AddSingleton<IAppConnectionHandler, TestConnectionHandler>();
        services.AddSingleton<IRotationProvider, AdditiveTestProvider>();
        services.AddSingleton<IRotationProvider, KeysTestProvider>();
        services.AddSingleton<IRotationProvider, UsersTestProvider>();
        services.AddSingleton<IRotationProvider, PasswordTestProvider>();
        return services;
    }
}
