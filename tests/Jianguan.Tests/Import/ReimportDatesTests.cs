namespace Jianguan.Tests.Import;

/// <summary>
/// The projects, sections and awards tables of <c>demo generate</c> (national-spec columns) give a project's date
/// twice and an award's notice time under NOTICE_SEND_TIME: importing them keeps every date where it belongs, and
/// importing them again changes nothing (bench/import-100k.sh reported 268 498 rows "updated" by its re-import).
/// </summary>
[Trait("Category", "Database")]
public sealed class ReimportDatesTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task ImportAsync_ProjectSectionAndAwardTablesTwice_DatesInPlaceAndSecondImportChangesNothing()
    {
        await using var t = await ImportTestDb.CreateAsync();
        string[] files =
        [
            t.File("projects.csv", """
                TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,CREATE_TIME
                P1,道路工程,2023-01-02 11:42:37
                """),
            t.File("sections.csv", """
                TENDER_PROJECT_CODE,BID_SECTION_CODE,CONTROL_PRICE,NOTICE_SEND_TIME,BID_OPEN_TIME
                P1,P1-01,430410.71,2023-01-04 11:45:15,2023-01-30 09:00:00
                P1,P1-02,500000.00,2023-01-05 10:00:00,2023-01-31 09:00:00
                """),
            t.File("awards.csv", """
                TENDER_PROJECT_CODE,BID_SECTION_CODE,WIN_BIDDER_NAME,BID_AMOUNT,NOTICE_SEND_TIME
                P1,P1-01,海南博远工程项目管理有限公司,357089.80,2023-02-06 09:42:36
                P1,P1-02,海南海澄工程有限公司,480000.00,2023-02-07 09:00:00
                """),
        ];

        var first = await t.ImportAsync(files);
        var again = await t.ImportAsync(files);

        Assert.Equal(0, first.Rejected);
        Assert.Equal((0, 0, 5), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
        var project = await t.Db.Projects.SingleAsync(p => p.Code == "P1");
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 11, 42, 37, Beijing), project.PublishedAt);
        var section = await t.Db.Sections.SingleAsync(s => s.Code == "P1-01");
        Assert.Equal(new DateTimeOffset(2023, 1, 4, 11, 45, 15, Beijing), section.NoticeAt);
        Assert.Equal(new DateTimeOffset(2023, 1, 30, 9, 0, 0, Beijing), section.BidOpenAt);
        Assert.Equal(new DateTimeOffset(2023, 2, 6, 9, 42, 36, Beijing), section.AwardAt);
    }
}
