using System.CommandLine;
using SensorStack.BudgetReport.Cli;

// hack/budget-report.sh runs `plan` before starting the processes, `autopilot` during the load when the
// sample enables it, and `report` after the load.
var root = new RootCommand("budget-report: the planning and reporting half of hack/budget-report.sh.");
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(AutopilotCommand.Create());
return await root.Parse(args).InvokeAsync();
