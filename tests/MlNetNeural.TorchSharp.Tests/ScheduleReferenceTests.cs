using MlNetNeural.Neural.Schedules;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// The warm-up cosine and one-cycle schedules against TorchSharp's <c>lr_scheduler</c> ports stepped once per epoch:
/// <c>SequentialLR(LinearLR, CosineAnnealingLR)</c> and <c>OneCycleLR(total_steps = epochs)</c> give every epoch's rate.
/// </summary>
public sealed class ScheduleReferenceTests
{
    [Theory]
    [InlineData(20, 5, 0.0)]
    [InlineData(7, 1, 1e-4)]
    [InlineData(12, 11, 0.0)]
    public void Warmup_cosine_follows_torchs_sequential_linear_then_cosine(int epochs, int warmup, double minRate)
    {
        const double peak = 0.05;
        var ours = new WarmupCosineSchedule(peak, epochs, warmup, minRate);
        Compare(epochs, peak, ours, optimizer =>
        {
            var linear = optim.lr_scheduler.LinearLR(optimizer, start_factor: 1.0 / warmup, end_factor: 1.0, total_iters: warmup);
            var cosine = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: epochs - warmup, eta_min: minRate);
            return optim.lr_scheduler.SequentialLR(optimizer, [linear, cosine], [warmup]);
        });
    }

    [Theory]
    [InlineData(10, 0.3, 25, 1e4)]
    [InlineData(61, 0.25, 10, 100)]
    [InlineData(4, 0.5, 25, 1e4)]
    public void One_cycle_follows_torchs_one_cycle_lr(int epochs, double peakFraction, double divFactor, double finalDivFactor)
    {
        const double peak = 0.01;
        var ours = new OneCycleSchedule(peak, epochs, peakFraction, divFactor, finalDivFactor);
        Compare(epochs, peak, ours, optimizer => optim.lr_scheduler.OneCycleLR(optimizer, max_lr: peak, total_steps: epochs,
            pct_start: peakFraction, cycle_momentum: false, div_factor: divFactor, final_div_factor: finalDivFactor));
    }

    private static void Compare(int epochs, double baseRate, LearningRateScheduler ours, Func<optim.Optimizer, optim.lr_scheduler.LRScheduler> torchSchedule)
    {
        using var scope = NewDisposeScope();
        var parameter = nn.Parameter(zeros(1));
        var optimizer = optim.SGD([parameter], baseRate);
        var scheduler = torchSchedule(optimizer);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double expected = optimizer.ParamGroups.First().LearningRate;
            CrossCheck.Relative(expected, ours.RateForEpoch(epoch), 1e-9, $"rate of epoch {epoch}");
            optimizer.step();
            scheduler.step();
        }
    }
}
