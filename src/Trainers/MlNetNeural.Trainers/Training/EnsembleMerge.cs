using MlNetNeural.Neural;

namespace MlNetNeural.Training;

/// <summary>
/// Makes one network of an ensemble's members (same layers, activations and inputs) whose outputs are the mean of
/// theirs: the members' hidden units side by side (the first layer's rows stacked, the later hidden layers
/// block-diagonal, zero across members), and an output layer that reads every member's last hidden layer with its
/// weights divided by the member count and the mean of their biases. A mean of logits (a geometric mean of the
/// members' probabilities, renormalized) is thus one ordinary network: it saves, scores, continues training and
/// exports to ONNX as any other.
/// </summary>
internal static class EnsembleMerge
{
    public static DenseNetwork Merge(IReadOnlyList<DenseNetwork> members)
    {
        if (members.Count == 1)
            return members[0];
        var first = members[0];
        int k = members.Count, layers = first.LayerCount, inputs = first.InputSize;
        foreach (var member in members)
        {
            if (member.InputSize != inputs || !member.LayerSizes.SequenceEqual(first.LayerSizes) || !member.Activations.SequenceEqual(first.Activations))
                throw new ArgumentException("An ensemble's members must have the same inputs, layers and activations.", nameof(members));
        }

        var sizes = new int[layers];
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            bool output = l == layers - 1;
            int outWidth = first.LayerSizes[l];
            int inWidth = first.LayerInputSize(l);
            int mergedOut = output ? outWidth : k * outWidth;
            int mergedIn = l == 0 ? inWidth : k * inWidth;
            sizes[l] = mergedOut;
            weights[l] = new float[(long)mergedOut * mergedIn];
            biases[l] = new float[mergedOut];
            for (int m = 0; m < k; m++)
            {
                var w = members[m].Weights[l].Span;
                var b = members[m].Biases[l].Span;
                int rowOffset = output ? 0 : m * outWidth; // which merged rows this member's units are
                int columnOffset = l == 0 ? 0 : m * inWidth; // which merged inputs feed them
                for (int o = 0; o < outWidth; o++)
                {
                    var target = weights[l].AsSpan((rowOffset + o) * mergedIn + columnOffset, inWidth);
                    var source = w.Slice(o * inWidth, inWidth);
                    if (output)
                    {
                        // The output layer sums over every member's units: each member's share is 1/k.
                        for (int i = 0; i < inWidth; i++)
                            target[i] += source[i] / k;
                        biases[l][o] += b[o] / k;
                    }
                    else
                    {
                        source.CopyTo(target);
                        biases[l][rowOffset + o] = b[o];
                    }
                }
            }
        }
        return new DenseNetwork(inputs, sizes, first.Activations, weights, biases);
    }
}
