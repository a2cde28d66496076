using System.Security.Cryptography;
using System.Text;

namespace Keyturn.Server.Notifications;

/// <summary>GitHub's scheme: X-Keyturn-Signature: sha256=&lt;lowercase hex HMAC-SHA256 of the raw body, keyed with the signing secret's UTF-8 bytes&gt;.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Keyturn-Signature";

    public static string Of(string signingSecret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), body));
}
