using MlNetNeural.Training.Checkpoints;
using Xunit;

namespace MlNetNeural.Neural.Tests.Checkpoints;

/// <summary>The checkpointable generator draws what <c>new Random(seed)</c> draws, and continues from a saved state.</summary>
public class ResumableRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Every_method_training_uses_draws_what_System_Random_draws(int seed)
    {
        var expected = new Random(seed);
        var actual = new ResumableRandom(seed);
        for (int i = 0; i < 200_000; i++)
        {
            switch (i % 5)
            {
                case 0:
                    Assert.Equal(expected.Next(), actual.Next());
                    break;
                case 1:
                    Assert.Equal(expected.Next(1000 + i), actual.Next(1000 + i));
                    break;
                case 2:
                    Assert.Equal(expected.Next(-i, i + 1), actual.Next(-i, i + 1));
                    break;
                case 3:
                    Assert.Equal(expected.Next(int.MinValue, int.MaxValue), actual.Next(int.MinValue, int.MaxValue)); // the wide-range path
                    break;
                default:
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected.NextDouble()), BitConverter.DoubleToInt64Bits(actual.NextDouble()));
                    break;
            }
        }

        int[] shuffledByRandom = Enumerable.Range(0, 5000).ToArray(), shuffledByResumable = Enumerable.Range(0, 5000).ToArray();
        expected.Shuffle(shuffledByRandom);
        actual.Shuffle(shuffledByResumable);
        Assert.Equal(shuffledByRandom, shuffledByResumable);
    }

    [Fact]
    public void A_restored_state_continues_the_sequence()
    {
        var original = new ResumableRandom(3);
        for (int i = 0; i < 1234; i++)
            original.NextDouble();
        int[] saved = original.SaveState();
        var restored = new ResumableRandom(99);
        restored.RestoreState(saved);
        for (int i = 0; i < 1000; i++)
            Assert.Equal(original.Next(), restored.Next());
    }

    [Theory]
    [InlineData(56, 57)] // a position past the state
    [InlineData(3, -1)] // a word outside [0, 2³¹ − 1)
    public void A_state_the_generator_cannot_be_in_is_refused(int index, int value)
    {
        int[] state = new ResumableRandom(1).SaveState();
        state[index] = value;
        Assert.Throws<InvalidDataException>(() => new ResumableRandom(1).RestoreState(state));
        Assert.Throws<InvalidDataException>(() => new ResumableRandom(1).RestoreState(state.AsSpan(1)));
    }
}
