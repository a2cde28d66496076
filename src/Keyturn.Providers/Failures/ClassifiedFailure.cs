using Keyturn.Core.Providers.Failures;

namespace Keyturn.Providers.Failures;

/// <summary>What <see cref="ProviderFailures.Classify"/> read from an exception: the kind, the provider's own code (if it answered with one) and its words.</summary>
/// <param name="Code">"AADSTS7000215", a SQL state such as "28P01", "MySQL 1045", an ARM or Graph error code; null when the provider gave none.</param>
public sealed record ClassifiedFailure(ProviderFailureKind Kind, string? Code, string Text);
