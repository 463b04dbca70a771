using k8s.Models;
using ControllerMachinery;
using SensorOperator.Reconciliation;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>Cached objects keep what the controller reads and lose what only costs memory.</summary>
public sealed class CacheTransformsTests
{
    private static V1ObjectMeta Metadata() => new()
    {
        Name = "demo-sensor",
        NamespaceProperty = "sensors",
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "demo" },
        Annotations = new Dictionary<string, string>
        {
            ["sensorstack.io/applied-hash"] = "abc",
            [CacheTransforms.LastAppliedAnnotation] = "{\"kind\":\"Deployment\"}",
        },
        ManagedFields = [new V1ManagedFieldsEntry { Manager = "sensor-operator", Operation = "Apply" }],
        OwnerReferences = [new V1OwnerReference { Kind = "SensorStack", Name = "demo", Uid = "u1", Controller = true, ApiVersion = "sensorstack.io/v1alpha1" }],
        DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void ManagedFields_and_the_last_applied_annotation_are_dropped_the_rest_of_metadata_kept()
    {
        var map = CacheTransforms.StripUnreadMetadata(new V1ConfigMap { Metadata = Metadata(), Data = new Dictionary<string, string> { ["a"] = "1" } });

        Assert.Null(map.Metadata.ManagedFields);
        Assert.Equal(["sensorstack.io/applied-hash"], map.Metadata.Annotations.Keys);
        Assert.Equal("demo", map.Metadata.Labels["app.kubernetes.io/instance"]);
        Assert.Equal("u1", Assert.Single(map.Metadata.OwnerReferences).Uid);
        Assert.NotNull(map.Metadata.DeletionTimestamp);
        Assert.Equal("1", map.Data["a"]);
    }

    [Fact]
    public void A_cached_deployment_keeps_its_status_and_metadata_but_not_its_spec()
    {
        var deployment = ChildCacheTransforms.Deployment(new V1Deployment
        {
            Metadata = Metadata(),
            Spec = new V1DeploymentSpec { Replicas = 1, Template = new V1PodTemplateSpec() },
            Status = new V1DeploymentStatus { ReadyReplicas = 1 },
        });

        Assert.Null(deployment.Spec);
        Assert.Equal(1, deployment.Status.ReadyReplicas);
        Assert.Equal("abc", deployment.Metadata.Annotations["sensorstack.io/applied-hash"]);
        Assert.Null(deployment.Metadata.ManagedFields);
    }

    [Fact]
    public void A_cached_deployment_keeps_only_the_resources_of_its_template_containers()
    {
        var deployment = ChildCacheTransforms.Deployment(new V1Deployment
        {
            Metadata = Metadata(),
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "vm", Image = "vm:1", Args = ["-x"], Resources = Memory("93Mi") }] } },
            },
        });

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal(("vm", null, null), (container.Name, container.Image, container.Args));
        Assert.Equal("93Mi", container.Resources.Limits["memory"].ToString());
        Assert.Null(deployment.Spec.Replicas);
    }

    [Fact]
    public void A_cached_pod_keeps_container_restarts_termination_reasons_resources_and_resize_conditions()
    {
        var pod = ChildCacheTransforms.Pod(new V1Pod
        {
            Metadata = Metadata(),
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "sensor", Image = "sensor:1", Resources = Memory("60Mi"), Env = [new V1EnvVar { Name = "A", Value = "1" }] }] },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "10.0.0.1",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }, new V1PodCondition { Type = "PodResizePending", Status = "True", Reason = "Deferred" }],
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "sensor",
                        RestartCount = 2,
                        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137 } },
                    },
                ],
            },
        });

        var kept = Assert.Single(pod.Spec.Containers);
        Assert.Equal(("sensor", null, null), (kept.Name, kept.Image, kept.Env));
        Assert.Equal("60Mi", kept.Resources.Limits["memory"].ToString());
        Assert.Equal("Deferred", Assert.Single(pod.Status.Conditions).Reason);
        Assert.Null(pod.Status.PodIP);
        Assert.Equal("Running", pod.Status.Phase);
        var container = Assert.Single(pod.Status.ContainerStatuses);
        Assert.Equal(2, container.RestartCount);
        Assert.Equal("OOMKilled", container.LastState.Terminated.Reason);
    }

    private static V1ResourceRequirements Memory(string limit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new(limit) },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(limit) },
    };
}
