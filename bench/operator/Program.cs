using SensorStack.Bench.Operator;

// Usage: OperatorBench --operator PATH/sensor-operator.dll --counts 1,100,1000 [--steady 60] [--out FILE.md]
var arguments = BenchArguments.Parse(args);
var results = new List<RunResult>();
foreach (var count in arguments.Counts)
{
    Console.WriteLine($"== {count} SensorStacks");
    results.Add(await BenchRun.RunAsync(arguments, count));
}

var report = Report.Markdown(arguments, results, string.Join(' ', args));
Console.WriteLine(report);
if (arguments.Output is { } output)
{
    await File.WriteAllTextAsync(output, report);
}
