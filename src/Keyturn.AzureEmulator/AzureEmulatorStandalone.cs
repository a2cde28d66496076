namespace Keyturn.AzureEmulator;

/// <summary>The `keyturn emulator azure` command: start with a persistent state directory, print how to connect, run until cancelled.</summary>
public static class AzureEmulatorStandalone
{
    public static async Task<int> RunAsync(int port, string stateDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(output);
        var options = new AzureEmulatorOptions { Port = port, StateDirectory = Path.GetFullPath(stateDirectory) };
        await using var host = await AzureEmulatorHost.StartAsync(options, cancellationToken);

        await output.WriteLineAsync($"Keyturn Azure emulator listening on {host.BaseUri}");
        await output.WriteLineAsync($"tenant id:             {host.TenantId}");
        await output.WriteLineAsync($"authority host:        {host.AuthorityHost}");
        await output.WriteLineAsync($"graph endpoint:        {host.GraphEndpoint} (Graph v1.0 at {new Uri(host.GraphEndpoint, "v1.0/")})");
        await output.WriteLineAsync($"admin client id:       {host.AdminApp.ClientId}");
        await output.WriteLineAsync($"admin client secret:   {host.AdminApp.InitialSecret} (invalid if it has since been removed)");
        await output.WriteLineAsync($"target object id:      {host.TargetApp.ObjectId}");
        await output.WriteLineAsync($"target client id:      {host.TargetApp.ClientId}");
        await output.WriteLineAsync($"public client id:      {host.PublicClientApp.ClientId} (allows the password grant)");
        await output.WriteLineAsync($"user:                  {host.NormalUser.UserPrincipalName} (object id {host.NormalUser.ObjectId}, initial password {host.NormalUser.InitialPassword})");
        await output.WriteLineAsync($"privileged user:       {host.PrivilegedUser.UserPrincipalName} (object id {host.PrivilegedUser.ObjectId}; Global Administrator, the admin app may not reset it)");
        await output.WriteLineAsync($"resource manager:      {host.ResourceManagerEndpoint}");
        await output.WriteLineAsync($"subscription id:       {host.SubscriptionId}");
        await output.WriteLineAsync($"storage account:       {host.StorageAccount.Name} (resource group {host.StorageAccount.ResourceGroup}, blob endpoint {host.StorageAccount.BlobEndpoint})");
        await output.WriteLineAsync($"CA certificate:        {host.CaCertificatePath}");
        await output.WriteLineAsync($"  export SSL_CERT_FILE={host.CaCertificatePath}");
        var environmentFile = await EmulatorEnvironmentFile.WriteAsync(host, Path.GetFullPath(stateDirectory), cancellationToken);
        await output.WriteLineAsync($"shell variables:       source {environmentFile}");
        await output.WriteLineAsync("Azure.Identity: set AuthorityHost to the URL above and DisableInstanceDiscovery = true. Ctrl+C stops.");
        await output.FlushAsync(cancellationToken);

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is the normal way to stop the emulator.
        }

        return 0;
    }
}
