namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// One observation of a component, as the observe phase reports it and <see cref="HistoryFolding.Fold"/>
/// folds it in.
/// </summary>
/// <param name="WorkingSet">The highest working set of the component's pods (a limit is per pod); null when metrics.k8s.io gave nothing.</param>
/// <param name="LimitInForce">The limit the running pods have (per pod), to judge "near the limit" and an OOM kill against.</param>
/// <param name="NewOomKills">OOMKilled terminations first seen in this observation (each counted once, as status.oomKills counts them).</param>
/// <param name="NewRestarts">Other container restarts first seen in this observation, not counting restarts the autopilot's own change caused.</param>
public sealed record ComponentSample(long? WorkingSet, long LimitInForce, int NewOomKills, int NewRestarts);
