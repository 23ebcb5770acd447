namespace CrmSync.SyncAgent.Tests.Browser;

/// <summary>A test that drives headless Chromium; skipped, with the reason, only where no Chromium is installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Find() is null)
        {
            Skip = "Chromium is not installed and could not be (`.ci/run` installs Debian's `chromium` with apt-get when missing).";
        }
    }
}
