using k8s.Models;
using SensorOperator.Api;
using ControllerMachinery;
using SensorOperator.Reconciliation;

namespace SensorOperator.Tests.Reconciliation;

public sealed class StackEventHandlersTests
{
    [Fact]
    public void Only_a_generation_change_or_the_start_of_deletion_is_a_spec_change()
    {
        var old = Stacks.Stack(generation: 1);
        var statusOnly = Stacks.Stack(generation: 1);
        statusOnly.Status = new SensorStackStatus { Used = "100Mi" };
        var specChanged = Stacks.Stack("400Mi", generation: 2);
        var deleting = Stacks.Stack(generation: 1);
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;

        Assert.False(StackEventHandlers.IsSpecChange(old, statusOnly));
        Assert.True(StackEventHandlers.IsSpecChange(old, specChanged));
        Assert.True(StackEventHandlers.IsSpecChange(old, deleting));
    }

    [Fact]
    public void A_child_maps_to_the_stack_named_by_its_controller_owner_reference()
    {
        var child = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "demo-scrape",
                NamespaceProperty = "sensors",
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "not-it", Uid = "x" },
                    new V1OwnerReference { ApiVersion = V1Alpha1SensorStack.GroupVersion, Kind = V1Alpha1SensorStack.ResourceKind, Name = "demo", Uid = "uid-1", Controller = true },
                ],
            },
        };
        var foreign = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "sensors" } };

        Assert.Equal(new ObjectKey("sensors", "demo"), StackEventHandlers.OwnerKey(child));
        Assert.Null(StackEventHandlers.OwnerKey(foreign));
    }

    [Fact]
    public void A_pod_maps_to_its_stack_by_the_instance_label()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "demo-sensor-7f9c-abcde",
                NamespaceProperty = "sensors",
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "demo" },
            },
        };

        Assert.Equal(new ObjectKey("sensors", "demo"), StackEventHandlers.PodStackKey(pod));
        Assert.Null(StackEventHandlers.PodStackKey(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" } }));
    }
}
