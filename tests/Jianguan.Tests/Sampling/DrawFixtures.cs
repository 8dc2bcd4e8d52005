using System.Globalization;
using Jianguan.Features.Sampling.Draw;

namespace Jianguan.Tests.Sampling;

/// <summary>Pools and parameters for draw tests, generated from a fixed System.Random seed (test data only).</summary>
internal static class DrawFixtures
{
    public static readonly byte[] ServerSeed = Convert.FromHexString("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");

    public static readonly string[] Departments = ["住建局", "交通局", "水务局", "财政局"];
    public static readonly string[] Categories = ["工程建设项目招标投标", "政府采购", "国有产权交易"];
    public const string Joint = "联合检查组";

    /// <summary>A small hand-made draw with conflicts, history, an inactive and an expired inspector.</summary>
    public static (DrawPool Pool, DrawParameters Parameters) Small()
    {
        var objects = new List<PoolObject>
        {
            new("E:1", "entity", "high", "住建局", "工程建设项目招标投标", "美兰区", "E:1", "海南甲建设工程有限公司"),
            new("E:2", "entity", "high", "住建局", "工程建设项目招标投标", "龙华区", "E:2", "海南乙建设工程有限公司"),
            new("E:3", "entity", "low", "财政局", "政府采购", "秀英区", "E:3", "海南丙科技有限公司"),
            new("S:10", "section", "high", "财政局", "政府采购", "琼山区", "E:3", "办公设备采购 第1包"),
            new("S:11", "section", "medium", "住建局", "工程建设项目招标投标", "美兰区", "E:1", "道路工程 第2标段"),
        };
        var inspectors = new List<PoolInspector>
        {
            new("I:1", "住建局", ["工程建设项目招标投标"], ["E:1"], "张三", true, "2030-12-31"),
            new("I:2", "住建局", ["工程建设项目招标投标", "政府采购"], [], "李四", true, "2030-12-31"),
            new("I:3", "住建局", ["工程建设项目招标投标"], [], "王五", true, "2030-12-31"),
            new("I:4", "财政局", ["政府采购"], [], "赵六", true, "2030-12-31"),
            new("I:5", Joint, ["工程建设项目招标投标", "政府采购"], ["S:10"], "钱七", true, "2030-12-31"),
            new("I:6", "财政局", ["政府采购"], [], "孙八", false, "2030-12-31"),
            new("I:7", "住建局", ["工程建设项目招标投标"], [], "周九", true, "2025-01-31"),
        };
        var history = new List<PastPair> { new("I:3", "E:2", "2025-09-01"), new("I:2", "E:2", "2024-01-01") };
        var parameters = new DrawParameters("2026 年第一批", "draw-1", "2026-03-10",
            [new GradeRule("high", 1m, null), new GradeRule("medium", 0.5m, null), new GradeRule("low", null, 1)],
            DrawFilters.None, 2, [Joint], 12);
        return (new DrawPool(objects, inspectors, history), parameters);
    }

    /// <summary>A random pool: objects over four grades, inspectors over departments and the joint team, random conflicts and history.</summary>
    public static DrawPool RandomPool(Random random, int objectCount, int inspectorCount)
    {
        string[] grades = ["high", "medium-high", "medium", "low"];
        var objects = Enumerable.Range(0, objectCount).Select(i =>
        {
            var entity = "E:" + random.Next(objectCount / 2 + 1).ToString(CultureInfo.InvariantCulture);
            var kind = random.Next(3) == 0 ? "entity" : "section";
            var id = kind == "entity" ? $"{entity}#{i}" : "S:" + i.ToString(CultureInfo.InvariantCulture);
            return new PoolObject(id, kind, grades[random.Next(grades.Length)], Departments[random.Next(Departments.Length)],
                Categories[random.Next(Categories.Length)], "", entity);
        }).ToList();
        var inspectors = Enumerable.Range(0, inspectorCount).Select(i =>
        {
            var department = random.Next(5) == 0 ? Joint : Departments[random.Next(Departments.Length)];
            var specialties = Categories.Where(_ => random.Next(2) == 0).ToList();
            var conflicts = Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(2) == 0
                ? objects[random.Next(objects.Count)].Id
                : "E:" + random.Next(objectCount / 2 + 1).ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
            return new PoolInspector("I:" + i.ToString("D3", CultureInfo.InvariantCulture), department, specialties, conflicts,
                Active: random.Next(10) > 0, CertificateValidUntil: random.Next(10) == 0 ? "2025-12-31" : "2028-06-30");
        }).ToList();
        var history = Enumerable.Range(0, inspectorCount).Select(_ => new PastPair(
            inspectors[random.Next(inspectors.Count)].Id, "E:" + random.Next(objectCount / 2 + 1).ToString(CultureInfo.InvariantCulture),
            new DateOnly(2024, 6, 1).AddDays(random.Next(700)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        return new DrawPool(objects, inspectors, history);
    }

    public static DrawParameters Ratios(params (string Grade, decimal Ratio)[] ratios) =>
        new("test", "", "2026-03-10", [.. ratios.Select(r => new GradeRule(r.Grade, r.Ratio, null))], DrawFilters.None, 2, [Joint], 12);
}
