// The .NET runtime honours this attribute when it is declared by the assembly that uses it:
// it lets this assembly reach the non-public members of the named ML.NET assemblies at run time,
// which the publicized compile-time references (eng/Internals.targets) already allow at compile time.
// Each such assembly declares its own copy; one that also sees another's internals (InternalsVisibleTo) sees that
// copy too, and the compiler warns that it uses this file's (CS0436), which is exactly what the runtime needs.
#pragma warning disable CS0436
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.StandardTrainers")]
#pragma warning restore CS0436

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        public string AssemblyName { get; }
    }
}
