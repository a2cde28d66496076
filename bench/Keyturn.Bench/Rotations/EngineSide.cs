using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Server.Hosting;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// Rotations through Keyturn's HTTP API: one project, one Azure app connection (the emulator's admin app) and one
/// azure-client-secret rotation per app registration. A rotation is POST .../rotate-secrets, which answers when the
/// attempt has ended; it counts only when the answer shows a new successful job that switched the active slot.
/// </summary>
public sealed class EngineSide : IRotationSide, IDisposable
{
    private const string RotationsPath = "/api/v2/secret-rotations/azure-client-secret";
    private readonly KeyturnApi _api;
    private readonly Target[] _targets;

    private EngineSide(string name, KeyturnApi api, Target[] targets)
    {
        Name = name;
        _api = api;
        _targets = targets;
    }

    public string Name { get; }

    public int Targets => _targets.Length;

    /// <summary>
    /// Creates the rotations. Creating one already rotates once (slot 0); callers warm up with further rotations
    /// so that every measured rotation also revokes the older of the two Keyturn credentials.
    /// </summary>
    public static async Task<EngineSide> CreateAsync(string name, RotationRig rig, KeyturnServerHost server, int targets, CancellationToken cancellationToken)
    {
        var api = new KeyturnApi(server.Address, server.RootToken);
        try
        {
            var project = await api.PostAsync("/api/v1/projects", new { projectName = "bench-rotations" }, cancellationToken);
            var projectId = project["project"]!["id"]!.GetValue<string>();
            var connection = await api.PostAsync("/api/v1/app-connections/azure", rig.ConnectionBody("bench-engine"), cancellationToken);
            var connectionId = connection["appConnection"]!["id"]!.GetValue<string>();
            var list = new Target[targets];
            for (var i = 0; i < targets; i++)
            {
                var app = rig.CreateTargetApp($"bench-{server.Address.Port}-{i:D3}");
                var created = await api.PostAsync(RotationsPath, Body(projectId, connectionId, app, i), cancellationToken);
                list[i] = Target.From(Checked(created, null, $"creating rotation {i}"));
            }

            return new EngineSide(name, api, list);
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    public async Task RotateAsync(int target, CancellationToken cancellationToken)
    {
        var before = _targets[target];
        var answer = await _api.PostAsync($"{RotationsPath}/{before.RotationId}/rotate-secrets", null, cancellationToken);
        var after = Target.From(Checked(answer, before, $"rotating {before.RotationId}"));
        if (after.ActiveIndex == before.ActiveIndex)
        {
            throw new InvalidOperationException($"Rotation {before.RotationId} answered success but did not switch its active slot ({after.ActiveIndex}).");
        }

        _targets[target] = after;
    }

    /// <summary>The rotation in the answer, when its last job is new and succeeded.</summary>
    private static JsonNode Checked(JsonNode answer, Target? before, string what)
    {
        var rotation = answer["secretRotation"] ?? throw new InvalidOperationException($"{what}: no secretRotation in {answer.ToJsonString()}");
        var status = rotation["rotationStatus"]?.GetValue<string>();
        if (status != "success")
        {
            throw new InvalidOperationException($"{what}: status {status}: {rotation["lastRotationMessage"]?.GetValue<string>()}");
        }

        if (before is not null && rotation["lastRotationJobId"]?.GetValue<string>() == before.LastJobId)
        {
            throw new InvalidOperationException($"{what}: answered without running a new job (last job still {before.LastJobId}).");
        }

        return rotation;
    }

    /// <summary>Hanzo KMS's sample body; each rotation maps to its own secret names so activations never collide.</summary>
    private static Dictionary<string, object?> Body(string projectId, string connectionId, EmulatedApp app, int index) => new()
    {
        ["name"] = $"bench-{index:D3}",
        ["projectId"] = projectId,
        ["description"] = "benchmark rotation",
        ["connectionId"] = connectionId,
        ["environment"] = "dev",
        ["secretPath"] = "/",
        ["isAutoRotationEnabled"] = true,
        ["rotationInterval"] = 30,
        ["rotateAtUtc"] = new { hours = 0, minutes = 0 },
        ["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId, appName = app.DisplayName },
        ["secretsMapping"] = new { clientId = $"AZURE_CLIENT_ID_{index:D3}", clientSecret = $"AZURE_CLIENT_SECRET_{index:D3}" },
    };

    public void Dispose() => _api.Dispose();

    /// <summary>What the last answer said about a rotation, to check the next one against.</summary>
    private sealed record Target(string RotationId, int ActiveIndex, string? LastJobId)
    {
        public static Target From(JsonNode rotation) =>
            new(rotation["id"]!.GetValue<string>(), rotation["activeIndex"]!.GetValue<int>(), rotation["lastRotationJobId"]?.GetValue<string>());
    }
}
