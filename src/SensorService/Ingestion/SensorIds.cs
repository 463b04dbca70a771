namespace SensorService.Ingestion;

/// <summary>Sensor ids are short ASCII names: they become JSON keys and log fields, never labels.</summary>
public static class SensorIds
{
    public static string Rule(int maxLength) =>
        $"must be 1 to {maxLength} characters of letters, digits, '.', '_', '-' or ':'";

    public static bool IsValid(string? id, int maxLength)
    {
        if (string.IsNullOrEmpty(id) || id.Length > maxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
