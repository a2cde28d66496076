using Keyturn.Core.Results;
using Keyturn.Core.Secrets;

namespace Keyturn.Core.Tests.Secrets;

/// <summary>
/// The form check of a secret request's scope: it runs before the permission check and reads nothing, so it must
/// answer only from the text it is given, naming every wrong field at once.
/// </summary>
public sealed class SecretScopeTests
{
    private static readonly Guid Project = Guid.Parse("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f");

    [Theory]
    [InlineData(null, "/")]
    [InlineData("/", "/")]
    [InlineData("/api/", "/api")]
    [InlineData("/api/v2", "/api/v2")]
    public void Parse_ValidScope_NormalisesThePath(string? secretPath, string expected)
    {
        var errors = new ValidationErrors();

        var scope = SecretScope.Parse(Project.ToString(), "dev", secretPath, errors);

        Assert.True(errors.IsEmpty, errors.Summary());
        Assert.Equal(new SecretScope(Project, "dev", expected), scope);
    }

    [Theory]
    [InlineData(null, "dev", "/", "workspaceId")]
    [InlineData("", "dev", "/", "workspaceId")]
    [InlineData("not-a-guid", "dev", "/", "workspaceId")]
    [InlineData("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", null, "/", "environment")]
    [InlineData("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", "", "/", "environment")]
    [InlineData("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", "dev", "", "secretPath")]
    [InlineData("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", "dev", "api", "secretPath")]
    [InlineData("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", "dev", "/api/../x", "secretPath")]
    public void Parse_WrongField_IsNullAndNamesIt(string? workspaceId, string? environment, string? secretPath, string field)
    {
        var errors = new ValidationErrors();

        var scope = SecretScope.Parse(workspaceId, environment, secretPath, errors);

        Assert.Null(scope);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Parse_EmptyGuid_IsAScopeLikeAnyOther()
    {
        // Guid.Empty is a well-formed id; whether a project has it is for the lookup after the permission check.
        var errors = new ValidationErrors();

        var scope = SecretScope.Parse(Guid.Empty.ToString(), "dev", "/", errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(Guid.Empty, scope!.ProjectId);
    }

    [Fact]
    public void Parse_EveryFieldWrong_NamesAllThree()
    {
        var errors = new ValidationErrors();

        Assert.Null(SecretScope.Parse("x", null, "relative", errors));
        Assert.Equal(["environment", "secretPath", "workspaceId"], errors.ToDictionary().Keys.Order());
    }
}
