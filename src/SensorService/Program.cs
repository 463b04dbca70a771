var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
app.Run();

/// <summary>Entry point type, visible to tests that host the app.</summary>
public partial class Program;
