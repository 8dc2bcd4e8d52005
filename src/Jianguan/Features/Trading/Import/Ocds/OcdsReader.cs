namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>Stand-in for the OCDS reader of the OCDS slice, so that the importer compiles on its own branch.</summary>
public static class OcdsReader
{
    public static bool CanRead(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".json" or ".jsonl" or ".ndjson";

    public static IEnumerable<ReadItem> Read(string path, string displayName)
    {
        yield return new ReadItem(0, null, new ImportError(displayName, 0, "", "此版本不含 OCDS 读取器 / this build has no OCDS reader"));
    }
}
