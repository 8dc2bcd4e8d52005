using Jianguan.Analytics.Data;
using Jianguan.Analytics.Learning;

namespace Jianguan.Analytics.Scoring;

/// <summary>Feeds the engine's sections to the learning component's models (one batch for the whole table).</summary>
public static class ModelHook
{
    /// <summary>The shipped default models, or null when this build carries none.</summary>
    public static ModelScorer? TryLoadDefault()
    {
        try
        {
            return DefaultModels.Load();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static Func<BidTable, double[]> From(ModelScorer scorer) => t =>
    {
        var (records, columns) = Records(t);
        return scorer.Score(records, columns);
    };

    /// <summary>One record per section with the columns the table has (bidders, winners, estimate, status, date).</summary>
    public static (List<TenderRecord> Records, TenderColumns Columns) Records(BidTable t)
    {
        var columns = TenderColumns.None;
        if (t.HasBidders)
        {
            columns |= TenderColumns.Bidder;
        }

        if (t.HasWinners)
        {
            columns |= TenderColumns.Winner;
        }

        if (t.HasStatus)
        {
            columns |= TenderColumns.Status;
        }

        var anyEstimate = false;
        var anyDate = false;
        for (var s = 0; s < t.SectionCount; s++)
        {
            anyEstimate |= double.IsFinite(t.Estimate[s]) || double.IsFinite(t.ControlPrice[s]);
            anyDate |= t.OpenTime[s] != Timestamp.Missing;
        }

        columns |= anyEstimate ? TenderColumns.Estimate : 0;
        columns |= anyDate ? TenderColumns.Date : 0;
        var records = new List<TenderRecord>(t.SectionCount);
        for (var s = 0; s < t.SectionCount; s++)
        {
            var a = t.SectionStart[s];
            var n = t.SectionStart[s + 1] - a;
            var estimate = double.IsFinite(t.Estimate[s]) ? t.Estimate[s] : t.ControlPrice[s];
            records.Add(new TenderRecord
            {
                Id = t.SectionIds[s],
                Bids = t.Price.AsSpan(a, n).ToArray(),
                Bidders = t.HasBidders ? Enumerable.Range(a, n).Select(i => (string?)t.BidderName(t.Bidder[i])).ToArray() : null,
                Winners = t.HasWinners ? t.Won.AsSpan(a, n).ToArray() : null,
                Disqualified = t.HasStatus ? Enumerable.Range(a, n).Select(i => t.Status[i] == BidStatus.Disqualified).ToArray() : null,
                Estimate = estimate,
                Date = t.OpenTime[s] == Timestamp.Missing ? double.NaN : t.OpenTime[s],
            });
        }

        return (records, columns);
    }
}
