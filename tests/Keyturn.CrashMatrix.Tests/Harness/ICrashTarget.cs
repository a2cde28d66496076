using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Domain;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>The thing a cell's rotation changes, seen from outside any server: how to connect to it, and what must hold at it after recovery.</summary>
public interface ICrashTarget : IAsyncDisposable
{
    /// <summary>The app connection family ("test", "azure").</summary>
    string App { get; }

    object ConnectionBody(string name);

    object Parameters { get; }

    /// <summary>Output name to secret key.</summary>
    IReadOnlyDictionary<string, string> Mapping { get; }

    /// <summary>Secrets the project holds before any rotation (an admin token that authorises changes at the target).</summary>
    IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>();

    /// <summary>What the server must allow and trust to reach the target (--outbound-allow, --extra-ca-file); none for most.</summary>
    IReadOnlyList<string> OutboundAllow => [];

    X509Certificate2? Ca => null;

    string? CaPath => null;

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Makes the target refuse (or accept again) every verification.</summary>
    Task SetVerifyRefusedAsync(bool refused);

    /// <summary>Whether the target accepts a credential with these output values now.</summary>
    Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values);

    /// <summary>
    /// Nothing lost, nothing orphaned: every credential Keyturn made or changed at the target is one Keyturn holds, in a
    /// slot or in the crashed job's journal (<paramref name="held"/>), and nothing Keyturn did not make was touched.
    /// </summary>
    Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held);
}
