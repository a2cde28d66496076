using Keyturn.Core.Providers;
using Keyturn.Core.Telemetry;

namespace Keyturn.Core.Rotation;

/// <summary>Looks providers up by rotation type. With metrics, every provider it hands out is timed (<see cref="MeteredRotationProvider"/>).</summary>
public sealed class RotationProviderRegistry(IEnumerable<IRotationProvider> providers, KeyturnMetrics? metrics = null)
{
    private readonly Dictionary<string, IRotationProvider> _byType = providers
        .Select(p => metrics is null ? p : new MeteredRotationProvider(p, metrics))
        .ToDictionary(p => p.Descriptor.Type, StringComparer.Ordinal);

    public IRotationProvider? Find(string type) => _byType.GetValueOrDefault(type);

    /// <summary>Every registered provider, ordered by type (the options route and `keyturn rotation types`).</summary>
    public IReadOnlyList<IRotationProvider> All => _byType.Values.OrderBy(p => p.Descriptor.Type, StringComparer.Ordinal).ToList();
}
