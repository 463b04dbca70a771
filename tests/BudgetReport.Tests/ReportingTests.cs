using System.Xml.Linq;
using SensorStack.BudgetReport.Reporting;
using static SensorStack.BudgetReportTests.ReportBuilder;

namespace SensorStack.BudgetReportTests;

public sealed class ReportingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_chart_is_valid_SVG_with_one_stacked_area_per_component_Grafana_at_its_limit_the_baseline_and_the_budget_line()
    {
        var data = Data(Samples((0, 20, 30, 40), (1, 25, 35, 45), (2, 22, 33, 44)));

        var svg = XDocument.Parse(SvgChart.Render(data));

        var areas = svg.Descendants(Svg + "polygon").Select(p => p.Element(Svg + "title")?.Value).ToList();
        Assert.Equal(["Grafana at its limit (not run)", "VictoriaMetrics", "Sensor"], areas);
        Assert.Single(svg.Descendants(Svg + "polyline"));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "budget 300Mi");
        Assert.Contains(svg.Descendants(Svg + "rect"), r => r.Element(Svg + "title")?.Value == "ingest burst 1");
    }

    [Fact]
    public void A_component_that_stopped_is_marked_where_its_samples_end()
    {
        var data = Data(Samples((0, 20, 30, 10), (1, 21, 30, 10), (2, null, 30, 10)), Run(sensorExit: "139"));

        var svg = XDocument.Parse(SvgChart.Render(data));

        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Sensor stopped (exit code 139)");
    }

    [Fact]
    public void The_stacked_top_edge_is_the_sum_of_the_components()
    {
        // One sample of 100 + 50 MiB: the VictoriaMetrics area's top must sit at 150 MiB on the y axis,
        // the sensor's at 100 MiB; the axis runs to a nice ceiling above the 300 MiB budget.
        var data = Data(Samples((0, 100, 50, 10), (1, 100, 50, 10)));

        var svg = XDocument.Parse(SvgChart.Render(data));

        var tops = svg.Descendants(Svg + "polygon")
            .Where(p => p.Element(Svg + "title")?.Value is "VictoriaMetrics" or "Sensor")
            .Select(p => double.Parse(p.Attribute("points")!.Value.Split(' ')[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var zero = 440.0 - 48;
        Assert.Equal(150.0 / 100, (zero - tops[0]) / (zero - tops[1]), 2);
    }

    [Fact]
    public void The_Markdown_report_has_the_seeds_tables_beside_todays_figures()
    {
        var data = Data(Samples((0, 20, 30, 40), (1, 24, 36, 48)));

        var markdown = MarkdownReport.Render(data, Verdict.Judge(data), "chart.svg");

        Assert.Contains("**Result: PASS**", markdown, StringComparison.Ordinal);
        Assert.Contains("| Sensor | 65 MB | 24.0 MiB | 22.0 MiB | 51Mi | 27.0 MiB (53 %) | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| VictoriaMetrics | 80 MB | 36.0 MiB | 33.0 MiB | 102Mi |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Grafana | 55 MB | not run locally: counted at its limit | | 147Mi |", markdown, StringComparison.Ordinal);
        // 60 MiB measured at peak + 147 MiB Grafana at its limit.
        Assert.Contains("| **Total** | **200 MB** | **207.0 MiB** |", markdown, StringComparison.Ordinal);
        Assert.Contains("![Working set per component, stacked, with the budget line](chart.svg)", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1 | 2 |", markdown, StringComparison.Ordinal);
    }
}
