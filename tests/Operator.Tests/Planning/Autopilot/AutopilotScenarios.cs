using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;
using static SensorOperator.Tests.Planning.Autopilot.AutopilotSimulation;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>The synthetic histories of the planner tables, each run to its end.</summary>
internal static class AutopilotScenarios
{
    public static readonly SimComponent Sensor = new(ComponentNames.Sensor, MemoryPolicy.SensorFloor, MemoryPolicy.SensorWeight);

    /// <summary>VictoriaMetrics is Go: grown in place, shrunk through a restart.</summary>
    public static readonly SimComponent Vm = new(ComponentNames.VictoriaMetrics, MemoryPolicy.VictoriaMetricsFloor, MemoryPolicy.VictoriaMetricsWeight, Mode: ResizeMode.ShrinkRestarts);

    public static readonly SimComponent Alerting = new(ComponentNames.Alerting, MemoryPolicy.VmAlertFloor, MemoryPolicy.VmAlertWeight, Mode: ResizeMode.ShrinkRestarts);

    public static readonly AutopilotSettings On = AutopilotSettings.EnabledDefaults;

    private static readonly Dictionary<string, Func<AutopilotSimulation>> All = new(StringComparer.Ordinal)
    {
        ["steady"] = Steady,
        ["growing"] = Growing,
        ["daily cycle"] = DailyCycle,
        ["OOM loop"] = OomLoop,
        ["demand above budget"] = DemandAboveBudget,
        ["metrics unavailable"] = MetricsUnavailable,
        ["component disabled"] = ComponentDisabled,
        ["explicit limit"] = ExplicitLimit,
        ["under an hour of history"] = YoungHistory,
        ["peak ages out"] = PeakAgesOut,
        ["shrink reverted"] = ShrinkReverted,
        ["replicas"] = Replicas,
        ["component enabled"] = ComponentEnabled,
        ["budget lowered"] = BudgetLowered,
    };

    private static readonly Dictionary<string, AutopilotSimulation> Runs = new(StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Keys;

    /// <summary>The scenario run to its end (once per test run: the runs are pure and deterministic).</summary>
    public static AutopilotSimulation Run(string name)
    {
        lock (Runs)
        {
            if (!Runs.TryGetValue(name, out var sim))
            {
                sim = All[name]();
                Runs[name] = sim;
            }

            return sim;
        }
    }

    private static Func<string, TimeSpan, long> Constant(long sensor, long vm, long alerting = 0) =>
        (name, _) => name switch { ComponentNames.Sensor => sensor, ComponentNames.VictoriaMetrics => vm, _ => alerting };

    /// <summary>Sensor 37Mi, VictoriaMetrics 60Mi for two days in 160Mi: the targets stay within the hysteresis.</summary>
    private static AutopilotSimulation Steady()
    {
        var sim = new AutopilotSimulation(Mi(160), On, Sensor, Vm) { Demand = Constant(Mi(37), Mi(60)) };
        sim.Run(TimeSpan.FromDays(2));
        return sim;
    }

    /// <summary>The sensor grows from 30Mi by 5Mi an hour to 90Mi; VictoriaMetrics idles at 40Mi.</summary>
    private static AutopilotSimulation Growing()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor ? Mi(30 + (5 * Math.Min(t.TotalHours, 12))) : Mi(40),
        };
        sim.Run(TimeSpan.FromHours(18));
        return sim;
    }

    /// <summary>The sensor swings between 30Mi and 60Mi once a day, for three days; VictoriaMetrics 40Mi.</summary>
    private static AutopilotSimulation DailyCycle()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor ? Mi(45 + (15 * Math.Sin(2 * Math.PI * t.TotalHours / 24))) : Mi(40),
        };
        sim.Run(TimeSpan.FromDays(3));
        return sim;
    }

    /// <summary>After two hours the sensor wants 150Mi, more than 200Mi minus VictoriaMetrics' floor allows: killed again and again.</summary>
    private static AutopilotSimulation OomLoop()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor ? (t < TimeSpan.FromHours(2) ? Mi(40) : Mi(150)) : Mi(40),
        };
        sim.Run(TimeSpan.FromHours(6));
        return sim;
    }

    /// <summary>Six hours that fit, then sensor 60Mi and VictoriaMetrics 120Mi: 207Mi of need in 200Mi, for two days.</summary>
    private static AutopilotSimulation DemandAboveBudget()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => (name, t < TimeSpan.FromHours(6)) switch
            {
                (ComponentNames.Sensor, true) => Mi(40),
                (ComponentNames.Sensor, false) => Mi(60),
                (_, true) => Mi(60),
                _ => Mi(120),
            },
        };
        sim.Run(TimeSpan.FromDays(2));
        return sim;
    }

    /// <summary>
    /// Metrics vanish from 8h to 20h. Meanwhile VictoriaMetrics falls idle (nothing may shrink on
    /// that) and the sensor outgrows its limit at 12h (its OOM kill is still answered).
    /// </summary>
    private static AutopilotSimulation MetricsUnavailable()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor
                ? (t < TimeSpan.FromHours(12) ? Mi(40) : Mi(80))
                : (t < TimeSpan.FromHours(8) ? Mi(50) : Mi(20)),
            MetricsMissing = t => t >= TimeSpan.FromHours(8) && t < TimeSpan.FromHours(20),
        };
        sim.Run(TimeSpan.FromHours(24));
        return sim;
    }

    /// <summary>Alerting runs for six hours and is then disabled: its 32Mi return to the sensor and VictoriaMetrics.</summary>
    private static AutopilotSimulation ComponentDisabled()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm, Alerting) { Demand = Constant(Mi(40), Mi(60), Mi(20)) };
        sim.Run(TimeSpan.FromHours(6));
        sim.Remove(ComponentNames.Alerting);
        sim.Run(TimeSpan.FromHours(6));
        return sim;
    }

    /// <summary>
    /// The sensor has spec.sensor.memoryLimit 50Mi and outgrows it at 6h (killed, never moved) while
    /// VictoriaMetrics grows from 40Mi to 100Mi and vmalert outgrows its 32Mi floor at 4h.
    /// </summary>
    private static AutopilotSimulation ExplicitLimit()
    {
        var sim = new AutopilotSimulation(Mi(250), On, Sensor with { Explicit = Mi(50) }, Vm, Alerting)
        {
            Demand = (name, t) => name switch
            {
                ComponentNames.Sensor => t < TimeSpan.FromHours(6) ? Mi(40) : Mi(60),
                ComponentNames.VictoriaMetrics => Mi(40 + (10 * Math.Min(t.TotalHours, 6))),
                _ => t < TimeSpan.FromHours(4) ? Mi(20) : Mi(40),
            },
        };
        sim.Run(TimeSpan.FromHours(24));
        return sim;
    }

    /// <summary>VictoriaMetrics runs at 96% of its limit from the start; the idle sensor may give nothing in its first hour.</summary>
    private static AutopilotSimulation YoungHistory()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm) { Demand = Constant(Mi(20), Mi(128)) };
        sim.Run(TimeSpan.FromHours(3));
        return sim;
    }

    /// <summary>The sensor peaks at 100Mi for two hours, then idles at 30Mi: it shrinks only after shrinkAfter, by at most 25% a step.</summary>
    private static AutopilotSimulation PeakAgesOut()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor ? (t < TimeSpan.FromHours(2) ? Mi(100) : Mi(30)) : Mi(40),
        };
        sim.Run(TimeSpan.FromHours(24));
        return sim;
    }

    /// <summary>
    /// VictoriaMetrics peaks at 150Mi, idles at 40Mi and is shrunk; then a 150Mi burst of ten
    /// minutes every ten hours kills it: each shrink an OOM kill follows is reverted, and each revert
    /// doubles how long the next shrink waits.
    /// </summary>
    private static AutopilotSimulation ShrinkReverted()
    {
        var sim = new AutopilotSimulation(Mi(220), On, Sensor, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor
                ? Mi(40)
                : t < TimeSpan.FromHours(2) ? Mi(150) : (t.TotalMinutes % 600 < 10 && t > TimeSpan.FromHours(9) ? Mi(150) : Mi(40)),
        };
        sim.Run(TimeSpan.FromHours(48));
        return sim;
    }

    /// <summary>Three sensor replicas: every share is per replica, the budget counts each.</summary>
    private static AutopilotSimulation Replicas()
    {
        var sim = new AutopilotSimulation(Mi(300), On, Sensor with { Replicas = 3 }, Vm)
        {
            Demand = (name, t) => name == ComponentNames.Sensor ? Mi(t < TimeSpan.FromHours(3) ? 30 : 55) : Mi(50),
        };
        sim.Run(TimeSpan.FromHours(12));
        return sim;
    }

    /// <summary>Alerting is enabled after six hours of a balanced stack: it starts from nothing and gets its share at once.</summary>
    private static AutopilotSimulation ComponentEnabled()
    {
        var sim = new AutopilotSimulation(Mi(200), On, Sensor, Vm) { Demand = Constant(Mi(40), Mi(60), Mi(20)) };
        sim.Run(TimeSpan.FromHours(6));
        sim.Add(Alerting);
        sim.Run(TimeSpan.FromHours(6));
        return sim;
    }

    /// <summary>spec.memoryBudget goes from 250Mi to 180Mi after six hours.</summary>
    private static AutopilotSimulation BudgetLowered()
    {
        var sim = new AutopilotSimulation(Mi(250), On, Sensor, Vm) { Demand = Constant(Mi(40), Mi(60)) };
        sim.Run(TimeSpan.FromHours(6));
        sim.Budget = Mi(180);
        sim.Run(TimeSpan.FromHours(6));
        return sim;
    }
}
