namespace Keyturn.Tests.Shared.Logging;

/// <summary>A test server or process logged a value it was given as a secret.</summary>
internal sealed class LogLeakException(string message) : Exception(message);
