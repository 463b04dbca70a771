using SensorStack.Bench.Operator;

// Usage: OperatorBench --operator PATH/sensor-operator.dll [--aot PATH/sensor-operator] [--variant LABEL=PATH;ENV=V...]
//                      --counts 1,100,1000 [--steady 60] [--startup-repeats 5] [--out FILE.md]
var arguments = BenchArguments.Parse(args);
var results = new List<RunResult>();
for (var i = 0; i < arguments.Counts.Count; i++)
{
    // Every build runs every count, one after the other, order alternating: noise on the shared machine hits all of them.
    foreach (var variant in Interleave.Order(arguments.Variants, i))
    {
        Console.WriteLine($"== {arguments.Counts[i]} SensorStacks, {variant.Label}");
        results.Add(await BenchRun.RunAsync(arguments, variant, arguments.Counts[i]));
        // Written after every run, so an interrupted benchmark still leaves what it measured.
        await WriteAsync(Report.Markdown(arguments, results, [], string.Join(' ', args)));
    }
}

IReadOnlyList<StartupResult> startups = [];
if (arguments.StartupRepeats > 0)
{
    Console.WriteLine($"== start to /readyz, 1 SensorStack, {arguments.StartupRepeats} starts each");
    startups = await StartupRun.RunAsync(arguments);
}

var report = Report.Markdown(arguments, results, startups, string.Join(' ', args));
Console.WriteLine(report);
await WriteAsync(report);

async Task WriteAsync(string text)
{
    if (arguments.Output is { } output)
    {
        await File.WriteAllTextAsync(output, text);
    }
}
