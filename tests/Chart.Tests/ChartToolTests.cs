using SensorStack.Testing;

namespace SensorStack.ChartTests;

public class ChartToolTests
{
    [Fact]
    public void Helm_is_available_to_the_chart_tests() => Assert.True(File.Exists(RequiredTool.Find("helm")));
}
