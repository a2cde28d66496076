using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class RotationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new RotationOptions().Validate();

    public static TheoryData<RotationOptions, string> OutOfRange => new()
    {
        { new RotationOptions { FailureRetries = 11 }, nameof(RotationOptions.FailureRetries) },
        { new RotationOptions { FailureRetries = -1 }, nameof(RotationOptions.FailureRetries) },
        { new RotationOptions { FailureRetryDelay = TimeSpan.FromMilliseconds(500) }, nameof(RotationOptions.FailureRetryDelay) },
        { new RotationOptions { FailureRetryMaxDelay = TimeSpan.FromMinutes(1) }, nameof(RotationOptions.FailureRetryMaxDelay) },
        { new RotationOptions { FailureRetryBackoff = 0.5 }, nameof(RotationOptions.FailureRetryBackoff) },
        { new RotationOptions { FailureRetryJitter = 0.6 }, nameof(RotationOptions.FailureRetryJitter) },
        { new RotationOptions { FailureRetryJitter = double.NaN }, nameof(RotationOptions.FailureRetryJitter) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_RetrySettingOutOfRange_NamesIt(RotationOptions options, string name) =>
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
}
