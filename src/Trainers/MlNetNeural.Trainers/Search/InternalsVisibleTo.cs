using System.Runtime.CompilerServices;

// The search tests build result objects from hand-made fold scores to check the selection rules.
[assembly: InternalsVisibleTo("MlNetNeural.Search.Tests")]
