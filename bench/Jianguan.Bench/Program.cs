using System.Diagnostics;
using System.Globalization;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Screens;

// Stages of the engine timed on their own, for bench/analyze-scale.sh.
//   jianguan-bench screens PATH...   read the section, bid and estimate columns and compute the price screens of
//                                    every section: the same work as bench/pandas_screens.py.
if (args.Length < 2 || args[0] != "screens")
{
    Console.Error.WriteLine("usage: jianguan-bench screens FILE_OR_DIR...");
    return 2;
}

var clock = Stopwatch.StartNew();
var report = new LoadReport();
var table = CsvLoader.Load(args[1..], report, pricesOnly: true);
var read = clock.Elapsed;
if (!report.HasBidFile)
{
    Console.Error.WriteLine("no bid file among the inputs");
    return 1;
}

var sections = table.SectionCount;
var screens = new ScreenValues[sections];
var maxBids = 0;
for (var s = 0; s < sections; s++)
{
    maxBids = Math.Max(maxBids, table.SectionStart[s + 1] - table.SectionStart[s]);
}

Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, sections, Math.Max(256, (sections / 64) + 1)),
    () => new double[PriceScreens.ScratchLength(maxBids)],
    (range, _, scratch) =>
    {
        for (var s = range.Item1; s < range.Item2; s++)
        {
            var a = table.SectionStart[s];
            var estimate = double.IsFinite(table.Estimate[s]) ? table.Estimate[s] : table.ControlPrice[s];
            screens[s] = PriceScreens.Compute(table.Price.AsSpan(a, table.SectionStart[s + 1] - a),
                double.IsFinite(estimate) ? estimate : null, scratch);
        }

        return scratch;
    },
    _ => { });
var total = clock.Elapsed;

// A checksum keeps the results observable (and comparable between runs).
var sum = 0.0;
foreach (var v in screens)
{
    sum += double.IsFinite(v.Cv) ? v.Cv : 0;
    sum += double.IsFinite(v.SubsetCvMedian) ? v.SubsetCvMedian : 0;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"engine screens: {sections} sections, {table.BidCount} bids; read {read.TotalSeconds:0.00} s, screens {(total - read).TotalSeconds:0.00} s, total {total.TotalSeconds:0.00} s (checksum {sum:0.000})"));
return 0;
