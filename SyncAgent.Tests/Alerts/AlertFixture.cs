using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>An <see cref="AlertMonitor"/> over a SQLite state file, a fake clock, a local webhook sink and a local SMTP sink.</summary>
internal sealed class AlertFixture : IAsyncDisposable
{
    public const string MarketoSecret = "mkto-client-secret-0042";

    private readonly TemporaryStateFolder _folder = TemporaryStateFolder.Create("crmsync-alerts-");

    private AlertFixture(HttpSink webhook, SmtpSink smtp)
    {
        Webhook = webhook;
        Smtp = smtp;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));

    public HttpSink Webhook { get; }

    public SmtpSink Smtp { get; }

    public StateStore State { get; private set; } = null!;

    public CrmSyncOptions Options { get; } = new();

    public static async Task<AlertFixture> StartAsync()
    {
        var fixture = new AlertFixture(await HttpSink.StartAsync(), new SmtpSink());
        fixture.Options.Marketo.ClientSecret = MarketoSecret;
        fixture.Options.Alerts.WebhookUrl = fixture.Webhook.Url;
        fixture.Options.Alerts.Smtp = new AlertSmtpOptions
        {
            Host = "127.0.0.1", Port = fixture.Smtp.Port, UseTls = false, From = "crmsync@example.com", To = "ops@example.com; oncall@example.com",
        };
        await fixture.OpenStateAsync();
        return fixture;
    }

    /// <summary>A monitor as a freshly started agent has it.</summary>
    public AlertMonitor CreateSut()
    {
        var alerts = Options.Alerts;
        return new AlertMonitor(
            State,
            [new WebhookAlertChannel(new HttpClient(), alerts.WebhookUrl!), new SmtpAlertChannel(alerts.Smtp)],
            new AlertRedactor(Options),
            Microsoft.Extensions.Options.Options.Create(alerts),
            Microsoft.Extensions.Options.Options.Create(Options.Marketo),
            Clock,
            NullLogger<AlertMonitor>.Instance);
    }

    /// <summary>Closes and reopens the state file: what a restarted agent reads.</summary>
    public async Task OpenStateAsync()
    {
        if (State is not null)
        {
            await State.DisposeAsync();
        }

        State = new SqliteStateStore(_folder.ConnectionString(), Clock);
        await State.InitializeAsync();
    }

    /// <summary>Records an ended cycle that started <paramref name="minutesAgo"/> minutes ago and took a minute.</summary>
    public async Task AddCycleAsync(CycleOutcome outcome, int minutesAgo, string? message = null, int marketoCalls = 0)
    {
        var now = Clock.GetUtcNow();
        var id = await State.StartCycleAsync(now.AddMinutes(-minutesAgo));
        await using var transaction = await State.BeginAsync();
        await transaction.CompleteCycleAsync(new CycleRecord
        {
            Id = id, StartedOn = now.AddMinutes(-minutesAgo), EndedOn = now.AddMinutes(-minutesAgo + 1), Outcome = outcome,
            Message = message, MarketoCalls = marketoCalls, Errors = outcome == CycleOutcome.Failed ? 1 : 0,
        });
        await transaction.CommitAsync();
    }

    public async Task AddRejectionAsync(string code, string message)
    {
        await using var transaction = await State.BeginAsync();
        await transaction.AddRejectionAsync(new Rejection
        {
            Direction = SyncDirection.ToDynamics, Operation = "update", Record = new RecordKey(SyncEntity.Lead, Guid.Parse("11111111-2222-3333-4444-555555555555")),
            MarketoId = 9, ErrorCode = code, Message = message, OccurredOn = Clock.GetUtcNow(),
        });
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await State.DisposeAsync();
        await Webhook.DisposeAsync();
        await Smtp.DisposeAsync();
        _folder.Dispose();
    }
}
