using Mono.Cecil;

// Usage: Publicizer <input.dll> <output.dll>
//
// Writes a copy of <input.dll> in which every type, field and method is public, except that
// non-public virtual methods become protected. The copy is only ever a compile-time reference:
// at run time the original assembly is loaded and IgnoresAccessChecksToAttribute lets our
// assemblies reach its internals.
//
// Why protected for virtuals: ML.NET's extension points are `private protected` or `internal`
// virtuals. Making them public would force `public override` in our code, and mixing public and
// protected overrides of one member is CS0507. Protected lets overrides read like ML.NET's own.

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Publicizer <input.dll> <output.dll>");
    return 2;
}

var input = args[0];
var output = args[1];
var resolver = new DefaultAssemblyResolver();
resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);

using (var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver }))
{
    foreach (var module in assembly.Modules)
    {
        foreach (var type in module.GetTypes())
            Publicize(type);
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    var temp = output + ".tmp";
    assembly.Write(temp);
    File.Move(temp, output, overwrite: true);
}
return 0;

static void Publicize(TypeDefinition type)
{
    if (type.IsNested)
        type.IsNestedPublic = true;
    else
        type.IsPublic = true;

    foreach (var field in type.Fields)
        field.IsPublic = true;

    foreach (var method in type.Methods)
    {
        // Explicit interface implementations keep their privacy: their names are not C# identifiers.
        if (method.HasOverrides)
            continue;
        if (method.IsVirtual && !method.IsPublic)
            method.IsFamily = true;
        else
            method.IsPublic = true;
    }
}
