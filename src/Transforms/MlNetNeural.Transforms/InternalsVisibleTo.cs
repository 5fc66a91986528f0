using System.Runtime.CompilerServices;

// The kernel tests choose the GEMM's micro-kernel (Gemm.ActiveKernel) to hold every one to the same bits.
[assembly: InternalsVisibleTo("MlNetNeural.Neural.Tests")]

// The explainers' input gradients are cross-checked against TorchSharp's autograd at the path points.
[assembly: InternalsVisibleTo("MlNetNeural.TorchSharp.Tests")]
