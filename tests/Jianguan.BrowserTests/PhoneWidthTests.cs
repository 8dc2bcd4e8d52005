using Jianguan.Platform.Auth;

namespace Jianguan.BrowserTests;

/// <summary>
/// The office's officer on a phone (390 px wide): every menu item stays on one line, the page does not scroll
/// sideways, and the signed-in name in the header is readable (white on the dark header).
/// </summary>
public sealed class PhoneWidthTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("office-phone", "公管办监管员", Roles.OfficeAdmin);

    [Fact]
    public async Task Officer_OnA390PxScreen_MenuItemsOnOneLine_NoSidewaysScroll_ReadableName()
    {
        var page = Session.Page;
        await page.SetViewportSizeAsync(390, 844);
        await Session.LoginAsync("/Alerts");

        foreach (var path in new[] { "/", "/Trading/Sections", "/Alerts", "/Sampling" })
        {
            await page.GotoAsync(Session.BaseUrl + path);
            // An item whose text wraps is taller than two lines of its own font.
            var wrapped = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.main-nav > ul > li > a')]
                    .filter(a => a.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(a).lineHeight) + 1)
                    .map(a => a.textContent.trim())
                """);
            Assert.True(wrapped.Length == 0, $"{path}: menu items wrap: {string.Join("、", wrapped)}");
            var overflow = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 1, $"{path}: the page is {overflow} px wider than the screen");
        }

        var color = await page.Locator(".account .user").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(255, 255, 255)", color);
        await Session.ScreenshotAsync("phone-home");
    }
}
