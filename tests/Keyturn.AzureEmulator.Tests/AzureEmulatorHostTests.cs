using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>Start-up, TLS trust, persistence and disposal of the emulator host.</summary>
public sealed class AzureEmulatorHostTests
{
    [Fact]
    public async Task StartAsync_Defaults_ListensOnLoopbackWithConsistentUris()
    {
        await using var host = await Emulator.StartAsync();

        Assert.Equal("https", host.BaseUri.Scheme);
        Assert.Equal("127.0.0.1", host.BaseUri.Host);
        Assert.Equal(host.BaseUri, host.AuthorityHost);
        Assert.Equal(host.BaseUri, host.GraphEndpoint);
        Assert.True(Guid.TryParse(host.TenantId, out _));
        Assert.NotNull(host.AdminApp.InitialSecret);
        Assert.Equal(40, host.TargetApp.InitialSecret!.Length);
        Assert.True(host.Control.Authenticates(host.AdminApp.ClientId, host.AdminApp.InitialSecret!));
        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, host.TargetApp.InitialSecret));
    }

    [Fact]
    public async Task CaCertificatePath_PemFile_ValidatesServerChainWithCustomRootTrust()
    {
        await using var host = await Emulator.StartAsync();
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(host.CaCertificatePath));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseUri.Port);
        X509Certificate2? presented = null;
        SslPolicyErrors errors = SslPolicyErrors.None;
        using var tls = new SslStream(tcp.GetStream());

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = EmulatorTrust.ChainPolicy(ca),
            // Observe the verdict the policy reached, and keep it: a chain error fails the handshake.
            RemoteCertificateValidationCallback = (_, certificate, _, policyErrors) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                errors = policyErrors;
                return policyErrors == SslPolicyErrors.None;
            },
        });

        Assert.Equal(SslPolicyErrors.None, errors);
        Assert.NotNull(presented);
        var names = presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        Assert.Equal(ca.Thumbprint, host.CaCertificate.Thumbprint);
        presented.Dispose();
    }

    [Fact]
    public async Task CaCertificatePath_WithoutTrust_HandshakeFails()
    {
        await using var host = await Emulator.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("_emulator/info"));
    }

    [Fact]
    public async Task StartAsync_SameStateDirectory_KeepsAppsCredentialsAndCa()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-emulator-test-").FullName;
        try
        {
            string tenant, thumbprint, addedSecret;
            EmulatedApp admin, target, created;
            await using (var first = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions { StateDirectory = directory }, CancellationToken.None))
            {
                tenant = first.TenantId;
                thumbprint = first.CaCertificate.Thumbprint;
                admin = first.AdminApp;
                target = first.TargetApp;
                created = first.Control.CreateApplication("extra", ["Application.ReadWrite.OwnedBy"], [admin.ObjectId], withInitialSecret: true);
                addedSecret = first.Control.AddPassword(target.ObjectId, "second");
            }

            await using var second = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions { StateDirectory = directory }, CancellationToken.None);

            Assert.Equal(tenant, second.TenantId);
            Assert.Equal(thumbprint, second.CaCertificate.Thumbprint);
            Assert.Equal(admin, second.AdminApp);
            Assert.Equal(target, second.TargetApp);
            Assert.Equal(2, second.Control.ListPasswords(target.ObjectId).Count);
            Assert.True(second.Control.Authenticates(target.ClientId, addedSecret));
            Assert.True(second.Control.Authenticates(created.ClientId, created.InitialSecret!));
            // The real client, trusting the CA file from the first run, still gets tokens.
            Assert.NotEmpty(await EmulatorClient.TokenAsync(second, admin.ClientId, admin.InitialSecret!));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task DisposeAsync_TemporaryState_RemovesDirectory()
    {
        var host = await Emulator.StartAsync();
        var directory = Path.GetDirectoryName(host.CaCertificatePath)!;
        Assert.True(File.Exists(host.CaCertificatePath));

        await host.DisposeAsync();

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Emulator.StartAsync(o => o.MaxPasswordCredentialsPerApp = 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Emulator.StartAsync(o => o.PropagationDelay = TimeSpan.FromSeconds(-1)));
    }
}
