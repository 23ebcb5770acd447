using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Tests.Validation;

public sealed class TimeSpanRangeAttributeTests
{
    private sealed class Options
    {
        [TimeSpanRange("00:00:01", "01:00:00")]
        public TimeSpan Interval { get; set; }

        [TimeSpanRange("1.00:00:00", "3650.00:00:00", ErrorMessage = "CrmSync:History:Retention must be between 1.00:00:00 (one day) and 3650.00:00:00.")]
        public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
    }

    [Theory]
    [InlineData("00:00:01", true)]
    [InlineData("01:00:00", true)]
    [InlineData("00:00:00.999", false)]
    [InlineData("01:00:00.001", false)]
    public void IsValid_BoundsIncluded(string value, bool valid) =>
        Assert.Equal(valid, new TimeSpanRangeAttribute("00:00:01", "01:00:00").IsValid(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Validate_OutOfRange_RangeAttributesMessageOrTheGivenOne()
    {
        var options = new Options { Interval = TimeSpan.FromHours(2), Retention = TimeSpan.Zero };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));

        Assert.Equal(
            ["The field Interval must be between 00:00:01 and 01:00:00.", "CrmSync:History:Retention must be between 1.00:00:00 (one day) and 3650.00:00:00."],
            results.Select(r => r.ErrorMessage));
    }

    [Fact]
    public void IsValid_FirstUseFromManyThreadsAtOnce_NeverThrows()
    {
        // [Range(typeof(TimeSpan), …)] converts its bounds on first use and threw InvalidCastException here now and then
        // (dotnet/runtime#1143; seen in CI when two crash trials validated their options at once).
        for (var round = 0; round < 2_000; round++)
        {
            var attribute = new TimeSpanRangeAttribute("00:00:00", "01:00:00");
            var results = new bool[4];
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = attribute.IsValid(TimeSpan.FromMinutes(30)));
            Assert.All(results, Assert.True);
        }
    }
}
