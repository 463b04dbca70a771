using System.Text.Json;

namespace ControllerMachinery;

public sealed record ApplierOptions
{
    /// <summary>Server-side apply field manager: the owner of every field the operator sets.</summary>
    public required string FieldManager { get; init; }

    /// <summary>Annotation holding the hash of the applied desired content.</summary>
    public required string HashAnnotation { get; init; }

    /// <summary>
    /// Writes desired objects: options whose type info resolver (the caller's source-generated
    /// context) knows every kind the caller applies.
    /// </summary>
    public required JsonSerializerOptions Json { get; init; }
}
