using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using Jianguan.Analytics;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Scoring;

namespace Jianguan.Commands;

/// <summary><c>jianguan analyze --input FILE... --output DIR</c>: the warning engine over files, no database.</summary>
public static class AnalyzeCommand
{
    /// <summary>Tables of at least this many bids are compacted after loading (the memory budget of 10 M bids).</summary>
    public const int CompactAfterLoadBids = 2_000_000;

    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "输入文件或目录：import 能读的格式——OCDS（.json/.jsonl，含 bids 扩展）、XLSX、CSV（国家规范或平台表头如 投标单位名称/投标报价，"
                + "最小格式 tender,bidder,bid…，demo generate 输出的文件）；目录取其中的 .csv/.json/.jsonl/.ndjson/.xlsx 文件 / "
                + "input files or directories: what import reads — OCDS (.json/.jsonl, bids extension), XLSX, CSV (national-spec or portal "
                + "headers such as 投标单位名称/投标报价, the minimal tender,bidder,bid…, the files of demo generate); a directory means its "
                + ".csv/.json/.jsonl/.ndjson/.xlsx files",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "输出目录：sections.csv, bidders.csv, groups.csv, alerts.jsonl / output directory",
            Required = true,
        };
        var model = new Option<string?>("--model")
        {
            Description = "串通概率模型文件（默认使用内置模型，若有）/ collusion model file (default: the shipped model, when present)",
        };
        var noModel = new Option<bool>("--no-model") { Description = "只用规则评分 / score with the rules only" };
        var baseRate = new Option<double>("--base-rate")
        {
            Description = "本市场预计的串标标段比例，模型概率据此换算（默认 0.05）/ expected share of collusive sections in this market; " +
                "model probabilities are shifted from the model's training share to it (default 0.05)",
            DefaultValueFactory = _ => ModelHook.DefaultBaseRate,
        };
        var blacklist = new Option<string?>("--blacklist")
        {
            Description = "失信主体名单 CSV（主体名称/统一社会信用代码, 列入日期, 移出日期[, 信用修复日期, 列入原因]）：投标时在名单期内即预警 / " +
                "credit blacklist CSV (name/credit code, from, until[, repaired, reason]): a bid inside a listing period is flagged",
        };
        var mapping = new Option<string?>("--mapping")
        {
            Description = "列映射文件（JSON，同 import，见 docs/import-mapping.md；给出时所有 CSV 按导入格式读取）/ "
                + "column mapping file (JSON, as for import, see docs/import-mapping.md; when given, every CSV is read as import reads it)",
        };
        var command = new Command("analyze", "串通投标与弄虚作假预警分析 / analyse bids for collusion and fraud warnings")
        {
            input, output, model, noModel, baseRate, mapping, blacklist,
        };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(input) ?? [], parse.GetValue(output)!, parse.GetValue(model), parse.GetValue(noModel),
            parse.GetValue(baseRate), parse.GetValue(mapping), parse.GetValue(blacklist))));
        return command;
    }

    public static int Run(TextWriter stdout, TextWriter stderr, string[] inputs, string output, string? modelPath = null,
        bool noModel = false, double baseRate = ModelHook.DefaultBaseRate, string? mappingFile = null, string? blacklistPath = null)
    {
        // A batch run over up to millions of bids: no background (concurrent) collections (measured at 1 M bids:
        // about 0.5 CPU s less, docs/model.md "Speed, round 4"). The mode is process-wide; the previous one comes
        // back when the run ends.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            return RunBatch(stdout, stderr, inputs, output, modelPath, noModel, baseRate, mappingFile, blacklistPath);
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }
    }

    private static int RunBatch(TextWriter stdout, TextWriter stderr, string[] inputs, string output, string? modelPath,
        bool noModel, double baseRate, string? mappingFile, string? blacklistPath)
    {
        if (inputs.Length == 0)
        {
            stderr.WriteLine("缺少 --input / missing --input");
            return Cli.Usage;
        }

        if (!(baseRate > 0 && baseRate < 1))
        {
            stderr.WriteLine("--base-rate 须在 0 与 1 之间 / --base-rate must lie between 0 and 1");
            return Cli.Usage;
        }

        foreach (var path in inputs)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                stderr.WriteLine($"找不到输入文件 / input not found: {path}");
                return Cli.Usage;
            }
        }

        if (mappingFile is not null && !File.Exists(mappingFile))
        {
            stderr.WriteLine($"找不到映射文件 / mapping file not found: {mappingFile}");
            return Cli.Usage;
        }

        ModelScorer? scorer = null;
        Task<ModelScorer?>? defaultModel = null;
        if (modelPath is not null)
        {
            if (!File.Exists(modelPath))
            {
                stderr.WriteLine($"找不到模型文件 / model not found: {modelPath}");
                return Cli.Usage;
            }

            try
            {
                scorer = ModelScorer.From(CollusionModel.Load(modelPath));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.Text.Json.JsonException or InvalidDataException or FormatException)
            {
                stderr.WriteLine($"模型文件无法读取 / cannot read the model: {e.Message}");
                return Cli.Rejected;
            }
        }
        else if (!noModel)
        {
            // The shipped model is read while the input loads.
            defaultModel = Engine.Beside(ModelHook.TryLoadDefault);
        }

        Blacklist? blacklist = null;
        if (blacklistPath is not null)
        {
            try
            {
                blacklist = BlacklistLoader.Load(blacklistPath);
            }
            catch (BlacklistFormatException e)
            {
                stderr.WriteLine("失信主体名单未采用，分析未进行 / blacklist refused, nothing analysed:");
                stderr.WriteLine(e.Message);
                return Cli.Rejected;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"读取失信主体名单失败 / cannot read the blacklist: {e.Message}");
                return Cli.Rejected;
            }
        }

        var clock = Stopwatch.StartNew();
        var report = new AnalyzeInputReport();
        var warned = new HashSet<string>(StringComparer.Ordinal);
        Analytics.Data.BidTable table;
        try
        {
            table = AnalyzeInput.Load(inputs, mappingFile, report, message =>
            {
                if (warned.Add(message))
                {
                    stderr.WriteLine($"警告 / warning: {message}");
                }
            });
        }
        catch (Features.Trading.Import.ImportMappingException e)
        {
            stderr.WriteLine(e.Message);
            return Cli.Usage;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"读取输入失败 / cannot read input: {e.Message}");
            return Cli.Rejected;
        }

        foreach (var note in report.Notes)
        {
            stderr.WriteLine(note);
        }

        foreach (var error in report.Errors)
        {
            stderr.WriteLine(error);
        }

        if (!report.HasBids)
        {
            stderr.WriteLine("输入中没有投标数据：需要含标段与投标报价列的 CSV 或 XLSX（如 tender,bidder,bid，或 标段编号/投标单位名称/投标报价），"
                + "或含投标（bids 扩展）的 OCDS（.json/.jsonl）/ no bid data: a CSV or XLSX with a section and a bid price column "
                + "(such as tender,bidder,bid, or 标段编号/投标单位名称/投标报价), or OCDS (.json/.jsonl) with bids (the bids extension), is required");
            return Cli.Rejected;
        }

        // Loading leaves parse buffers and per-thread dictionaries behind; drop them before the analysis allocates,
        // which keeps the peak memory of ten million bids under the budget. A smaller table fits anyway, and a
        // full compacting collection of its heap would only cost time.
        if (table.BidCount >= CompactAfterLoadBids)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        scorer ??= defaultModel?.GetAwaiter().GetResult();
        var loaded = clock.Elapsed;
        var loadCpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var loggers = CliHost.Loggers();
        var timings = Platform.Timings.Logger(loggers);
        var feed = scorer is null ? null : ModelHook.Feed(scorer, table, baseRate);
        var result = Engine.Analyze(table, new EngineOptions
        {
            Model = scorer is null || feed is not null ? null : ModelHook.From(scorer, baseRate),
            ModelFeed = feed,
            Blacklist = blacklist,
            Timing = timings.IsEnabled(LogLevel.Debug) ? (phase, time) => Platform.Timings.Phase(timings, phase, time) : null,
        });
        var analysed = clock.Elapsed;
        var analysedCpu = Process.GetCurrentProcess().TotalProcessorTime;
        ResultWriter.Write(result, output);
        Platform.Timings.Phase(timings, "write cpu", Process.GetCurrentProcess().TotalProcessorTime - analysedCpu);

        var red = 0;
        foreach (var s in result.Scores.Section)
        {
            red += Rule.LevelOf(s) == Level.Red ? 1 : 0;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"标段 sections {table.SectionCount}, 投标 bids {table.BidCount}, 投标人 bidders {table.BidderCount}, 预警 alerts {result.Alerts.Count}, 红色标段 red sections {red}, 团体 groups {result.Groups.Count}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"读取 load {loaded.TotalSeconds:0.00} s, 分析 analyse {(analysed - loaded).TotalSeconds:0.00} s, 写出 write {(clock.Elapsed - analysed).TotalSeconds:0.00} s → {output}"));
        Platform.Timings.Phase(timings, "load cpu", loadCpu);
        Platform.Timings.Phase(timings, "total cpu", Process.GetCurrentProcess().TotalProcessorTime);

        stdout.WriteLine(scorer is null
            ? "评分：仅规则 / scores: rules only"
            : "评分：规则与模型 / scores: rules and model");
        if (!table.HasBidders)
        {
            stdout.WriteLine("输入没有投标人列：仅运行价格规则 / no bidder column: price rules only");
        }

        if (report.ImportedFiles > 0)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"按导入格式读取 / read as import reads: {report.ImportedFiles} 个文件 files, 标段 sections {report.ImportedSections}, 投标 bids {report.ImportedBids}"));
        }

        if (report.Rejected > 0)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Rejected} 行被拒绝（已跳过，其余照常分析）/ rows rejected (skipped; the rest was analysed)"));
            return Cli.Rejected;
        }

        return Cli.Ok;
    }
}
