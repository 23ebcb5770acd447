using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Browser;

/// <summary>
/// Issue 15: the status page in a real browser. The agent runs against both emulators with three cycles (one with a
/// rejected write); headless Chromium renders the page without a console error, the chart has one bar per cycle,
/// the rejection search and the history search box work, the history link opens the person's page, and the CSV link
/// downloads. Screenshots go to <c>artifacts/browser/</c> at the repository root.
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task StatusPage_InHeadlessChromium_RendersSearchesShowsHistoryAndDownloadsCsv()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Browser"), ("emailaddress1", "browser@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", "Job titles must not start with 'Bad'."));
        sut.EditInMarketo(person, ("title", "Bad title"));
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();
        var settings = sut.Settings;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        var (app, client) = await InProcessAgent.StartWebAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var _ = app;
        using var __ = client;
        var artifacts = Path.Combine(RepositoryRoot(), "artifacts", "browser");
        var downloads = Directory.CreateTempSubdirectory("crmsync-downloads-").FullName;
        await using var browser = await Chromium.StartAsync(downloads);
        var root = client.BaseAddress!;

        await browser.NavigateAsync(root);
        await browser.ScreenshotAsync(Path.Combine(artifacts, "status.png"));
        var bars = (await browser.EvaluateAsync("document.querySelectorAll('svg[aria-label=\"Records written per cycle\"] rect').length"))!.GetValue<int>();
        var rows = (await browser.EvaluateAsync("document.body.innerText.includes('Job titles must not start with')"))!.GetValue<bool>();

        Assert.Equal(3, bars);
        Assert.True(rows);

        await browser.EvaluateAndWaitForLoadAsync("document.querySelector('input[name=search]').value = 'no such thing'; document.querySelector('input[name=search]').form.submit()");
        Assert.False((await browser.EvaluateAsync("document.body.innerText.includes('Job titles must not start with')"))!.GetValue<bool>());
        await browser.EvaluateAndWaitForLoadAsync("document.querySelector('input[name=search]').value = '0x80040265'; document.querySelector('input[name=search]').form.submit()");
        Assert.True((await browser.EvaluateAsync("document.body.innerText.includes('Job titles must not start with')"))!.GetValue<bool>());

        await browser.EvaluateAndWaitForLoadAsync("document.querySelector('a[href^=\"/history\"]').click()");
        await browser.ScreenshotAsync(Path.Combine(artifacts, "history.png"));
        var location = (await browser.EvaluateAsync("location.pathname + location.search"))!.GetValue<string>();
        var history = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.Equal($"/history?person={person.ToString(CultureInfo.InvariantCulture)}", location);
        Assert.Contains("rejected", history, StringComparison.Ordinal);
        Assert.Contains("linked", history, StringComparison.Ordinal);

        await browser.NavigateAsync(root);
        await browser.EvaluateAndWaitForLoadAsync("document.querySelector('input[name=person]').value = 'browser@example.com'; document.querySelector('input[name=person]').form.submit()");
        var searched = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.Contains("browser@example.com", searched, StringComparison.Ordinal);
        Assert.Contains($"person {person.ToString(CultureInfo.InvariantCulture)}", searched, StringComparison.Ordinal);

        await browser.NavigateAsync(root);
        await browser.EvaluateAsync("[...document.querySelectorAll('a')].find(a => a.textContent === 'Export CSV').click()");
        var csv = await WaitForDownloadAsync(downloads, "rejections.csv");
        Assert.StartsWith("id,occurred_on,direction,operation,entity,record_id,marketo_id,fields,values,error_code,message,resolved", csv, StringComparison.Ordinal);
        Assert.Contains("Bad title", csv, StringComparison.Ordinal);
        Assert.Contains("Job titles must not start with 'Bad'.", csv, StringComparison.Ordinal);

        foreach (var error in browser.Errors)
        {
            output.WriteLine(error);
        }

        Assert.Empty(browser.Errors);
        output.WriteLine($"Screenshots: {artifacts}");
        Directory.Delete(downloads, recursive: true);
    }

    /// <summary>The downloaded file's text, once Chromium has finished writing it (bounded: 30 s).</summary>
    private static async Task<string> WaitForDownloadAsync(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!File.Exists(path))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        return await File.ReadAllTextAsync(path, timeout.Token);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CrmSync.sln) was not found above " + AppContext.BaseDirectory);
    }
}
