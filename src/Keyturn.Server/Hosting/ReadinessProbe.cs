using Keyturn.Core.Crypto;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Hosting;

/// <summary>
/// What GET /readyz checks: the database answers a query, its schema is the one this build expects, and the root key
/// opens this installation's data keys. Every check runs every time, so an answer names all that is wrong at once.
/// Reasons name the failure, never a connection string or a value.
/// </summary>
public sealed class ReadinessProbe(IKeyturnStore store, EnvelopeCipher cipher, TimeProvider timeProvider, ILogger<ReadinessProbe> logger)
{
    /// <summary>A load balancer's probe gives up within seconds; an answer after that is no answer.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        ReadinessCheck database, migrations;
        try
        {
            var version = await store.GetSchemaVersionAsync(cancellationToken).WaitAsync(CheckTimeout, timeProvider, cancellationToken);
            database = ReadinessCheck.Ok();
            migrations = version.IsCurrent
                ? ReadinessCheck.Ok($"schema version {version.Applied}")
                : ReadinessCheck.Failed($"schema version {version.Applied} applied, {version.Expected} expected: restart the server to migrate");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Readiness: the database did not answer");
            database = ReadinessCheck.Failed(e is TimeoutException
                ? $"no answer within {CheckTimeout.TotalSeconds:0} s"
                : $"the query failed ({e.GetType().Name}); the server log has the detail");
            migrations = ReadinessCheck.Failed("unknown: the database did not answer");
        }

        return new ReadinessReport(database, migrations, await RootKeyAsync(cancellationToken));
    }

    private async Task<ReadinessCheck> RootKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await cipher.EnsureRootKeyMatchesAsync(cancellationToken).WaitAsync(CheckTimeout, timeProvider, cancellationToken);
            return ReadinessCheck.Ok();
        }
        catch (InvalidOperationException e)
        {
            return ReadinessCheck.Failed(e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Readiness: the root key check could not read the data keys");
            return ReadinessCheck.Failed($"could not read the data keys ({e.GetType().Name})");
        }
    }
}
