using Keyturn.AzureEmulator;
using Keyturn.Bench.Rotations;

namespace Keyturn.Bench.Mass;

/// <summary>
/// Creates the rotations of the mass run through the API: one project, several app connections (the emulator's admin
/// app each time) and one azure-client-secret rotation per app registration, spread over the connections so the
/// per-connection limit never caps the run below the global one.
/// </summary>
internal static class MassSetup
{
    private const string RotationsPath = "/api/v2/secret-rotations/azure-client-secret";

    public sealed record Seeded(string ProjectId, IReadOnlyList<EmulatedApp> Apps, IReadOnlyList<string> ProbeRotationIds);

    public static async Task<Seeded> CreateAsync(
        BenchContext context, RotationRig rig, KeyturnApi api, int rotations, int connections, int probes, CancellationToken cancellationToken)
    {
        var project = await api.PostAsync("/api/v1/projects", new { projectName = "bench-mass" }, cancellationToken);
        var projectId = project["project"]!["id"]!.GetValue<string>();
        var connectionIds = new string[connections];
        for (var c = 0; c < connections; c++)
        {
            var created = await api.PostAsync("/api/v1/app-connections/azure", rig.ConnectionBody($"bench-mass-{c:D2}"), cancellationToken);
            connectionIds[c] = created["appConnection"]!["id"]!.GetValue<string>();
        }

        var apps = Enumerable.Range(0, rotations).Select(i => rig.CreateTargetApp($"mass-{i:D5}")).ToArray();
        var done = 0;
        await Parallel.ForAsync(0, rotations, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            await CreateRotationAsync(api, projectId, connectionIds[i % connections], apps[i], $"mass-{i:D5}", auto: true, ct);
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                context.Log($"mass: {done} of {rotations} rotations created");
            }
        });

        // Probes measure one rotation's latency alone; auto-rotation off keeps them out of the mass run.
        var probeIds = new List<string>();
        for (var p = 0; p < probes; p++)
        {
            var app = rig.CreateTargetApp($"mass-probe-{p}");
            probeIds.Add(await CreateRotationAsync(api, projectId, connectionIds[0], app, $"mass-probe-{p}", auto: false, cancellationToken));
        }

        return new Seeded(projectId, apps, probeIds);
    }

    private static async Task<string> CreateRotationAsync(
        KeyturnApi api, string projectId, string connectionId, EmulatedApp app, string name, bool auto, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["projectId"] = projectId,
            ["connectionId"] = connectionId,
            ["environment"] = "dev",
            ["secretPath"] = "/",
            ["isAutoRotationEnabled"] = auto,
            ["rotationInterval"] = 30,
            ["rotateAtUtc"] = new { hours = 0, minutes = 0 },
            ["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId },
            ["secretsMapping"] = new { clientId = $"ID_{name.Replace('-', '_').ToUpperInvariant()}", clientSecret = $"SECRET_{name.Replace('-', '_').ToUpperInvariant()}" },
        };
        var created = await api.PostAsync(RotationsPath, body, cancellationToken);
        return created["secretRotation"]!["id"]!.GetValue<string>();
    }
}
