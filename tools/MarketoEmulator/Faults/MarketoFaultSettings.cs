namespace CrmSync.MarketoEmulator.Faults;

/// <summary>
/// Fault injection, changeable while the emulator runs. Each REST call that passed authentication and
/// limits draws from a seeded random generator: with probability <see cref="Rate"/> it fails with one
/// of <see cref="Kinds"/> (chosen uniformly); with probability <see cref="DelayRate"/> it first waits
/// <see cref="Delay"/> on the emulator's clock (so a fake clock holds requests until it is advanced).
/// </summary>
public sealed class MarketoFaultSettings
{
    private readonly Lock _lock = new();
    private Random _random;
    private double _rate;
    private MarketoFaultKinds _kinds = MarketoFaultKinds.All;
    private TimeSpan _delay;
    private double _delayRate = 1.0;

    internal MarketoFaultSettings(int seed) => _random = new Random(seed);

    /// <summary>Probability (0–1) that a call fails with an injected fault.</summary>
    public double Rate { get { lock (_lock) { return _rate; } } set { lock (_lock) { _rate = Probability(value); } } }

    /// <summary>Which faults may be injected.</summary>
    public MarketoFaultKinds Kinds { get { lock (_lock) { return _kinds; } } set { lock (_lock) { _kinds = value; } } }

    /// <summary>Delay added before handling a call (zero: none).</summary>
    public TimeSpan Delay { get { lock (_lock) { return _delay; } } set { lock (_lock) { _delay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)); } } }

    /// <summary>Probability (0–1) that a call gets <see cref="Delay"/>.</summary>
    public double DelayRate { get { lock (_lock) { return _delayRate; } } set { lock (_lock) { _delayRate = Probability(value); } } }

    /// <summary>Restarts the random sequence from a seed.</summary>
    public void Reseed(int seed)
    {
        lock (_lock)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Turns all faults and delays off.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _rate = 0;
            _delay = TimeSpan.Zero;
            _delayRate = 1.0;
            _kinds = MarketoFaultKinds.All;
        }
    }

    /// <summary>Draws the fault and delay for one call.</summary>
    internal (MarketoFaultKinds Fault, TimeSpan Delay) Draw()
    {
        lock (_lock)
        {
            var delay = _delay > TimeSpan.Zero && (_delayRate >= 1.0 || _random.NextDouble() < _delayRate) ? _delay : TimeSpan.Zero;
            if (_rate <= 0 || _kinds == MarketoFaultKinds.None || _random.NextDouble() >= _rate)
            {
                return (MarketoFaultKinds.None, delay);
            }

            var kinds = Enum.GetValues<MarketoFaultKinds>()
                .Where(k => k is not (MarketoFaultKinds.None or MarketoFaultKinds.All) && _kinds.HasFlag(k))
                .ToArray();
            return (kinds[_random.Next(kinds.Length)], delay);
        }
    }

    private static double Probability(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be between 0 and 1.");
}
