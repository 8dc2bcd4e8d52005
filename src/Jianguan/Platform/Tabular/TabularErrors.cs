using System.Text;

namespace Jianguan.Platform.Tabular;

/// <summary>Why a CSV or XLSX file cannot be read further, in the words of the import reports.</summary>
internal static class TabularErrors
{
    /// <summary>
    /// Describes a read failure of a file (line 0 when no line is known); false for an exception that is not one,
    /// which should then propagate.
    /// </summary>
    public static bool TryDescribe(Exception exception, out long line, out string message)
    {
        switch (exception)
        {
            case CsvFormatException e:
                (line, message) = (e.Line, e.Message);
                return true;
            // Before IOException, which it derives from: the message already says what and why.
            case XlsxLimitException:
                (line, message) = (0, exception.Message);
                return true;
            // Before ArgumentException, which it derives from.
            case DecoderFallbackException:
                (line, message) = (0, "文件中有无效的 UTF-8 字节（编码混杂？请统一另存为 UTF-8 或 GB18030）/ the file has invalid UTF-8 bytes (mixed encodings? save it as UTF-8 or GB18030)");
                return true;
            case IOException or InvalidDataException or InvalidOperationException or FormatException
                or System.Xml.XmlException or ArgumentException or NotSupportedException:
                (line, message) = (0, $"无法读取文件 / cannot read the file: {exception.Message}");
                return true;
            default:
                (line, message) = (0, "");
                return false;
        }
    }
}
