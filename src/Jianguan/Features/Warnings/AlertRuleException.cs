namespace Jianguan.Features.Warnings;

/// <summary>A refused change of the focus list or of an alert, with a message for the user (Chinese).</summary>
public sealed class AlertRuleException(string message) : Exception(message);
