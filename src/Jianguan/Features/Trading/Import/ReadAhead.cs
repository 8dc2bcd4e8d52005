using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Runs a reader on its own thread, a few batches ahead of the writer: parsing and database work then use both
/// cores. Items arrive in order; a reader failure is rethrown after the items read before it.
/// </summary>
internal static class ReadAhead
{
    private const int BatchSize = 512;

    public static async IAsyncEnumerable<ReadItem> RunAsync(IEnumerable<ReadItem> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(source, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            {
                foreach (var item in batch.Items)
                {
                    yield return item;
                }

                if (batch.Error is not null)
                {
                    ExceptionDispatchInfo.Throw(batch.Error);
                }
            }
        }
        finally
        {
            // The consumer may stop early (a failed write): the reader must let go of the file before we return.
            await stop.CancelAsync();
            await producer;
        }
    }

    private static async Task ProduceAsync(IEnumerable<ReadItem> source, ChannelWriter<Batch> writer, CancellationToken ct)
    {
        var items = new List<ReadItem>(BatchSize);
        try
        {
            foreach (var item in source)
            {
                items.Add(item);
                if (items.Count == BatchSize)
                {
                    await writer.WriteAsync(new Batch(items, null), ct);
                    items = new List<ReadItem>(BatchSize);
                }

                ct.ThrowIfCancellationRequested();
            }

            await writer.WriteAsync(new Batch(items, null), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The consumer has gone; nothing to hand over.
        }
        catch (Exception e)
        {
            try
            {
                await writer.WriteAsync(new Batch(items, e), ct);
            }
            catch (OperationCanceledException)
            {
                // The consumer has gone.
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private sealed record Batch(List<ReadItem> Items, Exception? Error);
}
