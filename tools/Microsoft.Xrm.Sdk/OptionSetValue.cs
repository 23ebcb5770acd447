using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a choice (option set) column.</summary>
public sealed class OptionSetValue : IEquatable<OptionSetValue>
{
    /// <summary>Creates an option set value of 0.</summary>
    public OptionSetValue()
    {
    }

    /// <summary>Creates an option set value.</summary>
    public OptionSetValue(int value)
    {
        Value = value;
    }

    /// <summary>The option's integer value.</summary>
    public int Value { get; set; }

    /// <inheritdoc />
    public bool Equals(OptionSetValue? other) => other is not null && Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as OptionSetValue);

    /// <inheritdoc />
    public override int GetHashCode() => Value;
}
