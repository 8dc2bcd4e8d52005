using System.CommandLine;
using System.Text;
using Jianguan.Analytics.Learning;

namespace Jianguan.Commands;

/// <summary>`jianguan model train|evaluate|score`: the collusion classifier over tender screens.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "围标串标识别模型：训练、评估、打分 / collusion model: train, evaluate, score");
        command.Subcommands.Add(Evaluate());
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Score());
        return command;
    }

    private static Option<int> SeedOption() => new("--seed")
    {
        Description = "随机种子（结果对同一种子可复现） / random seed (same seed, same result)",
        DefaultValueFactory = _ => 7,
    };

    private static Option<string?> FeaturesOption() => new("--features")
    {
        Description = "只用这些特征组，逗号分隔：bids,structure,winner,estimate,status,date,bidder（默认：按已有列） / " +
            "feature groups to use (default: every group the columns allow)",
    };

    private static Option<bool> PortableOption() => new("--portable")
    {
        Description = "可迁移设置：只用与市场无关的价格筛查特征（按市场取百分位）、各市场同权、线性+随机森林；默认模型即如此训练 / " +
            "portable settings for markets the model has not seen (how the shipped default model is trained)",
    };

    private static Command Evaluate()
    {
        var input = new Option<string>("--input") { Description = "带标签的投标 CSV / labelled bid CSV (tender,bid,label,…)", Required = true };
        var cv = new Option<int>("--cv") { Description = "交叉验证折数 / number of folds", DefaultValueFactory = _ => 5 };
        var seed = SeedOption();
        var train = new Option<string[]>("--train")
        {
            Description = "改为在这些文件上训练、在 --input 上测试（如留一数据集） / train on these files and test on --input instead of cross-validation",
            AllowMultipleArgumentsPerToken = false,
        };
        var features = FeaturesOption();
        var portable = PortableOption();
        var command = new Command("evaluate", "标段级分层交叉验证，输出一行 JSON；给出 --train 时改为在其上训练、在 --input 上测试（留一数据集）/ " +
            "tender-level stratified cross-validation, prints one JSON line; with --train, train on those files and test on --input")
        {
            input, cv, seed, train, features, portable,
        };
        command.SetAction((parse, ct) => Run(parse, (output, error) =>
        {
            var k = parse.GetValue(cv);
            if (k < 2)
            {
                throw new CliException("--cv 至少为 2 / --cv must be at least 2");
            }

            var table = ReadTable(parse.GetValue(input)!, requireLabels: true, error);
            var trainFiles = parse.GetValue(train) ?? [];
            var groups = ParseGroups(parse.GetValue(features));
            EvaluationResult result;
            if (trainFiles.Length > 0)
            {
                var trainTables = trainFiles.Select(f => ReadTable(f, requireLabels: true, error)).ToList();
                result = CrossValidation.TrainAndTest(table, trainTables, parse.GetValue(seed), groups);
            }
            else if (parse.GetValue(portable))
            {
                result = CrossValidation.Evaluate(table, k, parse.GetValue(seed), groups ?? CrossValidation.Portable(table.Columns), TrainingOptions.Portable);
            }
            else
            {
                result = CrossValidation.Evaluate(table, k, parse.GetValue(seed), groups);
            }

            output.WriteLine(ToJson(result));
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Train()
    {
        var input = new Option<string[]>("--input") { Description = "带标签的投标 CSV（可多个） / labelled bid CSV files", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output") { Description = "模型文件 / model file to write", Required = true };
        var seed = SeedOption();
        var features = FeaturesOption();
        var portable = PortableOption();
        var command = new Command("train", "训练模型（每个文件视为一个市场） / train a model (each file is one market)") { input, output, seed, features, portable };
        command.SetAction((parse, ct) => Run(parse, (_, error) =>
        {
            var tables = parse.GetValue(input)!.Select(f => ReadTable(f, requireLabels: true, error)).ToList();
            var all = TenderTable.Combine(tables);
            var isPortable = parse.GetValue(portable);
            var groups = ParseGroups(parse.GetValue(features))
                ?? (isPortable ? CrossValidation.Portable(all.Columns) : TenderFeatures.GroupsFor(all.Columns));
            var tenders = CrossValidation.Eligible(all.Tenders);
            if (tenders.Select(t => t.Label).Distinct().Count() < 2)
            {
                throw new CliException("训练需要两类标签 / training needs both collusive and competitive tenders", Cli.Rejected);
            }

            var options = (isPortable ? TrainingOptions.Portable : new TrainingOptions()) with { Seed = parse.GetValue(seed) };
            var model = CollusionModel.Train(tenders, groups, options);

            // Provenance travels inside the model: which files (by content hash) and which settings made it.
            var files = parse.GetValue(input)!;
            model.Info.Provenance = string.Create(CultureInfo.InvariantCulture,
                $"jianguan model train --seed {parse.GetValue(seed)}{(isPortable ? " --portable" : "")} (features: {model.Groups}); inputs: ") +
                string.Join("; ", files.Select(f => $"{Path.GetFileName(f)} sha256={Sha256(f)}"));
            model.Save(parse.GetValue(output)!);
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"模型已保存 / model saved: {parse.GetValue(output)} ({tenders.Count} tenders, features: {model.Groups}, threshold {model.Threshold:0.####})"));
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Score()
    {
        var input = new Option<string>("--input") { Description = "投标 CSV / bid CSV (tender,bid,…)", Required = true };
        var modelPath = new Option<string?>("--model") { Description = "模型文件（默认：内置模型） / model file (default: the shipped model)" };
        var output = new Option<string>("--output") { Description = "输出 CSV：tender,score / output CSV", Required = true };
        var baseRate = new Option<double?>("--base-rate")
        {
            Description = "本市场预计的串标比例：把概率从模型训练时的比例换算过来（排序不变；默认不换算）/ " +
                "expected share of collusive tenders in the scored market: shift the probabilities from the model's training share (order unchanged; default: no shift)",
        };
        var command = new Command("score", "为每个标段给出串标概率 / probability of collusion per tender") { input, modelPath, output, baseRate };
        command.SetAction((parse, ct) => Run(parse, (_, error) =>
        {
            var rate = parse.GetValue(baseRate);
            if (rate is { } r && !(r > 0 && r < 1))
            {
                throw new CliException("--base-rate 须在 0 与 1 之间 / --base-rate must lie between 0 and 1");
            }

            var table = ReadTable(parse.GetValue(input)!, requireLabels: false, error);
            var path = parse.GetValue(modelPath);
            if (path is not null && !File.Exists(path))
            {
                throw new CliException($"找不到模型文件 / model file not found: {path}", Cli.Rejected);
            }

            var scorer = path is null ? DefaultModels.Load() : ModelScorer.From(CollusionModel.Load(path));
            var tenders = table.Tenders;
            var scores = scorer.Score(tenders, table.Columns, rate);
            var text = new StringBuilder("tender,score\n");
            foreach (var i in Enumerable.Range(0, tenders.Count).OrderByDescending(i => scores[i]).ThenBy(i => i))
            {
                text.Append(CultureInfo.InvariantCulture, $"{CsvField(tenders[i].Id)},{scores[i]:0.######}\n");
            }

            File.WriteAllText(parse.GetValue(output)!, text.ToString(), new UTF8Encoding(false));
            return table.Problems.Count > 0 ? Cli.Rejected : Cli.Ok;
        }));
        return command;
    }

    private static TenderTable ReadTable(string path, bool requireLabels, TextWriter error)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"找不到文件 / file not found: {path}", Cli.Rejected);
        }

        TenderTable table;
        try
        {
            table = TenderCsv.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message, Cli.Rejected);
        }

        foreach (var problem in table.Problems.Take(20))
        {
            error.WriteLine(problem);
        }

        if (table.Problems.Count > 20)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… 另有 {table.Problems.Count - 20} 行被跳过 / {table.Problems.Count - 20} more rows skipped"));
        }

        if (requireLabels && !table.Columns.HasFlag(TenderColumns.Label))
        {
            throw new CliException($"{path}: 缺少 label 列 / the file has no label column", Cli.Rejected);
        }

        return table;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static FeatureGroups? ParseGroups(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var groups = FeatureGroups.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<FeatureGroups>(part, ignoreCase: true, out var g) || g == FeatureGroups.None)
            {
                throw new CliException($"未知特征组 / unknown feature group: {part}");
            }

            groups |= g;
        }

        return groups | FeatureGroups.Bids;
    }

    private static string ToJson(EvaluationResult r)
    {
        static string N(double v) => double.IsFinite(v) ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "null";
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"tenders\":{r.Tenders},\"positives\":{r.Positives},\"accuracy\":{N(r.Accuracy)},\"balanced_accuracy\":{N(r.BalancedAccuracy)},\"auc\":{N(r.Auc)},\"precision\":{N(r.Precision)},\"recall\":{N(r.Recall)}}}");
    }

    private static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>Runs an action with the invocation's writers; a <see cref="CliException"/> becomes its message and exit code.</summary>
    private static Task<int> Run(ParseResult parse, Func<TextWriter, TextWriter, int> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return Task.FromResult(action(output, error));
        }
        catch (CliException e)
        {
            error.WriteLine(e.Message);
            return Task.FromResult(e.ExitCode);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine(e.Message);
            return Task.FromResult(Cli.Rejected);
        }
    }
}
