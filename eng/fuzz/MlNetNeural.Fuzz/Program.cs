// Fuzz targets for AFL++ (eng/fuzz/run.sh): `MlNetNeural.Fuzz TARGET` runs TARGET under afl-fuzz's fork server,
// `MlNetNeural.Fuzz instrument DLL…` adds AFL's coverage probes to our assemblies, `MlNetNeural.Fuzz seeds TARGET DIR`
// writes the target's starting inputs, and `MlNetNeural.Fuzz replay TARGET FILE…` runs inputs once, as the tests do.
using MlNetNeural.Fuzz;
using SharpFuzz;

if (args.Length >= 2 && args[0] == "instrument")
{
    // Only our own code: the runtime's and ML.NET's branches would drown the ones that matter.
    foreach (string dll in args[1..])
        Fuzzer.Instrument(dll, type => type.StartsWith("MlNetNeural.", StringComparison.Ordinal), Options.Value);
    return 0;
}

var target = args.Length >= 2 ? FuzzTargets.Find(args[1]) : args.Length == 1 ? FuzzTargets.Find(args[0]) : null;
switch (args)
{
    case ["seeds", _, string folder] when target is not null:
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in target.Seeds())
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        return 0;
    case ["replay", _, .. var files] when target is not null:
        foreach (string file in files)
            Console.WriteLine($"{file}: {(target.Run(File.ReadAllBytes(file)) ? "accepted" : "refused")}");
        return 0;
    case [_] when target is not null:
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.ToArray());
        });
        return 0;
    default:
        Console.Error.WriteLine($"usage: MlNetNeural.Fuzz ({string.Join(" | ", FuzzTargets.All.Select(t => t.Name))}) | seeds TARGET DIR | replay TARGET FILE... | instrument DLL...");
        return 2;
}
