using Keyturn.Core.Providers;

namespace Keyturn.Core.Rotation;

/// <summary>Looks providers up by rotation type.</summary>
public sealed class RotationProviderRegistry(IEnumerable<IRotationProvider> providers)
{
    private readonly Dictionary<string, IRotationProvider> _byType = providers.ToDictionary(p => p.Descriptor.Type, StringComparer.Ordinal);

    public IRotationProvider? Find(string type) => _byType.GetValueOrDefault(type);

    /// <summary>Every registered provider, ordered by type (the options route and `keyturn rotation types`).</summary>
    public IReadOnlyList<IRotationProvider> All => _byType.Values.OrderBy(p => p.Descriptor.Type, StringComparer.Ordinal).ToList();
}
