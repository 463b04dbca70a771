using k8s.Models;
using SensorOperator.Api;

namespace SensorStack.BudgetReport.Planning;

/// <summary>
/// Pure: turns the objects `sensor-operator render` produced into the settings of a local run. Every
/// limit, environment variable and flag is taken as rendered; only what names the pod's network or
/// volumes is adapted (listen addresses and ports, the data path, the scrape config path and its
/// Kubernetes service discovery), and each adaptation is listed in <see cref="LocalRunPlan.Settings"/>.
/// </summary>
internal static class LocalRunPlanner
{
    public static LocalRunPlan Plan(StackSample stack, RenderedStack rendered, LocalPorts ports, LocalPaths paths)
    {
        var settings = new List<Setting>();
        var sensor = PlanSensor(rendered.Sensor, ports, settings);
        var (vm, scrape) = PlanVictoriaMetrics(rendered, ports, paths, settings);
        var grafana = rendered.Grafana is { } deployment ? PlanGrafana(deployment, settings) : null;
        var vmalert = rendered.VmAlert is { } alerting ? PlanVmAlert(alerting, rendered.ConfigMaps, ports, paths, settings) : null;
        settings.Add(new Setting("VictoriaMetrics", "scrape job", scrape.Job, scrape.Job));
        settings.Add(new Setting("VictoriaMetrics", "scrape_interval", GoDuration.Format(scrape.Interval), GoDuration.Format(scrape.Interval)));
        settings.Add(new Setting("VictoriaMetrics", "scrape targets", "Kubernetes discovery of the sensor Service's metrics port",
            $"static 127.0.0.1:{ports.SensorMetrics}"));
        var allocated = new[] { sensor, vm, grafana, vmalert?.Process }.OfType<ProcessPlan>().Sum(p => p.MemoryLimitBytes * p.Replicas);
        return new LocalRunPlan(stack, sensor, vm, grafana, scrape, allocated, settings, vmalert);
    }

    /// <summary>Grafana is not started; its settings are listed so the report shows the whole plan.</summary>
    private static ProcessPlan PlanGrafana(V1Deployment deployment, List<Setting> settings)
    {
        const string NotRun = "not run locally";
        var container = MainContainer(deployment);
        var (limit, limitBytes, cpu) = Limits(deployment, container);
        settings.Add(new Setting("Grafana", "memory limit", limit, $"{NotRun}; counted at this limit"));
        foreach (var variable in container.Env ?? [])
        {
            settings.Add(new Setting("Grafana", $"env {variable.Name}", variable.Value ?? Describe(variable.ValueFrom), NotRun));
        }

        return new ProcessPlan("grafana", limit, limitBytes, cpu, deployment.Spec?.Replicas ?? 1, [], []);
    }

    /// <summary>
    /// vmalert with its rendered limit, GOMEMLIMIT and flags; adapted are its listen address, the
    /// rules path, the stack's VictoriaMetrics (loopback) and the notifier: no Alertmanager runs
    /// locally, so notifications are dropped (-notifier.blackhole), which costs vmalert no memory it
    /// would otherwise spend.
    /// </summary>
    private static VmAlertPlan PlanVmAlert(V1Deployment deployment, IReadOnlyList<V1ConfigMap> configMaps, LocalPorts ports, LocalPaths paths, List<Setting> settings)
    {
        var container = MainContainer(deployment);
        var (limit, limitBytes, cpu) = Limits(deployment, container);
        settings.Add(new Setting("vmalert", "memory limit", limit, limit));
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.Value ?? throw new PlanException($"{deployment.Metadata.Name}: env {variable.Name} comes from {Describe(variable.ValueFrom)}, which a local run cannot resolve");
            environment.Add(new(variable.Name, value));
            settings.Add(new Setting("vmalert", $"env {variable.Name}", value, value));
        }

        var vm = $"http://127.0.0.1:{ports.VictoriaMetrics}";
        string? rulesPath = null;
        var arguments = new List<string>();
        foreach (var argument in container.Args ?? [])
        {
            var (name, value) = Flag(argument);
            var adapted = name switch
            {
                "httpListenAddr" => $"-httpListenAddr=127.0.0.1:{ports.VmAlert}",
                "rule" => $"-rule={paths.VmAlertRules}",
                "datasource.url" or "remoteWrite.url" or "remoteRead.url" => $"-{name}={vm}",
                "notifier.url" => "-notifier.blackhole",
                _ => argument,
            };
            if (name == "rule")
            {
                rulesPath = value;
            }

            arguments.Add(adapted);
            settings.Add(new Setting("vmalert", name is null ? "arg" : $"-{name}", argument, adapted));
        }

        if (rulesPath is null)
        {
            throw new PlanException($"{deployment.Metadata.Name} has no -rule flag: vmalert would evaluate nothing");
        }

        var rules = ConfigMapFile(deployment, container, rulesPath, "-rule", configMaps);
        return new VmAlertPlan(new ProcessPlan("vmalert", limit, limitBytes, cpu, deployment.Spec?.Replicas ?? 1, arguments, environment), rules);
    }

    private static ProcessPlan PlanSensor(V1Deployment deployment, LocalPorts ports, List<Setting> settings)
    {
        var container = MainContainer(deployment);
        var replicas = deployment.Spec?.Replicas ?? 1;
        if (replicas != 1)
        {
            throw new PlanException($"{deployment.Metadata.Name} has {replicas} replicas; the local run starts one sensor, so use a sample with sensor.replicas: 1");
        }

        // The service reads its listeners from configuration (Sensor:HttpPort, Sensor:MetricsPort,
        // Sensor:BindAddress); in the pod they are the container ports, here free loopback ports.
        var overrides = new Dictionary<string, string>
        {
            ["Sensor__HttpPort"] = ports.SensorHttp.ToString(),
            ["Sensor__MetricsPort"] = ports.SensorMetrics.ToString(),
            ["Sensor__BindAddress"] = "127.0.0.1",
        };
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.Value ?? throw new PlanException(
                $"{deployment.Metadata.Name}: env {variable.Name} comes from {Describe(variable.ValueFrom)}, which a local run cannot resolve");
            var local = overrides.Remove(variable.Name, out var replaced) ? replaced : value;
            environment.Add(new(variable.Name, local));
            settings.Add(new Setting("Sensor", $"env {variable.Name}", value, local));
        }

        foreach (var (name, value) in overrides)
        {
            environment.Add(new(name, value));
            settings.Add(new Setting("Sensor", $"env {name}", DefaultPort(container, name), value));
        }

        var (limit, limitBytes, cpu) = Limits(deployment, container);
        settings.Insert(0, new Setting("Sensor", "memory limit", limit, limit));
        if (cpu is not null)
        {
            settings.Insert(1, new Setting("Sensor", "cpu limit", $"{cpu}m", $"{cpu}m"));
        }
        var arguments = (container.Args ?? []).ToList();
        foreach (var argument in arguments)
        {
            settings.Add(new Setting("Sensor", "arg", argument, argument));
        }

        return new ProcessPlan("sensor", limit, limitBytes, cpu, replicas, arguments, environment);
    }

    private static (ProcessPlan Plan, AdaptedScrapeConfig Scrape) PlanVictoriaMetrics(
        RenderedStack rendered, LocalPorts ports, LocalPaths paths, List<Setting> settings)
    {
        var deployment = rendered.VictoriaMetrics;
        var container = MainContainer(deployment);
        var (limit, limitBytes, cpu) = Limits(deployment, container);
        settings.Add(new Setting("VictoriaMetrics", "memory limit", limit, limit));
        if (cpu is not null)
        {
            settings.Add(new Setting("VictoriaMetrics", "cpu limit", $"{cpu}m", $"{cpu}m"));
        }

        // Flags that name the pod's network or volumes; every other flag is passed as rendered.
        var local = new Dictionary<string, string>
        {
            ["httpListenAddr"] = $"127.0.0.1:{ports.VictoriaMetrics}",
            ["storageDataPath"] = paths.VictoriaMetricsData,
            ["promscrape.config"] = paths.VictoriaMetricsScrapeConfig,
        };
        string? scrapePath = null;
        var arguments = new List<string>();
        foreach (var argument in container.Args ?? [])
        {
            var (name, value) = Flag(argument);
            if (name == "promscrape.config")
            {
                scrapePath = value;
            }

            var adapted = name is not null && local.Remove(name, out var replacement) ? $"-{name}={replacement}" : argument;
            arguments.Add(adapted);
            settings.Add(new Setting("VictoriaMetrics", name is null ? "arg" : $"-{name}", argument, adapted));
        }

        // Unset, these would listen on every interface or write into the working directory.
        foreach (var (name, value) in local.Where(l => l.Key != "promscrape.config"))
        {
            arguments.Add($"-{name}={value}");
            settings.Add(new Setting("VictoriaMetrics", $"-{name}", "(default)", value));
        }

        if (scrapePath is null)
        {
            throw new PlanException($"{deployment.Metadata.Name} has no -promscrape.config flag: nothing would scrape the sensor");
        }

        var scrapeYaml = ConfigMapFile(deployment, container, scrapePath, "-promscrape.config", rendered.ConfigMaps);
        var scrape = ScrapeConfigAdapter.Adapt(scrapeYaml, $"127.0.0.1:{ports.SensorMetrics}");
        var replicas = deployment.Spec?.Replicas ?? 1;
        return (new ProcessPlan("victoria-metrics", limit, limitBytes, cpu, replicas, arguments, []), scrape);
    }

    /// <summary>Follows a file flag (-promscrape.config, -rule) through the container's volume mount to the ConfigMap key.</summary>
    private static string ConfigMapFile(V1Deployment deployment, V1Container container, string path, string flag, IReadOnlyList<V1ConfigMap> configMaps)
    {
        var mount = (container.VolumeMounts ?? [])
            .Where(m => path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal) || path == m.MountPath)
            .OrderByDescending(m => m.MountPath.Length)
            .FirstOrDefault()
            ?? throw new PlanException($"{deployment.Metadata.Name}: {flag}={path} is on no volume mount");
        var volume = deployment.Spec.Template.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name)?.ConfigMap
            ?? throw new PlanException($"{deployment.Metadata.Name}: volume {mount.Name} holding {path} is not a ConfigMap");
        var configMap = configMaps.FirstOrDefault(c => c.Metadata?.Name == volume.Name)
            ?? throw new PlanException($"{deployment.Metadata.Name}: ConfigMap {volume.Name} (volume {mount.Name}) was not rendered");
        var file = mount.SubPath is { Length: > 0 } subPath ? subPath : path[mount.MountPath.TrimEnd('/').Length..].TrimStart('/');
        var key = volume.Items?.FirstOrDefault(i => i.Path == file)?.Key ?? file;
        return configMap.Data is not null && configMap.Data.TryGetValue(key, out var yaml)
            ? yaml
            : throw new PlanException($"ConfigMap {volume.Name} has no key {key} (the file {path})");
    }

    private static V1Container MainContainer(V1Deployment deployment)
    {
        var containers = deployment.Spec?.Template?.Spec?.Containers ?? [];
        return containers.Count == 1
            ? containers[0]
            : throw new PlanException($"{deployment.Metadata.Name} has {containers.Count} containers; expected one");
    }

    private static (string Limit, long Bytes, long? CpuMillicores) Limits(V1Deployment deployment, V1Container container)
    {
        var limits = container.Resources?.Limits;
        if (limits is null || !limits.TryGetValue("memory", out var memory))
        {
            throw new PlanException($"{deployment.Metadata.Name} has no memory limit; the operator sets one on every container");
        }

        long? cpu = limits.TryGetValue("cpu", out var quantity) ? (long)Math.Ceiling(quantity.ToDecimal() * 1000) : null;
        return (memory.ToString(), memory.ToInt64(), cpu);
    }

    private static (string? Name, string? Value) Flag(string argument)
    {
        if (!argument.StartsWith('-'))
        {
            return (null, null);
        }

        var trimmed = argument.TrimStart('-');
        var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (trimmed, null) : (trimmed[..equals], trimmed[(equals + 1)..]);
    }

    private static string DefaultPort(V1Container container, string variable) => variable switch
    {
        "Sensor__HttpPort" => PortNamed(container, "http") ?? "(default)",
        "Sensor__MetricsPort" => PortNamed(container, "metrics") ?? "(default)",
        _ => "(default: any address)",
    };

    private static string? PortNamed(V1Container container, string name) =>
        container.Ports?.FirstOrDefault(p => p.Name == name)?.ContainerPort.ToString() is { } port ? $"(default) container port {port}" : null;

    private static string Describe(V1EnvVarSource? source) =>
        source?.FieldRef is not null ? $"fieldRef {source.FieldRef.FieldPath}"
        : source?.ResourceFieldRef is not null ? $"resourceFieldRef {source.ResourceFieldRef.Resource}"
        : source?.SecretKeyRef is not null ? $"secret {source.SecretKeyRef.Name}"
        : source?.ConfigMapKeyRef is not null ? $"configMap {source.ConfigMapKeyRef.Name}"
        : "a source";
}
