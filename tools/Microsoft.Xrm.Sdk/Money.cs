using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a currency column.</summary>
public sealed class Money : IEquatable<Money>
{
    /// <summary>Creates a money value of 0.</summary>
    public Money()
    {
    }

    /// <summary>Creates a money value.</summary>
    public Money(decimal amount)
    {
        Value = amount;
    }

    /// <summary>The amount.</summary>
    public decimal Value { get; set; }

    /// <inheritdoc />
    public bool Equals(Money? other) => other is not null && Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Money);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
}
