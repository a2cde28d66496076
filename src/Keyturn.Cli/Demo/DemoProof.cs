using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using Keyturn.AzureEmulator;
using Keyturn.Providers.Azure;
using Spectre.Console;

namespace Keyturn.Cli.Demo;

/// <summary>Checks against the emulator with real token requests, as a consumer of the secret would.</summary>
internal sealed class DemoProof(AzureEmulatorHost emulator, AzureCredentials credentials)
{
    private readonly Dictionary<string, string> _seenKeyturnSecrets = [];
    private readonly AzureConnectionConfig _config = new(emulator.TenantId, emulator.TargetApp.ClientId, emulator.AuthorityHost, emulator.GraphEndpoint);

    public async Task<bool> AuthenticatesAsync(string secret, CancellationToken ct)
    {
        try
        {
            await credentials.Create(_config, emulator.TargetApp.ClientId, secret).GetTokenAsync(new TokenRequestContext([_config.GraphScope]), ct);
            return true;
        }
        catch (AuthenticationFailedException)
        {
            return false;
        }
    }

    /// <summary>Every password credential at the target app: who made it, which slot holds it, whether Entra accepts it.</summary>
    public async Task<Table> CredentialTableAsync(JsonNode generated, CancellationToken ct)
    {
        var activeIndex = generated["activeIndex"]!.GetValue<int>();
        var slots = generated["generatedCredentials"]!.AsArray();
        var table = new Table().AddColumns("keyId", "made by", "slot", "accepted by Entra");
        var present = emulator.Control.ListPasswords(emulator.TargetApp.ObjectId);
        foreach (var credential in present)
        {
            var madeByKeyturn = credential.DisplayName?.StartsWith("Keyturn", StringComparison.Ordinal) == true;
            var slotIndex = slots.Select((s, i) => (s, i)).FirstOrDefault(x => x.s?["keyId"]?.GetValue<string>() == credential.KeyId.ToString()).i;
            var inSlot = slots.ElementAtOrDefault(slotIndex)?["keyId"]?.GetValue<string>() == credential.KeyId.ToString();
            var secret = inSlot ? slots[slotIndex]!["clientSecret"]!.GetValue<string>() : madeByKeyturn ? null : emulator.TargetApp.InitialSecret;
            var accepted = secret is null ? "?" : await AuthenticatesAsync(secret, ct) ? "[green]yes[/]" : "[red]no[/]";
            table.AddRow(
                credential.KeyId.ToString()[..8],
                madeByKeyturn ? "Keyturn" : $"someone else ({Markup.Escape(credential.DisplayName ?? "-")})",
                inSlot ? $"{slotIndex}{(slotIndex == activeIndex ? " (active)" : "")}" : "-",
                accepted);
            if (inSlot)
            {
                _seenKeyturnSecrets[credential.KeyId.ToString()] = secret!;
            }
        }

        // Credentials Keyturn made earlier and has since revoked: proven gone, not just unlisted.
        foreach (var (keyId, secret) in _seenKeyturnSecrets.Where(s => present.All(p => p.KeyId.ToString() != s.Key)).ToList())
        {
            table.AddRow(keyId[..8], "Keyturn", "revoked", await AuthenticatesAsync(secret, ct) ? "[red]yes[/]" : "[green]no[/]");
        }

        return table;
    }
}
