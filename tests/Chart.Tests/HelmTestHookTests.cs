using SensorOperator.Cli;
using SensorStack.ChartTests.Support;

namespace SensorStack.ChartTests;

/// <summary>The chart's `helm test` hook runs `sensor-operator wait`; its arguments must be ones the command accepts.</summary>
public sealed class HelmTestHookTests
{
    [Fact]
    public void The_helm_test_hook_calls_wait_with_arguments_it_accepts()
    {
        var pod = Chart.Render("ci/stack-values.yaml").OfType<k8s.Models.V1Pod>().Single();
        var args = pod.Spec.Containers.Single().Args;

        Assert.Equal("wait", args[0]);
        var parse = WaitCommand.Create().Parse([.. args.Skip(1)]);
        Assert.Empty(parse.Errors);
        Assert.Equal("test", pod.Metadata.Annotations["helm.sh/hook"]);
        Assert.Equal(["--name", "demo", "--namespace", "sensor-system", "--timeout", "5m"], args.Skip(1));
    }

    [Fact]
    public void The_helm_test_pod_outlives_its_success_so_helm_test_logs_can_read_it()
    {
        // hook-succeeded (or hook-failed) would delete the pod before `helm test --logs` reads it
        // (helm/helm#9098); before-hook-creation alone replaces it on the next run.
        var pod = Chart.Render("ci/stack-values.yaml").OfType<k8s.Models.V1Pod>().Single();

        Assert.Equal("before-hook-creation", pod.Metadata.Annotations["helm.sh/hook-delete-policy"]);
        Assert.Equal("test", pod.Metadata.Labels["app.kubernetes.io/component"]);
    }
}
