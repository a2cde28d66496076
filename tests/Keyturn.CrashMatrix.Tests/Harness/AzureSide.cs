using System.Security.Cryptography.X509Certificates;
using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>An Azure emulator (in this process or its own) as the azure-client-secret cells use it: through its endpoints and control API.</summary>
public sealed record AzureSide(Uri Endpoint, string TenantId, string AdminClientId, string AdminSecret, string AdminObjectId, X509Certificate2 Ca, string CaPath, EmulatorControlClient Control);
