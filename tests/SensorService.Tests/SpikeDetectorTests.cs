using SensorService.Cpu;

namespace SensorService.Tests;

public sealed class SpikeDetectorTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Feeds 250 ms samples starting at 0 and returns every spike the detector reported.</summary>
    private static List<TimeSpan> Run(SpikeDetector detector, params double[] fractions)
    {
        var spikes = new List<TimeSpan>();
        for (var i = 0; i < fractions.Length; i++)
        {
            if (detector.Observe(Ms(i * 250), Ms((i + 1) * 250), fractions[i]) is { } spike)
            {
                spikes.Add(spike);
            }
        }

        return spikes;
    }

    [Fact]
    public void One_interval_above_the_threshold_is_a_quarter_second_spike()
    {
        Assert.Equal([Ms(250)], Run(new SpikeDetector(0.6), 0.1, 0.9, 0.1));
    }

    [Fact]
    public void A_run_of_intervals_is_one_spike_from_the_first_start_to_the_last_end()
    {
        Assert.Equal([Ms(1000), Ms(500)], Run(new SpikeDetector(0.6), 0.7, 0.8, 1.0, 0.61, 0.2, 0.2, 0.95, 0.95, 0.3));
    }

    [Fact]
    public void Exactly_the_threshold_is_not_a_spike_and_just_above_is()
    {
        Assert.Empty(Run(new SpikeDetector(0.6), 0.6, 0.6, 0.6, 0.1));
        Assert.Equal([Ms(250)], Run(new SpikeDetector(0.6), 0.6, Math.BitIncrement(0.6), 0.6));
    }

    [Fact]
    public void A_spike_open_at_the_end_is_reported_by_close_and_only_once()
    {
        var detector = new SpikeDetector(0.6);
        Assert.Empty(Run(detector, 0.1, 0.9, 0.9, 0.9));

        Assert.True(detector.InSpike);
        Assert.Equal(Ms(750), detector.Close());
        Assert.Null(detector.Close());
        Assert.False(detector.InSpike);
    }

    [Fact]
    public void A_gap_between_samples_ends_the_spike_at_its_last_sample()
    {
        var detector = new SpikeDetector(0.6);
        Assert.Null(detector.Observe(Ms(0), Ms(250), 0.9));

        // Samples from 250 ms to 1000 ms are missing; the next one is above the threshold again.
        Assert.Equal(Ms(250), detector.Observe(Ms(1000), Ms(1250), 0.9));
        Assert.Equal(Ms(250), detector.Close());
    }
}
