using System.Collections.Immutable;
using CrmSync.DataverseEmulator.Admin;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>Validation and automation rules, replaceable at run time without locking readers.</summary>
internal sealed class RuleSet
{
    private ImmutableList<ValidationRule> _validations = [];
    private ImmutableList<AutomationRule> _automations = [];

    public ImmutableList<ValidationRule> Validations => _validations;

    public ImmutableList<AutomationRule> Automations => _automations;

    public void Add(ValidationRule rule) => ImmutableInterlocked.Update(ref _validations, l => l.Add(rule));

    public bool Remove(ValidationRule rule) => ImmutableInterlocked.Update(ref _validations, l => l.Remove(rule));

    public void Add(AutomationRule rule) => ImmutableInterlocked.Update(ref _automations, l => l.Add(rule));

    public bool Remove(AutomationRule rule) => ImmutableInterlocked.Update(ref _automations, l => l.Remove(rule));
}
