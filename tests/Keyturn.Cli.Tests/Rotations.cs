namespace Keyturn.Cli.Tests;

/// <summary>Canned secret-rotation answers in the documented shape.</summary>
internal static class Rotations
{
    public static string Body(string status = "success", string? message = null) => $$"""
        {"secretRotation":{"id":"r1","name":"graph-app","description":null,
         "secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"},
         "isAutoRotationEnabled":true,"activeIndex":1,"folderId":"f1","connectionId":"c1",
         "createdAt":"2026-11-21T10:00:00Z","updatedAt":"2026-11-21T10:00:00Z","rotationInterval":30,
         "rotationStatus":"{{status}}","lastRotationAttemptedAt":"2026-11-21T10:00:00Z","lastRotatedAt":"2026-11-21T10:00:00Z",
         "lastRotationJobId":"j1","nextRotationAt":"2026-12-21T00:00:00Z",
         "connection":{"app":"azure","name":"azure-prod","id":"c1"},
         "environment":{"slug":"dev","name":"Development","id":"e1"},"projectId":"p1",
         "folder":{"id":"f1","path":"/"},"rotateAtUtc":{"hours":3,"minutes":5},
         "lastRotationMessage":{{(message is null ? "null" : $"\"{message}\"")}},"type":"azure-client-secret",
         "parameters":{"objectId":"o1","clientId":"app-1","appName":"Graph App"} } }
        """;
}
