using System.Text.RegularExpressions;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// A parsed Graph v1.0 application path: "applications", "applications/{id}[/action]" or
/// "applications(appId='{appId}')[/action]". Graph addresses an app by object id or by client id.
/// </summary>
internal sealed partial record GraphPath(string? ObjectId, string? AppId, string? Action)
{
    public bool IsCollection => ObjectId is null && AppId is null;

    public static GraphPath? Parse(string path)
    {
        var match = Pattern().Match(path);
        if (!match.Success)
        {
            return null;
        }

        string? Group(string name) => match.Groups[name].Success ? Uri.UnescapeDataString(match.Groups[name].Value) : null;
        return new GraphPath(Group("id"), Group("appId"), Group("action"));
    }

    [GeneratedRegex(@"^/v1\.0/applications(?:/(?<id>[^/()]+)|\(appId='(?<appId>[^']+)'\))?(?:/(?<action>[A-Za-z.]+))?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
