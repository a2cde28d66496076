using System.CommandLine;
using Keyturn.Cli.Host;
using Keyturn.TestProviders;

// The shipped `keyturn server` command itself (same flags, same KEYTURN_* variables, KEYTURN_FAILPOINTS included),
// with the test providers added: `Keyturn.TestHost server --data-dir … --urls … --verify-timeout 2`.
var root = new RootCommand("Keyturn crash-test host") { ServerCommand.Create(services => services.AddTestProviders()) };
return await root.Parse(args).InvokeAsync();
