using System.Runtime.CompilerServices;

// The kernel tests choose the GEMM's micro-kernel (Gemm.ActiveKernel) to hold every one to the same bits.
[assembly: InternalsVisibleTo("MlNetNeural.Neural.Tests")]

// The explainers' input gradients are cross-checked against TorchSharp's autograd at the path points.
[assembly: InternalsVisibleTo("MlNetNeural.TorchSharp.Tests")]

// Training runs the same kernels as scoring (the GEMM, the matrix-vector products, activations, the overflow check),
// so that a trained model scores to the bits training computed; they are not part of the scoring API.
[assembly: InternalsVisibleTo("MlNetNeural.Trainers")]
[assembly: InternalsVisibleTo("MlNetNeural.Trainers.TorchSharp")]
[assembly: InternalsVisibleTo("MlNetNeural.Tests")]
[assembly: InternalsVisibleTo("MlNetNeural.Search.Tests")]
[assembly: InternalsVisibleTo("MlNetNeural.Benchmarks")]
[assembly: InternalsVisibleTo("MlNetNeural.Fuzz")]
