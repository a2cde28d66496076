using System.Text.RegularExpressions;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;

namespace Keyturn.Providers.AzureStorageAccountKey;

/// <summary>Which storage account and which of its keys: two of key1/key2 (dual-phase) or one key (single-phase).</summary>
public sealed partial record AzureStorageAccountKeyParameters(StorageAccountRef Account, IReadOnlyList<string> KeyNames)
{
    public const string KeyNamesRule = "must be two distinct names of key1 and key2 (dual-phase), or one of key1, key2, kerb1, kerb2 (single-phase)";
    private static readonly string[] AccessKeys = ["key1", "key2"];
    private static readonly string[] AllKeys = ["key1", "key2", "kerb1", "kerb2"];

    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Guid("subscriptionId", required: true, "Subscription id of the storage account."),
        ParameterSpec.String("resourceGroup", required: true, "must be 1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
            "Resource group of the storage account."),
        ParameterSpec.String("accountName", required: true, "must be 3 to 24 lowercase letters and digits", "The storage account's name."),
        new ParameterSpec("keyNames", "string[]", true, KeyNamesRule,
            "The keys Keyturn rotates, in slot order. The first is adopted as it is on create; rotations regenerate the other, then alternate."),
    ];

    /// <summary>Kerberos keys sign no data-plane request, so only listKeys can check them.</summary>
    public static bool IsKerberos(string keyName) => keyName.StartsWith("kerb", StringComparison.Ordinal);

    public static AzureStorageAccountKeyParameters? Parse(ParameterReader reader)
    {
        var subscriptionId = reader.Guid("subscriptionId");
        var resourceGroup = reader.String("resourceGroup");
        if (resourceGroup is not null && !ResourceGroupName().IsMatch(resourceGroup))
        {
            reader.Errors.Add("resourceGroup", Specs[1].Rules);
            resourceGroup = null;
        }

        var accountName = reader.String("accountName");
        if (accountName is not null && !AccountName().IsMatch(accountName))
        {
            reader.Errors.Add("accountName", Specs[2].Rules);
            accountName = null;
        }

        var keyNames = reader.Strings("keyNames");
        if (keyNames is not null && !(keyNames.Count == 1 && AllKeys.Contains(keyNames[0])
            || keyNames.Count == 2 && keyNames.All(AccessKeys.Contains) && keyNames[0] != keyNames[1]))
        {
            reader.Errors.Add("keyNames", KeyNamesRule);
            keyNames = null;
        }

        return subscriptionId is null || resourceGroup is null || accountName is null || keyNames is null
            ? null
            : new AzureStorageAccountKeyParameters(new StorageAccountRef(subscriptionId.Value.ToString(), resourceGroup, accountName), keyNames);
    }

    [GeneratedRegex(@"^[-\w.()]{0,89}[-\w()]$")]
    private static partial Regex ResourceGroupName();

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountName();
}
