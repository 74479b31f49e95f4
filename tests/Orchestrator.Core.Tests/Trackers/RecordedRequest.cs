namespace Orchestrator.Core.Tests.Trackers;

/// <summary>One request the fake tracker received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
