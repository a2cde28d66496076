using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Cli.Host;

/// <summary>`keyturn server`: runs the API until Ctrl+C / SIGTERM.</summary>
public static class ServerCommand
{
    /// <param name="additionalServices">
    /// Extra registrations (KeyturnServerOptions.AdditionalServices): the crash-test host passes its test providers,
    /// so it runs this very command with the same flags and KEYTURN_* variables. Null for `keyturn server`.
    /// </param>
    public static Command Create(Action<IServiceCollection>? additionalServices = null)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the SQLite database, root.key and root.token (env KEYTURN_DATA_DIR)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_DATA_DIR") ?? DefaultDataDirectory(),
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Semicolon-separated URLs to listen on (env KEYTURN_URLS) [default: {ServerTlsOptions.HttpDefault}, {ServerTlsOptions.HttpsDefault} with --tls-cert]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_URLS"),
        };
        var tlsOptions = new ServerTlsOptions();
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Use PostgreSQL instead of the embedded SQLite file: an Npgsql connection string (env KEYTURN_POSTGRES)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_POSTGRES"),
        };
        var extraCa = new Option<FileInfo?>("--extra-ca-file")
        {
            Description = "PEM file of extra CA certificates to trust for provider HTTPS, besides the system store",
        };
        var scriptsDir = new Option<string?>("--scripts-dir")
        {
            Description = "Directory the `script` rotation type runs scripts from; nothing outside it runs [default: DATA_DIR/scripts] (env KEYTURN_SCRIPTS_DIR)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_SCRIPTS_DIR"),
        };
        var outboundAllow = new Option<string?>("--outbound-allow")
        {
            Description = "Comma-separated host[:port] (443 when left out) the `rest-api` rotation type and webhooks may call; empty allows none (env KEYTURN_OUTBOUND_ALLOW)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_OUTBOUND_ALLOW"),
        };
        var schedulerSeconds = new Option<int>("--scheduler-interval")
        {
            Description = "Seconds between looks for due rotations (1-3600)",
            DefaultValueFactory = _ => 30,
        };
        var concurrency = new Option<int>("--rotation-concurrency")
        {
            Description = "Scheduled rotations that run at once (1-256)",
            DefaultValueFactory = _ => 16,
        };
        var perConnection = new Option<int>("--rotation-concurrency-per-connection")
        {
            Description = "Of those, how many may use one app connection at once, so one throttled tenant leaves slots for the others (1 to --rotation-concurrency)",
            DefaultValueFactory = _ => 4,
        };
        var verifySeconds = new Option<int>("--verify-timeout")
        {
            Description = "Seconds a new credential may take to be accepted by the provider (1-1800)",
            DefaultValueFactory = _ => 120,
        };

        var graceDays = new Option<int>("--expiry-grace")
        {
            Description = "Days added to twice the schedule's period (the interval, or a cron schedule's longest gap) for a new credential's expiry at the provider (0-365)",
            DefaultValueFactory = _ => 7,
        };

        var reminderSeconds = new Option<int>("--reminder-interval")
        {
            Description = "Seconds between looks for rotation.upcoming and credential.expiring reminders to send (1-3600)",
            DefaultValueFactory = _ => 300,
        };

        var reconcileDaily = new Option<bool>("--reconcile-daily")
        {
            Description = "Reconcile every rotation once a day at 03:00 UTC (revoke orphans, schedule replacements) and report drift through the webhooks",
        };

        var shutdownSeconds = new Option<int>("--shutdown-timeout")
        {
            Description = "Seconds a stop (SIGTERM, Ctrl+C) waits for requests and rotation attempts to reach a journal boundary before cutting provider calls (1-600)",
            DefaultValueFactory = _ => KeyturnServerOptions.DefaultShutdownSeconds,
        };

        var logFormat = ServerLogOptions.Format();
        var logLevel = ServerLogOptions.Level();

        var command = new Command("server", "Run the Keyturn server") { dataDir, urls, postgres, extraCa, scriptsDir, outboundAllow, schedulerSeconds, concurrency, perConnection, verifySeconds, graceDays, reminderSeconds, reconcileDaily };
        foreach (var option in tlsOptions.All)
        {
            command.Add(option);
        }

        command.Options.Add(shutdownSeconds);
        command.Add(logFormat);
        command.Add(logLevel);
        command.SetAction(async (parse, ct) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            Failpoints failpoints;
            try
            {
                failpoints = Failpoints.Parse(Environment.GetEnvironmentVariable(Failpoints.EnvironmentVariable));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            TlsFiles? tls;
            try
            {
                tls = tlsOptions.ReadFiles(parse);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            X509Certificate2Collection? extraRoots;
            try
            {
                extraRoots = parse.GetValue(extraCa) is { } file ? LoadCertificates(file) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                Console.Error.WriteLine(StartupFailure.Describe(new InvalidOperationException($"--extra-ca-file '{parse.GetValue(extraCa)!.FullName}': {e.Message}", e)));
                return ExitCodes.Failure;
            }

            var options = new KeyturnServerOptions
            {
                DataDirectory = directory,
                Urls = (parse.GetValue(urls) is { Length: > 0 } given ? given : tls is null ? ServerTlsOptions.HttpDefault : ServerTlsOptions.HttpsDefault)
                    .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Tls = tls,
                InsecureHttp = parse.GetValue(tlsOptions.InsecureHttp),
                Storage = parse.GetValue(postgres) is { Length: > 0 } cs ? new StorageOptions("postgres", cs) : null,
                RootKeyBase64 = Environment.GetEnvironmentVariable("KEYTURN_ROOT_KEY"),
                RootToken = Environment.GetEnvironmentVariable("KEYTURN_ROOT_TOKEN"),
                ExtraTrustedRoots = extraRoots,
                ScriptsDirectory = parse.GetValue(scriptsDir) is { Length: > 0 } scripts ? Path.GetFullPath(scripts) : null,
                OutboundAllow = parse.GetValue(outboundAllow) is { Length: > 0 } allow ? [allow] : [],
                SchedulerInterval = TimeSpan.FromSeconds(parse.GetValue(schedulerSeconds)),
                ReminderInterval = TimeSpan.FromSeconds(parse.GetValue(reminderSeconds)),
                RotationConcurrency = parse.GetValue(concurrency),
                RotationConcurrencyPerConnection = parse.GetValue(perConnection),
                AdditionalServices = additionalServices,
                ReconcileDaily = parse.GetValue(reconcileDaily),
                ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(shutdownSeconds)),
                LogFormat = ServerLogOptions.FormatOf(parse.GetValue(logFormat)!),
                LogLevel = ServerLogOptions.LevelOf(parse.GetValue(logLevel)!),
                RequestAudit = Environment.GetEnvironmentVariable(KeyturnServerOptions.BenchRequestAuditOffVariable) != "1",
                Rotation = new RotationOptions
                {
                    VerifyTimeout = TimeSpan.FromSeconds(parse.GetValue(verifySeconds)),
                    ExpiryGrace = TimeSpan.FromDays(parse.GetValue(graceDays)),
                    Failpoints = failpoints,
                },
            };
            KeyturnServerHost host;
            try
            {
                host = await KeyturnServerHost.StartAsync(options, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A start fails for an operator's reasons: one readable line, not a stack trace.
                Console.Error.WriteLine(StartupFailure.Describe(e));
                return ExitCodes.Failure;
            }

            await using var running = host;
            Console.Error.WriteLine($"Keyturn listening on {host.Address} (data in {directory}).");
            Console.Error.WriteLine(options.RootToken is null
                ? $"Root token: in {Path.Combine(directory, DataDirectory.RootTokenFile)}"
                : "Root token: from KEYTURN_ROOT_TOKEN");
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keyturn");

    private static X509Certificate2Collection LoadCertificates(FileInfo file)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(file.FullName);
        return collection;
    }
}
