using System.Security.Cryptography;
using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Providers.Azure;

namespace Keyturn.Bench.Scale;

/// <summary>A seeded project: its three environments and the Azure app connection its rotations use.</summary>
public sealed record ProjectSeed(Project Project, IReadOnlyList<ProjectEnvironment> Environments, Guid ConnectionId)
{
    /// <summary>
    /// Creates projects and connections through the store contract, sealed with the installation's root key, and
    /// creates each project's data key now: the bulk seeder seals values with them while it holds the write lock,
    /// when the cipher could not store a new key.
    /// </summary>
    public static async Task<IReadOnlyList<ProjectSeed>> CreateAsync(
        IKeyturnStore store, EnvelopeCipher cipher, int count, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var seeds = new List<ProjectSeed>(count);
        for (var p = 0; p < count; p++)
        {
            var project = new Project(Guid.NewGuid(), $"Scale {p:D3}", $"scale-{p:D3}", createdAt, createdAt);
            var environments = ScaleShape.Environments
                .Select((e, i) => new ProjectEnvironment(Guid.NewGuid(), project.Id, e.Name, e.Slug, i))
                .ToList();
            await store.CreateProjectAsync(project, environments, cancellationToken);
            await cipher.SealAsync(project.Id, "", "bench:create-data-key", cancellationToken);

            var connectionId = Guid.NewGuid();
            var configuration = new AzureConnectionConfig(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(),
                AzureConnectionConfig.PublicAuthorityHost, AzureConnectionConfig.PublicGraphEndpoint).ToJson();
            var credentials = JsonSerializer.Serialize(new { clientSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)) });
            var sealedCredentials = await cipher.SealAsync(SealContext.ConnectionsScope, credentials, SealContext.Connection(connectionId), cancellationToken);
            await store.CreateConnectionAsync(new AppConnection(connectionId, $"azure-scale-{p:D3}", null, AzureConnectionHandler.AppName,
                AzureConnectionHandler.ClientSecretMethod, sealedCredentials, configuration, createdAt, createdAt), cancellationToken);
            seeds.Add(new ProjectSeed(project, environments, connectionId));
        }

        return seeds;
    }
}
