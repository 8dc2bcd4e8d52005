using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Jianguan.Platform.Documents;

/// <summary>
/// A printable report as a Word document (.docx, which WPS and LibreOffice open as well): a centred title, headings,
/// paragraphs and tables on A4, a page header and page numbers. Built in memory, written once.
/// </summary>
public sealed class DocxDocument(string title)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Sizes in half-points: 小二 (18 pt) for the title, 四号 (14 pt) for headings, 小四 (12 pt) for text, 五号 (10.5 pt) in tables.
    private const string TitleSize = "36";
    private const string HeadingSize = "28";
    private const string TextSize = "24";
    private const string TableSize = "21";

    // A4 less the margins, in twentieths of a point.
    private const int TextWidth = 11906 - (2 * 1588);

    private readonly List<OpenXmlElement> _blocks = [];

    // PNG pictures by the index of the block they replace (their image parts exist only in a written package).
    private readonly Dictionary<int, (byte[] Png, int Width, int Height, string Name)> _pictures = [];

    public string Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>Text at the top of every page, such as the issuing body; none when null.</summary>
    public string? PageHeader { get; init; }

    public DocxDocument Heading(string text)
    {
        _blocks.Add(TextParagraph(text, HeadingSize, bold: true, keepWithNext: true));
        return this;
    }

    /// <summary>A paragraph of body text, first line indented two characters; line breaks in the text are kept.</summary>
    public DocxDocument Paragraph(string text)
    {
        var paragraph = TextParagraph(text, TextSize);
        paragraph.ParagraphProperties!.Append(new Indentation { FirstLineChars = 200 });
        _blocks.Add(paragraph);
        return this;
    }

    /// <summary>A table with a header row that repeats on every page; null cells are empty.</summary>
    public DocxDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _blocks.Add(BuildTable(header, rows));
        // Word needs a paragraph between two tables, or it merges them.
        _blocks.Add(new Paragraph());
        return this;
    }

    /// <summary>A PNG picture (a chart), centred, as wide as the text; <paramref name="width"/> and <paramref name="height"/> in pixels give its proportions.</summary>
    public DocxDocument Picture(byte[] png, int width, int height, string name)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        _pictures[_blocks.Count] = (png, width, height, name);
        _blocks.Add(new Paragraph());
        return this;
    }

    /// <summary>Writes the document; it can be written again (the parts are copied).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        document.PackageProperties.Title = Clean(Title);
        var main = document.AddMainDocumentPart();
        AddStyles(main);

        var body = new Body();
        var title = TextParagraph(Title, TitleSize, bold: true);
        title.ParagraphProperties!.Append(new Justification { Val = JustificationValues.Center });
        body.Append(title);
        for (var i = 0; i < _blocks.Count; i++)
        {
            body.Append(_pictures.TryGetValue(i, out var picture) ? PictureParagraph(main, picture, (uint)(i + 1)) : _blocks[i].CloneNode(true));
        }

        // The schema orders a section's children: header and footer references first, then page size and margins.
        var section = new SectionProperties();
        if (PageHeader is { } headerText)
        {
            var headerPart = main.AddNewPart<HeaderPart>();
            var paragraph = TextParagraph(headerText, TableSize);
            paragraph.ParagraphProperties!.Append(new Justification { Val = JustificationValues.Center });
            headerPart.Header = new Header(paragraph);
            section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(headerPart) });
        }

        var footerPart = main.AddNewPart<FooterPart>();
        footerPart.Footer = new Footer(PageNumber());
        section.Append(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footerPart) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1440, Bottom = 1440, Left = 1588U, Right = 1588U, Header = 851U, Footer = 992U });
        body.Append(section);
        main.Document = new Document(body);
    }

    private static Paragraph PictureParagraph(MainDocumentPart main, (byte[] Png, int Width, int Height, string Name) picture, uint id)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(picture.Png))
        {
            part.FeedData(data);
        }

        // EMU: 635 per twentieth of a point; the picture spans the text width.
        const long cx = TextWidth * 635L;
        var cy = cx * picture.Height / picture.Width;
        var name = Clean(picture.Name);
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new Pic.Picture(
                    new Pic.NonVisualPictureProperties(
                        new Pic.NonVisualDrawingProperties { Id = 0U, Name = name + ".png" },
                        new Pic.NonVisualPictureDrawingProperties()),
                    new Pic.BlipFill(new A.Blip { Embed = main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
                    new Pic.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        return new Paragraph(
            new ParagraphProperties(new KeepNext(), new Justification { Val = JustificationValues.Center }),
            new Run(new Drawing(inline)));
    }

    private static void AddStyles(MainDocumentPart main)
    {
        // Chinese text in SimSun (宋体), Latin in Times New Roman: the fonts every Chinese office machine has.
        var part = main.AddNewPart<StyleDefinitionsPart>();
        part.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = "宋体", ComplexScript = "Times New Roman" },
                new FontSize { Val = TextSize },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { After = "120", Line = "360", LineRule = LineSpacingRuleValues.Auto }))));
    }

    private static Paragraph TextParagraph(string text, string size, bool bold = false, bool keepWithNext = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var properties = new ParagraphProperties();
        if (keepWithNext)
        {
            properties.Append(new KeepNext());
        }

        var paragraph = new Paragraph(properties);
        var lines = Clean(text).Split('\n');
        var run = new Run(RunProperties(size, bold));
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i].TrimEnd('\r')) { Space = SpaceProcessingModeValues.Preserve });
        }

        paragraph.Append(run);
        return paragraph;
    }

    private static RunProperties RunProperties(string size, bool bold)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        properties.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size });
        return properties;
    }

    private static Table BuildTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        const uint border = 4;
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = border },
                new LeftBorder { Val = BorderValues.Single, Size = border },
                new BottomBorder { Val = BorderValues.Single, Size = border },
                new RightBorder { Val = BorderValues.Single, Size = border },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = border },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = border }),
            new TableLayout { Type = TableLayoutValues.Autofit }));
        var columnWidth = (TextWidth / Math.Max(1, header.Count)).ToString(CultureInfo.InvariantCulture);
        table.Append(new TableGrid(header.Select(_ => new GridColumn { Width = columnWidth })));
        table.Append(Row(header, bold: true, repeat: true));
        foreach (var row in rows)
        {
            // A short row is padded so that the grid stays rectangular.
            table.Append(Row([.. row, .. Enumerable.Repeat<string?>(null, Math.Max(0, header.Count - row.Count))], bold: false, repeat: false));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string?> cells, bool bold, bool repeat)
    {
        var row = new TableRow();
        if (repeat)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var cell in cells)
        {
            var paragraph = TextParagraph(cell ?? "", TableSize, bold);
            paragraph.ParagraphProperties!.Append(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto });
            row.Append(new TableCell(paragraph));
        }

        return row;
    }

    /// <summary>第 N 页 / 共 M 页, centred, from Word's PAGE and NUMPAGES fields.</summary>
    private static Paragraph PageNumber()
    {
        static IEnumerable<OpenXmlElement> Field(string code) =>
        [
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode($" {code} ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new Text("1")),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
        ];

        var paragraph = new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        paragraph.Append(new Run(new Text("第 ") { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(Field("PAGE"));
        paragraph.Append(new Run(new Text(" 页 / 共 ") { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(Field("NUMPAGES"));
        paragraph.Append(new Run(new Text(" 页") { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    /// <summary>Drops characters XML cannot carry (control characters from imported data), which would fail the save.</summary>
    private static string Clean(string text)
    {
        if (!text.Any(c => !IsXmlChar(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlChar(char c) => c is '\t' or '\n' or '\r' or (>= ' ' and not '\uFFFE' and not '\uFFFF');
}
