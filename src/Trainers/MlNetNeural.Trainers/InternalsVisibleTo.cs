using System.Runtime.CompilerServices;

// The search tests build result objects from hand-made fold scores to check the selection rules,
// and test the stratified split's test-row allocation and its per-row key view directly.
[assembly: InternalsVisibleTo("MlNetNeural.Search.Tests")]

// The sparse-input engine's parts (Neural/Sparse, Data) are tested directly, and the TorchSharp backend
// cross-checks them.
[assembly: InternalsVisibleTo("MlNetNeural.Neural.Tests")]
[assembly: InternalsVisibleTo("MlNetNeural.TorchSharp.Tests")]

// The fuzz targets (eng/fuzz) read checkpoints through the reader itself.
[assembly: InternalsVisibleTo("MlNetNeural.Fuzz")]

// The TorchSharp backend checks its arguments with the managed engine's contract (EngineContract).
[assembly: InternalsVisibleTo("MlNetNeural.Trainers.TorchSharp")]

// The trainers' own tests and the benchmarks reach the engine's parts (losses, optimizers, schedules, backpropagation)
// directly; users reach them only through the options.
[assembly: InternalsVisibleTo("MlNetNeural.Benchmarks")]
