namespace ControllerMachinery;

public sealed record ApplierOptions
{
    /// <summary>Server-side apply field manager: the owner of every field the operator sets.</summary>
    public required string FieldManager { get; init; }

    /// <summary>Annotation holding the hash of the applied desired content.</summary>
    public required string HashAnnotation { get; init; }
}
