using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Domain;

namespace Keyturn.Core.Audit;

/// <summary>
/// The hash that links each audit entry to the one before it: SHA-256 over a canonical encoding of every field of the
/// entry, its sequence number and the previous entry's hash. The encoding is length-prefixed, so no choice of field
/// values can make two different entries encode alike; the CLI recomputes it to verify the trail.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry of the chain.</summary>
    public static readonly string GenesisHash = new('0', 64);

    // Bumped if the encoding ever changes, so old and new entries can never be confused.
    private const string Version = "keyturn-audit-v1";

    public static string Hash(AuditEntry entry, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream();
        Write(buffer, Version);
        Write(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Write(buffer, previousHash);
        Write(buffer, entry.Id.ToString("D"));
        // Stored to the millisecond, so the hash covers exactly what the database keeps.
        Write(buffer, entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.Actor);
        Write(buffer, entry.IdentityId);
        Write(buffer, entry.SourceIp);
        Write(buffer, entry.Action);
        Write(buffer, entry.ResourceType);
        Write(buffer, entry.ResourceId);
        Write(buffer, entry.ProjectId?.ToString("D"));
        Write(buffer, entry.Outcome);
        Write(buffer, entry.RequestId);
        Write(buffer, entry.DetailsJson);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    // A null field is length -1, distinct from an empty string.
    private static void Write(Stream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            buffer.Write(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
