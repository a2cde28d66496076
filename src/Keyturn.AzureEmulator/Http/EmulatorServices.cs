using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Faults;
using Keyturn.AzureEmulator.Tokens;

namespace Keyturn.AzureEmulator.Http;

/// <summary>What the endpoints share: the directory, the token issuer, faults, the request log and the clock.</summary>
internal sealed record EmulatorServices(
    DirectoryStore Directory,
    AccessTokenIssuer Tokens,
    FaultInjector Faults,
    RequestLog Requests,
    TimeProvider Time,
    string CaCertificatePath);
