namespace CrmSync.MarketoEmulator.Admin;

/// <summary>Source-generated log messages of the emulator.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Marketo emulator listening on {BaseUrl}")]
    public static partial void Started(ILogger logger, string baseUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}; answering 611")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
