namespace Keyturn.Core.Providers;

/// <summary>A value a rotation produces that a secrets mapping can map into a secret.</summary>
/// <param name="Required">Whether every secrets mapping must map it (false: any subset of the optional outputs may be mapped).</param>
public sealed record OutputSpec(string Name, string Description, bool Required = true);
