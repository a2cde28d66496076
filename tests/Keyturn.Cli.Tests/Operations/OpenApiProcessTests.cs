using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// A real `keyturn server` process serves a valid OpenAPI document (no token needed) that a client generator can use,
/// and a reference page at /docs whose scripts and styles all come from the server itself.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class OpenApiProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-openapi-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Server_ServesAValidDocument_AndAnOfflineReferencePage()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_directory, "scripts")).FullName;
        using var server = await OperationsServer.StartAsync(Path.Combine(_directory, "data"), _token, scripts);
        using var anonymous = new HttpClient { BaseAddress = server.Api.BaseAddress, Timeout = OperationsServer.Bound };

        var json = await anonymous.GetStringAsync("openapi/v1.json");
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Empty(read.Diagnostic!.Errors);
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal(SecuritySchemeType.Http, document.Components!.SecuritySchemes!["bearer"].Type);
        var create = document.Paths.Single(p => p.Key.TrimEnd('/') == "/api/v1/projects").Value.Operations![HttpMethod.Post];
        Assert.Equal("createProject", create.OperationId);
        Assert.NotNull(create.RequestBody!.Content!["application/json"].Schema);
        Assert.NotNull(create.Responses!["200"].Content!["application/json"].Schema);
        Assert.NotNull(create.Responses["400"].Content!["application/problem+json"].Schema);
        Assert.Contains(create.Security!, s => s.Keys.Any(k => k.Reference.Id == "bearer"));

        using var page = await anonymous.GetAsync("docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var assets = Assets().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("./swagger-ui-bundle.js", assets);
        Assert.All(assets, a => Assert.DoesNotContain("//", a, StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var served = await anonymous.GetAsync(new Uri(new Uri(anonymous.BaseAddress!, "docs/"), asset));
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)served.StatusCode}");
        }

        // The page points Swagger UI at the server's own document and switches the online validator off.
        var settings = await anonymous.GetStringAsync("docs/index.js");
        Assert.Contains("/openapi/v1.json", settings, StringComparison.Ordinal);
        Assert.Contains("\"validatorUrl\":\"none\"", settings.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:src|href)="([^"]+)"\s*""")]
    private static partial Regex Assets();
}
