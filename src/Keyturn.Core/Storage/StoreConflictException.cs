namespace Keyturn.Core.Storage;

/// <summary>A write lost to a uniqueness rule or to a concurrent writer. Carries no secret values.</summary>
public sealed class StoreConflictException(string message, Exception? inner = null) : Exception(message, inner);
