namespace Keyturn.Cli.Tests;

/// <summary>A canned options answer: Azure's type as the server describes it, and an invented type with every parameter type.</summary>
internal static class RotationTypes
{
    public const string Path = "/api/v2/secret-rotations/options";

    public const string Body = """
        {"secretRotationOptions":[
          {"name":"Azure Client Secret","type":"azure-client-secret","connection":"azure","shape":"additive","maxSlots":2,"description":"d",
           "parameters":[
             {"name":"objectId","type":"guid","required":true,"rules":"must be a GUID","description":"d","changeable":false},
             {"name":"clientId","type":"guid","required":true,"rules":"must be a GUID","description":"d","changeable":false},
             {"name":"appName","type":"string","required":false,"rules":"at most 256","description":"d","changeable":true}],
           "outputs":[{"name":"clientId","description":"d","required":true},{"name":"clientSecret","description":"d","required":true}],
           "passwordPolicy":null,"template":{"parameters":{"objectId":"","clientId":""},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}},
          {"name":"Db Password","type":"db-password","connection":"postgres","shape":"in-place","maxSlots":1,"description":"d",
           "parameters":[
             {"name":"user","type":"string","required":true,"rules":"r","description":"d","changeable":false},
             {"name":"port","type":"integer","required":false,"rules":"r","description":"d","changeable":true},
             {"name":"tls","type":"boolean","required":false,"rules":"r","description":"d","changeable":true},
             {"name":"hosts","type":"string[]","required":false,"rules":"r","description":"d","changeable":true},
             {"name":"ports","type":"integer[]","required":false,"rules":"r","description":"d","changeable":true},
             {"name":"passwordPolicy","type":"object","required":false,"rules":"r","description":"d","changeable":true}],
           "outputs":[{"name":"password","description":"d","required":false}],
           "passwordPolicy":{"length":32},"template":{"parameters":{"user":""},"secretsMapping":{"password":"POSTGRES_PASSWORD"}}}]}
        """;
}
