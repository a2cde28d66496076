using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class ParsedParametersTests
{
    [Fact]
    public void Parse_PlanTakesNoGeneratedSecret_NoPolicy()
    {
        var parsed = ParsedParameters.Parse(new NoopCapable(), JsonSerializer.SerializeToElement(new { generate = false }), new ValidationErrors());

        Assert.NotNull(parsed);
        Assert.Null(parsed.Policy);
        Assert.False(parsed.Plan.GeneratesSecret);
    }

    [Fact]
    public void Parse_PlanTakesAGeneratedSecret_DescriptorPolicyWithOverrides()
    {
        var parsed = ParsedParameters.Parse(new NoopCapable(), JsonSerializer.SerializeToElement(new { generate = true, passwordPolicy = new { length = 40 } }), new ValidationErrors());

        Assert.Equal(40, parsed!.Policy!.Length);
    }

    /// <summary>An in-place type whose rotations may opt out of the engine-generated secret (as a script's NOOP mode does).</summary>
    private sealed class NoopCapable : RotationProvider<NoopCapable.Parameters>
    {
        public sealed record Parameters(bool Generate);

        public override ProviderDescriptor Descriptor { get; } = new("noop-capable", "local", RotationShape.InPlace, 1, "",
            [new ParameterSpec("generate", "boolean", true, "", ""), ParameterSpec.PasswordPolicy("")], [new OutputSpec("password", "")], new PasswordPolicy());

        protected override Parameters? Parse(ParameterReader reader) => new(reader.Bool("generate") ?? true);

        protected override RotationPlan Plan(Parameters parameters) => new(1, Descriptor.Outputs) { GeneratesSecret = parameters.Generate };

        public override Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
