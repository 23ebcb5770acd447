using CrmSync.Demo;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>
/// The emulator process (<c>--role emulators</c>): both emulators on loopback with their documented limits on and the
/// packed managed solution imported, driven by JSON-line commands on stdin. Keeping them out of the agent's process
/// lets the benchmark measure the agent's own CPU time and working set.
/// </summary>
internal sealed class EmulatorHost(DataverseEmulator.DataverseEmulator dataverse, MarketoEmulator.MarketoEmulator marketo)
{
    private readonly List<(Guid Id, int MarketoId)> _linked = [];

    public static async Task<int> RunAsync()
    {
        await using var environment = await DemoEnvironment.StartAsync(CancellationToken.None, marketoOptions =>
        {
            if (Paths.MemoryOnlyRateWindow is { } window)
            {
                // --memory-rate-window (memory measures only): the window shrinks, its 100 calls and every other limit stay.
                marketoOptions.Limits.RateLimitWindow = window;
            }
        });
        var (dataverse, marketo) = (environment.Dataverse, environment.Marketo);
        if (Paths.SimulateServerTime)
        {
            dataverse.Admin.ServiceProtection = dataverse.Admin.ServiceProtection with { SimulateServerTime = true };
        }

        var syncUser = dataverse.Admin.SyncUser.Id;
        await ConfigurePluginStepsAsync(dataverse, syncUser);
        var host = new EmulatorHost(dataverse, marketo);
        Console.Out.WriteLine(JsonSerializer.Serialize(
            new EmulatorReady(dataverse.BaseUrl, dataverse.Admin.IssueToken(syncUser), marketo.BaseUrl), EmulatorJson.Options));
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var command = JsonSerializer.Deserialize<EmulatorCommand>(line, EmulatorJson.Options)!;
            if (command.Name == "quit")
            {
                break;
            }

            EmulatorReply reply;
            try
            {
                reply = host.Handle(command);
            }
            catch (Exception ex)
            {
                reply = new EmulatorReply(Error: ex.ToString());
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(reply, EmulatorJson.Options));
            await Console.Out.FlushAsync();
        }

        return 0;
    }

    private EmulatorReply Handle(EmulatorCommand command) => command.Name switch
    {
        "seed-linked" => SeedLinked(command.Count),
        "seed-contacts" => new EmulatorReply(Value: SeedContacts(command.Count)),
        "change-dynamics" => new EmulatorReply(Value: ChangeDynamics(command.From, command.Count, command.Round)),
        "change-marketo" => new EmulatorReply(Value: ChangeMarketo(command.From, command.Count, command.Round)),
        "seed-marketo-only" => new EmulatorReply(File: SeedMarketoOnly(command.Count)),
        "counters" => new EmulatorReply(Counters: Counters()),
        "staging-count" => new EmulatorReply(Value: dataverse.Admin.Count("crmsync_syncevent")),
        "throttle-one-in" => new EmulatorReply(Value: ThrottleOneIn(command.Count, command.Round)),
        "dataverse-charged-ms" => new EmulatorReply(Value: (long)dataverse.Admin.Counters.Charged.TotalMilliseconds),
        "faults-injected" => new EmulatorReply(Value: dataverse.Admin.Counters.FaultsInjected),
        "lead-count" => new EmulatorReply(Value: dataverse.Admin.Count("lead")),
        "lead-duplicates" => new EmulatorReply(Value: LeadDuplicates()),
        "clear-request-logs" => ClearRequestLogs(),
        "converged-marketo" => new EmulatorReply(Value: Enumerable.Range(command.From, command.Count)
            .Count(i => dataverse.Admin.GetRecord("contact", _linked[i].Id)?.GetValueOrDefault("address1_city") as string == Person.Changed("City", command.Round, i))),
        "converged-dynamics" => new EmulatorReply(Value: Enumerable.Range(command.From, command.Count)
            .Count(i => marketo.Admin.GetPerson(_linked[i].MarketoId)?["title"] as string == Person.Changed("Title", command.Round, i))),
        // The emulator's committed-update counter, not its request log: that log keeps only the last 100,000 entries.
        "dynamics-updates" => new EmulatorReply(Value: dataverse.Admin.Counters.Updates - _updatesAtClear),
        "sync-leads-calls" => new EmulatorReply(Value: marketo.Admin.GetRequestLog().Count(e => e.Method == "POST" && e.Path.EndsWith("/leads.json", StringComparison.Ordinal))),
        _ => new EmulatorReply(Error: $"Unknown command '{command.Name}'."),
    };

    private long _updatesAtClear;

    /// <summary>Both emulators' request logs emptied: the writes a measured cycle makes are counted from here.</summary>
    private EmulatorReply ClearRequestLogs()
    {
        dataverse.Admin.ClearRequestLog();
        marketo.Admin.ResetRequestLog();
        _updatesAtClear = dataverse.Admin.Counters.Updates;
        return new EmulatorReply();
    }

    /// <summary>Contacts in Dynamics and persons in Marketo with equal values (a finished backfill); their pairs go to a file.</summary>
    private EmulatorReply SeedLinked(int count)
    {
        var start = _linked.Count;
        var ids = dataverse.Admin.BulkInsert("contact", Enumerable.Range(start, count).Select(Person.Dynamics));
        var persons = marketo.Admin.SeedPersons(Enumerable.Range(start, count).Select(Person.Marketo));
        var file = Path.Combine(Path.GetTempPath(), $"crmsync-bench-linked-{Environment.ProcessId}-{start}.csv");
        using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < count; i++)
            {
                _linked.Add((ids[i], persons[i]));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start + i},{ids[i]:D},{persons[i]}"));
            }
        }

        return new EmulatorReply(File: file);
    }

    /// <summary>Persons only Marketo has (sync-person creates their Dynamics record); their ids go to a file.</summary>
    private string SeedMarketoOnly(int count)
    {
        var persons = marketo.Admin.SeedPersons(Enumerable.Range(1_500_000_000, count).Select(Person.Marketo));
        var file = Path.Combine(Path.GetTempPath(), $"crmsync-bench-marketo-only-{Environment.ProcessId}.csv");
        File.WriteAllLines(file, persons.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return file;
    }

    /// <summary>
    /// Dataverse answers 429 (request limit, <c>Retry-After: 1</c>) to one Web API request in <paramref name="n"/> at
    /// random, seeded by <paramref name="seed"/> (the emulator's fault knob); 0 turns it off.
    /// </summary>
    private long ThrottleOneIn(int n, int seed)
    {
        dataverse.Admin.Faults = n == 0 ? new() : new() { ThrottleRate = 1.0 / n, ThrottleRetryAfterSeconds = 1, Seed = seed };
        return n;
    }

    /// <summary>Leads beyond the first of each e-mail address: records created twice for one person.</summary>
    private long LeadDuplicates() =>
        dataverse.Admin.GetRecords("lead").GroupBy(r => r.TryGetValue("emailaddress1", out var email) ? email as string : null)
            .Where(g => g.Key is not null).Sum(g => (long)g.Count() - 1);

    private long SeedContacts(int count)
    {
        const int Chunk = 50_000;
        for (var done = 0; done < count; done += Chunk)
        {
            dataverse.Admin.BulkInsert("contact", Enumerable.Range(1_000_000_000 + done, Math.Min(Chunk, count - done)).Select(Person.Dynamics));
        }

        return dataverse.Admin.Count("contact");
    }

    /// <summary>A maker edits the job title of each contact: the real plug-in stages one row per edit.</summary>
    private long ChangeDynamics(int from, int count, int round)
    {
        for (var i = from; i < from + count; i++)
        {
            dataverse.Admin.UpdateRecord("contact", _linked[i].Id, new Dictionary<string, object?> { ["jobtitle"] = Person.Changed("Title", round, i) });
        }

        return count;
    }

    /// <summary>A marketer edits the city of each person: one lead-change activity per edit.</summary>
    private long ChangeMarketo(int from, int count, int round)
    {
        for (var i = from; i < from + count; i++)
        {
            marketo.Admin.EditPerson(_linked[i].MarketoId, new Dictionary<string, object?> { ["city"] = Person.Changed("City", round, i) });
        }

        return count;
    }

    private EmulatorCounters Counters()
    {
        var d = dataverse.Admin.Counters;
        var m = marketo.Admin.GetCounters();
        return new EmulatorCounters(d.Requests, d.Throttled, m.TotalCalls, m.TokenRequests, m.ErrorsByCode);
    }

    private static async Task ConfigurePluginStepsAsync(DataverseEmulator.DataverseEmulator dataverse, Guid syncUser)
    {
        // As setup does: the sync user's id goes into every step's unsecure configuration, so its own writes are not staged.
        using var http = new HttpClient { BaseAddress = dataverse.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", dataverse.Admin.IssueToken(syncUser));
        using var steps = JsonDocument.Parse(await http.GetStringAsync(new Uri("sdkmessageprocessingsteps?$select=configuration,name", UriKind.Relative)));
        foreach (var step in steps.RootElement.GetProperty("value").EnumerateArray())
        {
            var configuration = step.GetProperty("configuration").GetString()!
                .Replace("00000000-0000-0000-0000-000000000000", syncUser.ToString(), StringComparison.Ordinal);
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"sdkmessageprocessingsteps({step.GetProperty("sdkmessageprocessingstepid").GetString()})")
            {
                Content = JsonContent.Create(new { configuration }),
            };
            patch.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await http.SendAsync(patch);
            response.EnsureSuccessStatusCode();
        }
    }
}
