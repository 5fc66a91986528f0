// Entry point of the `mlnetneural` tool: wires the console, Ctrl+C and SIGTERM to CliApp.Run.
// The first Ctrl+C cancels the running command cleanly (no model file is left); a second one
// ends the process at once.
using System.Runtime.InteropServices;
using MlNetNeural.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested)
        return; // Second Ctrl+C: let the runtime end the process.
    e.Cancel = true;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
return CliApp.Run(args, Console.Out, Console.Error, cancellation.Token, errorIsTerminal: !Console.IsErrorRedirected);
