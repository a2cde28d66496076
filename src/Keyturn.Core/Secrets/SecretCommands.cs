namespace Keyturn.Core.Secrets;

/// <summary>Create or update one secret: its scope, its name (a valid secret key) and the new value.</summary>
public sealed record WriteSecretCommand(SecretScope Scope, string SecretName, string SecretValue);

/// <summary>Delete one secret (every version of it) at a scope.</summary>
public sealed record DeleteSecretCommand(SecretScope Scope, string SecretName);
