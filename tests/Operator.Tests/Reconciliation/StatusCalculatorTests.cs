using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;
using SensorOperator.Reconciliation;

namespace SensorOperator.Tests.Reconciliation;

public sealed class StatusCalculatorTests
{
    private const long Mi = 1024 * 1024;
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static StackObservation Observed(StackPlan plan, Func<ComponentPlan, long> used, Func<ComponentPlan, int>? ready = null, bool metrics = true) => new()
    {
        MetricsAvailable = metrics,
        MetricsError = metrics ? null : "the metrics.k8s.io API is not served",
        Components = [.. plan.Components.Select(c => new ComponentObservation
        {
            Name = c.Name,
            UsedBytes = metrics ? used(c) : null,
            ReadyReplicas = ready?.Invoke(c) ?? c.Replicas,
        })],
    };

    private static SensorStackStatus Compute(V1Alpha1SensorStack stack, StackObservation? observation, SensorStackStatus? previous = null, IReadOnlyList<string>? errors = null) =>
        StatusCalculator.Compute(new StatusInputs
        {
            Generation = stack.Metadata.Generation,
            MemoryBudget = stack.Spec.MemoryBudget,
            Previous = previous,
            Plan = Stacks.Plan(stack),
            ApplyErrors = errors ?? [],
            Observation = observation,
            Now = Now,
        });

    private static (string? Status, string? Reason) Condition(SensorStackStatus status, string type) =>
        Conditions.Find(status.Conditions, type) is { } c ? (c.Status, c.Reason) : (null, null);

    [Fact]
    public void A_healthy_stack_reports_budget_allocation_usage_and_readiness()
    {
        var stack = Stacks.Stack("300Mi");
        var plan = Stacks.Feasible(stack);
        var status = Compute(stack, Observed(plan, c => 40 * Mi));

        Assert.Equal(1, status.ObservedGeneration);
        Assert.Equal("300Mi", status.Budget);
        Assert.Equal(Quantities.Format(plan.AllocatedBytes), status.Allocated);
        Assert.Equal($"{40 * plan.Components.Count}Mi", status.Used);
        Assert.Equal(plan.Components.Select(c => c.Name), status.Components!.Select(c => c.Name));
        Assert.All(status.Components!, c => Assert.Equal("40Mi", c.Used));
        Assert.Equal(("True", ConditionReasons.Allocated), Condition(status, ConditionTypes.BudgetAllocated));
        Assert.Equal(("True", ConditionReasons.WithinBudget), Condition(status, ConditionTypes.WithinBudget));
        Assert.Equal(("True", ConditionReasons.AllComponentsReady), Condition(status, ConditionTypes.Ready));
        Assert.All(status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));
    }

    [Fact]
    public void Usage_over_the_budget_is_OverBudget()
    {
        var stack = Stacks.Stack("300Mi");
        var status = Compute(stack, Observed(Stacks.Feasible(stack), c => 160 * Mi));

        Assert.Equal(("False", ConditionReasons.OverBudget), Condition(status, ConditionTypes.WithinBudget));
        Assert.Contains("of the 300Mi budget", Conditions.Find(status.Conditions, ConditionTypes.WithinBudget)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_at_90_percent_of_its_limit_is_near_its_limit()
    {
        var stack = Stacks.Stack("300Mi");
        var plan = Stacks.Feasible(stack);
        var status = Compute(stack, Observed(plan, c => c.Name == ComponentNames.Sensor ? (long)(c.TotalBytes * 0.95) : Mi));

        Assert.Equal(("False", ConditionReasons.ComponentNearLimit), Condition(status, ConditionTypes.WithinBudget));
        Assert.StartsWith("sensor uses", Conditions.Find(status.Conditions, ConditionTypes.WithinBudget)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_metrics_API_usage_is_Unknown_and_everything_else_still_reported()
    {
        var stack = Stacks.Stack("300Mi");
        var status = Compute(stack, Observed(Stacks.Feasible(stack), _ => 0, metrics: false));

        Assert.Equal(("Unknown", ConditionReasons.MetricsUnavailable), Condition(status, ConditionTypes.WithinBudget));
        Assert.Contains("not served", Conditions.Find(status.Conditions, ConditionTypes.WithinBudget)!.Message, StringComparison.Ordinal);
        Assert.Null(status.Used);
        Assert.Equal(("True", ConditionReasons.AllComponentsReady), Condition(status, ConditionTypes.Ready));
        Assert.NotNull(status.Allocated);
    }

    [Fact]
    public void Missing_ready_replicas_and_apply_errors_make_Ready_False_with_the_reason()
    {
        var stack = Stacks.Stack("300Mi");
        var plan = Stacks.Feasible(stack);

        var notReady = Compute(stack, Observed(plan, _ => Mi, ready: c => c.Name == ComponentNames.VictoriaMetrics ? 0 : c.Replicas));
        Assert.Equal(("False", ConditionReasons.ComponentsNotReady), Condition(notReady, ConditionTypes.Ready));
        Assert.Equal("victoriaMetrics 0/1 ready", Conditions.Find(notReady.Conditions, ConditionTypes.Ready)!.Message);

        var failed = Compute(stack, Observed(plan, _ => Mi), errors: ["apply deployments.apps demo-vm: 500 Internal Server Error"]);
        Assert.Equal(("False", ConditionReasons.ApplyFailed), Condition(failed, ConditionTypes.Ready));
    }

    [Fact]
    public void An_infeasible_spec_says_why_and_reports_no_allocation()
    {
        var stack = Stacks.Stack("64Mi");
        var status = Compute(stack, observation: null);
        var reason = Assert.IsType<InfeasiblePlan>(Stacks.Plan(stack)).Reason;

        Assert.Equal(("False", reason), Condition(status, ConditionTypes.BudgetAllocated));
        Assert.Equal(("False", ConditionReasons.NotAllocated), Condition(status, ConditionTypes.Ready));
        Assert.Equal("Unknown", Condition(status, ConditionTypes.WithinBudget).Status);
        Assert.Equal("64Mi", status.Budget);
        Assert.Null(status.Allocated);
    }

    [Fact]
    public void Recomputing_with_the_same_inputs_gives_an_identical_status_so_nothing_is_written()
    {
        var stack = Stacks.Stack("300Mi");
        var observation = Observed(Stacks.Feasible(stack), _ => 40 * Mi);
        var first = Compute(stack, observation);
        var later = StatusCalculator.Compute(new StatusInputs
        {
            Generation = 1,
            MemoryBudget = "300Mi",
            Previous = first,
            Plan = Stacks.Plan(stack),
            Observation = observation,
            Now = Now.AddMinutes(5),
        });

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            SensorOperator.Reconciliation.StatusWriter.StatusBody(first),
            SensorOperator.Reconciliation.StatusWriter.StatusBody(later)));
    }

    [Fact]
    public void Absent_values_are_sent_as_null_so_a_merge_patch_removes_them()
    {
        var body = SensorOperator.Reconciliation.StatusWriter.StatusBody(new SensorStackStatus { ObservedGeneration = 2 });

        Assert.True(body.ContainsKey("used"));
        Assert.Null(body["used"]);
        Assert.Equal(2, (long?)body["observedGeneration"]);
    }

    [Fact]
    public void Usage_is_rounded_to_whole_mebibytes()
    {
        Assert.Equal("118Mi", UsageFormat.Rounded((118 * Mi) + (300 * 1024)));
        Assert.Equal("512Ki", UsageFormat.Rounded(512 * 1024));
        Assert.Equal("100", UsageFormat.Rounded(100));
    }
}
