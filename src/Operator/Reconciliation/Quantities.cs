using System.Globalization;

namespace SensorOperator.Reconciliation;

/// <summary>Byte counts as the quantities status shows (296Mi rather than 310378496).</summary>
public static class Quantities
{
    private static readonly (long Size, string Suffix)[] Units = [(1L << 40, "Ti"), (1L << 30, "Gi"), (1L << 20, "Mi"), (1L << 10, "Ki")];

    /// <summary>The exact canonical binary form: the largest suffix that divides the value.</summary>
    public static string Exact(long bytes)
    {
        foreach (var (size, suffix) in Units)
        {
            if (bytes != 0 && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An observed value rounded to whole Mi (Ki below 1Mi). Working sets wobble by kilobytes every
    /// scrape; rounding keeps status (and its writes) from changing on noise.
    /// </summary>
    public static string Rounded(long bytes)
    {
        if (bytes >= 1L << 20)
        {
            return Math.Round(bytes / (double)(1L << 20), MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "Mi";
        }

        return bytes >= 1L << 10
            ? Math.Round(bytes / 1024d, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "Ki"
            : bytes.ToString(CultureInfo.InvariantCulture);
    }
}
