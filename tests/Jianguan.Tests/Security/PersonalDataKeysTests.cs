using Jianguan.Features.Trading;
using Jianguan.Platform.Crypto;
using Jianguan.Tests.Import;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Jianguan.Tests.Security;

/// <summary>
/// Issue 17, item 10: the development key only in Development or the demo; names and the deposit account encrypted,
/// blind-indexed and masked; Data Protection keys in the database, encrypted.
/// </summary>
[Trait("Category", "Database")]
public sealed class PersonalDataKeysTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Staging")]
    [InlineData("Production")]
    public void FieldKeys_NoKeysOutsideDevelopment_DevelopmentKeyRefused(string? environment)
    {
        var e = Assert.Throws<FieldKeyException>(() => FieldKeyRing.From(name => name == "ASPNETCORE_ENVIRONMENT" ? environment : null));
        Assert.Contains("公开的开发密钥只用于开发环境", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldKeys_Demo_DevelopmentKeyAccepted() =>
        Assert.True(FieldKeyRing.From(_ => null, demo: true).Development);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_StagingWithoutKeys_RefusedUnlessDemo(bool demo)
    {
        WebApplication? app = null;
        Exception? error = null;
        try
        {
            app = WebApp.Build(new WebAppOptions("Data Source=" + Path.Combine(Path.GetTempPath(), "never-opened.db"), Demo: demo), b =>
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["JIANGUAN_ENVIRONMENT"] = "Staging",
                    ["JIANGUAN_AUDIT_KEY"] = "a-long-audit-key",
                    ["JIANGUAN_FIELD_KEYS"] = "",
                }));
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        if (demo)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.Contains("公开的开发密钥只用于开发环境", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Import_NamesAndDepositAccount_EncryptedWithBlindIndexesAndReadBack()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv",
            "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE,项目负责人,联系人,保证金账户,法定代表人\n" +
            "P1,S1,甲建设有限公司,100,张三丰,李四,6217-0000-1111-2222,王五\n" +
            "P1,S1,乙建设有限公司,101,张三丰,赵六,6217000011112222,钱七\n");

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        var raw = new List<string?[]>();
        await t.Db.Database.OpenConnectionAsync();
        try
        {
            await using var command = t.Db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """
                SELECT b."ProjectManager", b."ProjectManagerHash", b."ContactPerson", b."ContactPersonHash", b."DepositAccount",
                  b."DepositAccountHash", b."LegalRepresentative", b."LegalRepresentativeHash", e."LegalRepresentative", e."LegalRepresentativeHash"
                FROM "Bids" b JOIN "MarketEntities" e ON e."Id" = b."BidderId" ORDER BY b."Id"
                """;
            await using var r = await command.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                raw.Add([.. Enumerable.Range(0, 10).Select(i => r.IsDBNull(i) ? null : r.GetString(i))]);
            }
        }
        finally
        {
            await t.Db.Database.CloseConnectionAsync();
        }

        Assert.Equal(2, raw.Count);
        foreach (var row in raw)
        {
            foreach (var i in new[] { 0, 2, 4 })
            {
                Assert.StartsWith("sm4g:", row[i], StringComparison.Ordinal);
                Assert.NotNull(row[i + 1]);
            }

            // The legal representative column is the bid's or the bidder's, whichever the reader filled.
            Assert.True(FieldCipher.IsCiphertext(row[6] ?? row[8]));
            Assert.NotNull(row[7] ?? row[9]);
            Assert.DoesNotContain(row, v => v is not null && (v.Contains("张三丰", StringComparison.Ordinal) || v.Contains("6217", StringComparison.Ordinal)));
        }

        // Same manager and same account (after normalising) → same blind index, what the warning engine compares.
        Assert.Equal(raw[0][1], raw[1][1]);
        Assert.Equal(raw[0][5], raw[1][5]);
        Assert.NotEqual(raw[0][3], raw[1][3]);
        var bids = await t.Db.Bids.AsNoTracking().Include(b => b.Bidder).OrderBy(b => b.Id).ToListAsync();
        Assert.Equal(["张三丰", "张三丰"], bids.Select(b => b.ProjectManager));
        Assert.Equal("6217-0000-1111-2222", bids[0].DepositAccount);
        Assert.Equal("王五", bids[0].LegalRepresentative ?? bids[0].Bidder!.LegalRepresentative);
    }

    [Fact]
    public async Task SectionApi_MaskedScope_NamesAndAccountMaskedFullForOffice()
    {
        long sectionId = 0;
        var code = "PD" + Guid.NewGuid().ToString("N")[..8];
        await factory.SeedAsync(async db =>
        {
            var section = new Section { Code = "01" };
            section.Bids.Add(new Bid
            {
                Bidder = new MarketEntity { Key = code + "-a", Name = "甲公司", LegalRepresentative = "王五" },
                Price = 100m,
                ProjectManager = "张三丰",
                ContactPerson = "李四",
                DepositAccount = "6217000011112222",
            });
            section.Bids.Add(new Bid
            {
                Bidder = new MarketEntity { Key = code + "-b", Name = "乙公司" },
                Price = 101m,
                ProjectManager = "张三丰",
                DepositAccount = "6217000011112222",
            });
            var project = new TradingProject { Code = code };
            project.Sections.Add(section);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            sectionId = section.Id;
        });

        var center = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var masked = await center.GetStringAsync($"/api/trading/sections/{sectionId}");
        foreach (var secret in new[] { "张三丰", "李四", "王五", "6217000011112222" })
        {
            Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        }

        Assert.Contains("张**", masked, StringComparison.Ordinal);
        Assert.Contains("****2222", masked, StringComparison.Ordinal);
        // Shared values stay visible as shared (computed before masking).
        Assert.Contains("\"depositAccount\"", masked, StringComparison.Ordinal);

        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var full = await office.GetStringAsync($"/api/trading/sections/{sectionId}");
        Assert.Contains("张三丰", full, StringComparison.Ordinal);
        Assert.Contains("6217000011112222", full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeys_InDatabaseEncryptedWithFieldCipher()
    {
        // A login issues a cookie and anti-forgery tokens: the key ring exists afterwards.
        await factory.CreateUserAndLoginAsync(Roles.Police);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Contains("<encryptedKey", key.Xml, StringComparison.Ordinal);
            Assert.Contains("sm4g:v1:", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void XmlDecryptor_PlaintextKey_Refused()
    {
        var services = new ServiceCollection().AddSingleton(FieldKeyRing.Development()).BuildServiceProvider();
        var forged = System.Xml.Linq.XElement.Parse("<encryptedKey><value>&lt;key/&gt;</value></encryptedKey>");
        Assert.Throws<FieldDecryptionException>(() => new FieldCipherXmlDecryptor(services).Decrypt(forged));
    }

    [Fact]
    public void Masking_NamesAndAccounts()
    {
        Assert.Equal("张**", Masking.Name("张三丰"));
        Assert.Equal("欧***", Masking.Name("欧阳娜娜"));
        Assert.Equal("****2222", Masking.Account("6217000011112222"));
    }
}
