using System.Globalization;

namespace SensorOperator.Reconciliation;

/// <summary>Observed memory use as status shows it.</summary>
public static class UsageFormat
{
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
