namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>The parts of ARM's storage account document clients read: id, name, type, location, kind and primaryEndpoints.</summary>
internal sealed record ArmStorageAccount(string Id, string Name, string Type, string Location, string Kind, ArmStorageAccountProperties Properties);

internal sealed record ArmStorageAccountProperties(string ProvisioningState, ArmEndpoints PrimaryEndpoints);

internal sealed record ArmEndpoints(string Blob);

/// <summary>listKeys and regenerateKey answer: {"keys": [{keyName, value, permissions, creationTime}]}.</summary>
internal sealed record ArmKeyList(IReadOnlyList<ArmKey> Keys);

internal sealed record ArmKey(string KeyName, string Value, string Permissions, DateTimeOffset CreationTime);

internal sealed record ArmRegenerateKeyRequest(string? KeyName);
