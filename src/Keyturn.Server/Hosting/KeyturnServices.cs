using Keyturn.Core;
using Keyturn.Core.Audit;
using Keyturn.Core.Connections;
using Keyturn.Core.Crypto;
using Keyturn.Core.History;
using Keyturn.Core.Identities;
using Keyturn.Core.Notifications;
using Keyturn.Core.Projects;
using Keyturn.Core.Reconcile;
using Keyturn.Core.Rotation;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;
using Keyturn.Providers;
using Keyturn.Providers.RestApi;
using Keyturn.Providers.Script;
using Keyturn.Server.Http;
using Keyturn.Server.Notifications;
using Keyturn.Server.Scheduling;
using Keyturn.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keyturn.Server.Hosting;

/// <summary>The server's object graph: one store, one cipher, the use-case services and the providers.</summary>
public static class KeyturnServices
{
    public static IServiceCollection AddKeyturn(this IServiceCollection services, KeyturnServerOptions options, RootKey rootKey, string nodeId)
    {
        var storage = options.Storage;
        if (storage is null)
        {
            var databaseFile = Path.Combine(options.DataDirectory, DataDirectory.DatabaseFile);
            DataDirectory.EnsurePrivateDatabaseFile(databaseFile);
            storage = KeyturnStoreFactory.ForSqliteFile(databaseFile);
        }

        var clock = new StoragePrecisionTimeProvider(options.TimeProvider);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(sp => KeyturnStoreFactory.Create(storage, sp.GetService<Keyturn.Core.Telemetry.KeyturnMetrics>()));
        services.AddSingleton<ITokenStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton<IMembershipStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton<IDataKeyStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton(rootKey);
        services.AddSingleton<EnvelopeCipher>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<SecretLocator>();
        services.AddSingleton<SecretService>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionUpdate>();
        services.AddSingleton<ConnectionCredentialRotation>();
        services.AddSingleton<RotationProviderRegistry>();
        services.AddSingleton(options.Rotation with { NodeId = nodeId });
        services.AddSingleton<RotationEngine>();
        services.AddSingleton<RotationShutdown>();
        services.AddHostedService<RotationShutdownOnStop>();
        services.AddSingleton<SecretsRemap>();
        services.AddSingleton<RotationUpdate>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<RotationHistory>();
        services.AddSingleton<RotationRecovery>();
        services.AddSingleton<RotationReconcile>();
        services.AddSingleton<DailyReconcilePass>();
        services.AddSingleton<ConnectionThrottle>();
        services.AddSingleton<IRotationStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton(sp => new RotationWorkPool(
            options.RotationConcurrency, options.RotationConcurrencyPerConnection, sp.GetRequiredService<ILogger<RotationWorkPool>>()));
        services.AddSingleton<DueRotationScan>();
        services.AddSingleton<AbandonedJobSweep>();
        services.AddSingleton<BearerTokenFilter>();
        services.AddSingleton<RequestAuditFilter>();
        services.AddSingleton(new ScriptsDirectory(options.ScriptsDirectory ?? Path.Combine(options.DataDirectory, "scripts")));
        services.AddSingleton(OutboundAllowList.Parse(options.OutboundAllow));
        services.AddKeyturnProviders(options.ExtraTrustedRoots);
        services.AddSingleton<IWebhookStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton(options.Webhooks);
        services.AddSingleton<WebhookService>();
        services.AddSingleton<IIdentityStore>(sp => sp.GetRequiredService<IKeyturnStore>());
        services.AddSingleton<IdentityService>();
        services.AddSingleton<ClientSecretService>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<IdentityGrantService>();
        services.AddSingleton<UniversalAuthLogin>();
        services.AddSingleton<AccessTokenRevocation>();
        services.AddSingleton<AccessTokenRenewal>();
        services.AddSingleton<AuditTrailReader>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IRotationEventPublisher>(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<IReminderSubscriptions, WebhookReminderSubscriptions>();
        services.AddHostedService<WebhookDispatcher>();
        // The webhook outbox above is registered first; these apply only to a host that leaves it out.
        services.TryAddSingleton<IRotationEventPublisher>(NoRotationEventPublisher.Instance);
        services.TryAddSingleton<IReminderSubscriptions>(NoReminderSubscriptions.Instance);
        options.AdditionalServices?.Invoke(services);
        services.AddHostedService(sp => new DueRotationLoop(
            sp.GetRequiredService<DueRotationScan>(), sp.GetRequiredService<AbandonedJobSweep>(), sp.GetRequiredService<RotationRecovery>(),
            sp.GetRequiredService<RotationWorkPool>(), clock, options.SchedulerInterval, sp.GetRequiredService<ILogger<DueRotationLoop>>()));
        services.AddSingleton(sp => new ConnectionCredentialScheduler(
            sp.GetRequiredService<IKeyturnStore>(), sp.GetRequiredService<ConnectionCredentialRotation>(), clock, options.SchedulerInterval,
            sp.GetRequiredService<ILogger<ConnectionCredentialScheduler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionCredentialScheduler>());
        services.AddSingleton<UpcomingReminderScan>();
        services.AddSingleton<ExpiringCredentialScan>();
        services.AddSingleton(sp => new ReminderLoop(
            sp.GetRequiredService<IReminderSubscriptions>(), sp.GetRequiredService<UpcomingReminderScan>(), sp.GetRequiredService<ExpiringCredentialScan>(),
            clock, options.ReminderInterval, sp.GetRequiredService<ILogger<ReminderLoop>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ReminderLoop>());
        if (options.ReconcileDaily)
        {
            services.AddHostedService(sp => new DailyReconcileLoop(
                sp.GetRequiredService<DailyReconcilePass>(), clock, options.ReconcileDailyAt, sp.GetRequiredService<ILogger<DailyReconcileLoop>>()));
        }

        return services;
    }
}
