using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;
using Keyturn.Providers.Azure;
using Keyturn.Providers.AzureClientSecret;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// The baseline: the provider work of one rotation, with no engine around it. It uses the same provider class the
/// server registers (AzureClientSecretProvider over its own AzureHttpTransport, built as ProviderRegistration does),
/// so every HTTP call to the emulator is the one the engine's provider makes, and it keeps the engine's dual-slot
/// sequence: revoke the credential in the slot about to be filled, issue into it, verify the new secret once.
/// No journal, store, lease, sealing, secrets or API request.
/// </summary>
public sealed class DirectSide : IRotationSide, IDisposable
{
    // The engine asks for 2 × interval + grace (RotationEngine.ExpiryFor); the benchmark's rotations use 30 days and the default 7-day grace.
    private static readonly TimeSpan Expiry = TimeSpan.FromDays(2 * 30) + new RotationOptions().ExpiryGrace;

    private readonly AzureHttpTransport _transport;
    private readonly AzureClientSecretProvider _provider;
    private readonly Target[] _targets;

    private DirectSide(AzureHttpTransport transport, AzureClientSecretProvider provider, Target[] targets)
    {
        _transport = transport;
        _provider = provider;
        _targets = targets;
    }

    public string Name => "Direct provider calls (baseline)";

    public int Targets => _targets.Length;

    /// <summary>
    /// Makes the targets with empty slots. The first two rotations of each fill slot 0 and 1 without revoking (as the
    /// engine's create and first manual rotation do); callers warm up with them.
    /// </summary>
    public static DirectSide Create(RotationRig rig, int targets)
    {
        var transport = new AzureHttpTransport([rig.Emulator.CaCertificate]);
        var credentials = new AzureCredentials(transport);
        // The connection exactly as the server stores and opens it: parsed by the same handler from the same body.
        var parsed = new AzureConnectionHandler(credentials, transport).Parse(JsonSerializer.SerializeToElement(rig.ConnectionBody("bench-direct")));
        if (!parsed.IsSuccess)
        {
            transport.Dispose();
            throw new InvalidOperationException($"The connection body was refused: {parsed.Problem.Detail ?? parsed.Problem.Title}");
        }

        var connection = new ConnectionSecret(Guid.NewGuid(), AzureConnectionHandler.AppName, parsed.Value.Method,
            JsonDocument.Parse(parsed.Value.ConfigurationJson).RootElement.Clone(), JsonDocument.Parse(parsed.Value.CredentialsJson).RootElement.Clone());
        var list = new Target[targets];
        for (var i = 0; i < targets; i++)
        {
            var app = rig.CreateTargetApp($"bench-direct-{i:D3}");
            var parameters = new AzureClientSecretParameters(app.ObjectId, app.ClientId, app.DisplayName);
            list[i] = new Target(new ProviderContext(connection, parameters, Guid.NewGuid()));
        }

        return new DirectSide(transport, new AzureClientSecretProvider(credentials, transport), list);
    }

    public async Task RotateAsync(int target, CancellationToken cancellationToken)
    {
        var state = _targets[target];
        var slot = state.ActiveIndex is { } active ? 1 - active : 0;
        if (state.Slots[slot] is { } older)
        {
            var revoked = await _provider.RevokeAsync(new RevokeRequest(state.Context, older), cancellationToken);
            Check(revoked, "revoke");
        }

        var jobId = Guid.NewGuid();
        var issued = await _provider.IssueAsync(
            new IssueRequest(state.Context, jobId, 0, RotationEngine.Label(state.Context.RotationId, jobId), TimeProvider.System.GetUtcNow() + Expiry), cancellationToken);
        Check(issued, "issue");
        // One attempt: without propagation delay the engine's verify also succeeds first time (the request counts show it).
        var verified = await _provider.VerifyAsync(new VerifyRequest(state.Context, issued.Value!), cancellationToken);
        Check(verified, "verify");

        state.Slots[slot] = issued.Value!.CredentialId;
        state.ActiveIndex = slot;
    }

    private static void Check<T>(ProviderResult<T> result, string step)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Direct {step} failed: {result.Error.Message}");
        }
    }

    public void Dispose() => _transport.Dispose();

    /// <summary>One app registration's two slots (Azure key ids) and which one is active.</summary>
    private sealed class Target(ProviderContext context)
    {
        public ProviderContext Context { get; } = context;

        public string?[] Slots { get; } = new string?[2];

        public int? ActiveIndex { get; set; }
    }
}
