using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Azure.Identity;
using Keyturn.AzureEmulator;
using Keyturn.Core.Providers.Failures;
using Keyturn.Providers.Azure;
using Keyturn.Providers.Failures;
using Keyturn.Tests.Shared;
using MySqlConnector;
using Npgsql;

namespace Keyturn.Providers.Tests.Errors;

/// <summary>
/// The classifier on real exceptions from real failures on loopback: a closed port, a name under .invalid, the
/// emulator's certificate without its CA, a listener that never answers, and Entra's (the emulator's) refusal.
/// </summary>
public sealed class ProviderFailuresTests : IAsyncLifetime
{
    private AzureEmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Classify_ClosedLoopbackPort_IsRefused()
    {
        var port = LoopbackPorts.Unused();
        using var client = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"https://127.0.0.1:{port}/")));
        var error = ProviderFailures.From(e, $"Entra at https://127.0.0.1:{port}/");

        Assert.Equal(ProviderFailureKind.Refused, error.Kind);
        Assert.True(error.Unreachable);
        Assert.StartsWith("Connection refused: ", error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.True(Regex.Count(error.Message, Regex.Escape("Connection refused")) == 1, error.Message);
    }

    [Fact]
    public async Task Classify_UnresolvableName_IsDns()
    {
        using var client = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://keyturn-no-such-host.invalid/")));
        var error = ProviderFailures.From(e, "Entra at https://keyturn-no-such-host.invalid/");

        Assert.Equal(ProviderFailureKind.Dns, error.Kind);
        Assert.StartsWith("DNS lookup failed: ", error.Message);
    }

    [Fact]
    public async Task Classify_UntrustedCertificate_IsTls()
    {
        // The process trusts only the system store; the emulator's private CA is not in it.
        using var transport = new AzureHttpTransport();
        var credential = new AzureCredentials(transport).Create(
            new AzureConnectionConfig(_emulator.TenantId, _emulator.AdminApp.ClientId, _emulator.AuthorityHost, _emulator.GraphEndpoint),
            _emulator.AdminApp.ClientId, _emulator.AdminApp.InitialSecret!);

        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            credential.GetTokenAsync(new global::Azure.Core.TokenRequestContext(["https://graph.microsoft.com/.default"]), CancellationToken.None).AsTask());
        var failure = ProviderFailures.Classify(e);

        Assert.Equal(ProviderFailureKind.Tls, failure.Kind);
        Assert.StartsWith("TLS trust failed: ", ProviderFailures.Describe(failure, "Entra"));
    }

    [Fact]
    public async Task Classify_ListenerThatNeverAnswers_IsTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        var error = ProviderFailures.From(e, "the service");

        Assert.Equal(ProviderFailureKind.Timeout, error.Kind);
        Assert.StartsWith("Timed out: ", error.Message);
    }

    [Fact]
    public async Task Classify_WrongClientSecret_IsRejectedWithEntrasCodeFirstOnce()
    {
        using var transport = new AzureHttpTransport(new X509Certificate2Collection(_emulator.CaCertificate));
        var credential = new AzureCredentials(transport).Create(
            new AzureConnectionConfig(_emulator.TenantId, _emulator.AdminApp.ClientId, _emulator.AuthorityHost, _emulator.GraphEndpoint),
            _emulator.AdminApp.ClientId, "Wrong~Secret~Value~0123456789abcdefXYZ");

        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            credential.GetTokenAsync(new global::Azure.Core.TokenRequestContext(["https://graph.microsoft.com/.default"]), CancellationToken.None).AsTask());
        var failure = ProviderFailures.Classify(e);
        var message = EntraErrors.Describe(e);

        Assert.Equal(ProviderFailureKind.Rejected, failure.Kind);
        Assert.Equal("AADSTS7000215", failure.Code);
        Assert.True(message.StartsWith("AADSTS7000215: Invalid client secret provided.", StringComparison.Ordinal), message);
        Assert.Equal(1, Regex.Count(message, Regex.Escape("AADSTS7000215")));
        Assert.Equal(1, Regex.Count(message, Regex.Escape("Invalid client secret provided")));
        Assert.DoesNotContain("Trace ID", message);
        Assert.DoesNotContain("…", message);
        Assert.DoesNotContain("Wrong~Secret", message);
    }

    [Fact]
    public async Task Classify_PostgresAtAClosedPort_IsRefused()
    {
        var port = LoopbackPorts.Unused();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=u;Password=p;Timeout=5");

        var e = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.Equal(ProviderFailureKind.Refused, ProviderFailures.Classify(e).Kind);
    }

    [Fact]
    public async Task Classify_MySqlAtAClosedPort_IsRefused()
    {
        var port = LoopbackPorts.Unused();
        await using var connection = new MySqlConnection($"Server=127.0.0.1;Port={port};User ID=u;Password=p;Connection Timeout=5");

        var e = await Assert.ThrowsAnyAsync<MySqlException>(() => connection.OpenAsync());

        Assert.Equal(ProviderFailureKind.Refused, ProviderFailures.Classify(e).Kind);
    }
}
