namespace MlNetNeural.Training;

/// <summary>One epoch: shuffle, the batches' gradient steps, the divergence checks, the validation pass.</summary>
internal sealed partial class MlpTrainingLoop
{
    /// <param name="TrainingLoss">The weighted mean batch loss (the non-finite loss itself when a batch's loss was not finite).</param>
    /// <param name="ValidationLoss">The validation loss, or NaN.</param>
    /// <param name="ValidationMetric">The validation metric, or NaN.</param>
    /// <param name="Divergence">What diverged, or <c>null</c>.</param>
    private readonly record struct EpochOutcome(double TrainingLoss, double ValidationLoss, double ValidationMetric, string? Divergence);

    private EpochOutcome TrainEpoch(TrainingRun run, MlpTrainingData train, MlpTrainingData? validation, Random random, double rate)
    {
        if (_settings.Shuffle)
            random.Shuffle(run.Order);
        run.Runner.BeginEpoch(run.Parameters);
        var (trainingLoss, divergence) = TrainBatches(run, train, random, rate);
        divergence ??= run.Divergence.Check(run.Parameters);
        double validationLoss = double.NaN, validationMetric = double.NaN;
        if (divergence is null && validation is not null)
        {
            validationLoss = run.Runner.EvaluateLoss(run.Parameters, validation);
            run.Runner.Forward(run.Parameters, validation, run.ValidationOutputs!);
            validationMetric = EpochMetric.Compute(_task.Metric, _task.OutputSize, validation, run.ValidationOutputs!);
            if (!double.IsFinite(validationLoss))
                divergence = $"the validation loss became {validationLoss}";
        }
        return new EpochOutcome(trainingLoss, validationLoss, validationMetric, divergence);
    }

    // Dropout masks are drawn per batch from the run's generator, after the epoch's shuffle: the order a seed fixes.
    private (double Loss, string? Divergence) TrainBatches(TrainingRun run, MlpTrainingData train, Random random, double rate)
    {
        double lossSum = 0, weightSum = 0;
        for (int start = 0; start < train.Rows; start += run.BatchSize)
        {
            _checkAlive();
            int rows = Math.Min(run.BatchSize, train.Rows - start);
            double batchWeight = run.Runner.Gather(train, run.Order.AsSpan(start, rows), run.BatchTargets, run.BatchWeights);
            run.Dropout?.Fill(random, rows);
            double batchLoss = run.Runner.ComputeGradients(run.Parameters, run.BatchTargets.AsSpan(0, rows * train.TargetWidth),
                run.BatchWeights.AsSpan(0, rows), run.Gradients, run.Dropout);
            if (!double.IsFinite(batchLoss))
                return (batchLoss, $"the loss became {batchLoss}"); // the epoch's record shows the non-finite loss
            run.Runner.Step(run.Optimizer, run.OptimizerParameters, (float)rate, _settings.GradientClipNorm);
            lossSum += batchLoss * batchWeight;
            weightSum += batchWeight;
        }
        return (weightSum > 0 ? lossSum / weightSum : 0, null);
    }
}
