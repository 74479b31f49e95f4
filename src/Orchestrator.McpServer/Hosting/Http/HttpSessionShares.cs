namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// The open MCP sessions per client (<see cref="HttpClientIdentity"/>), so that no client holds more than its share
/// of the session cap. A client at its share that opens another session loses its own least recently used idle
/// one; when every one of its sessions has a request in flight, the new one is refused. A GET stream alone does not
/// make a session busy: it is a standing listen, not work.
/// </summary>
internal sealed class HttpSessionShares(int perClient, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<HttpClientIdentity, int> _pending = [];

    public int PerClient => perClient;

    /// <summary>Sessions <paramref name="client"/> holds now (opening ones included).</summary>
    public int Held(HttpClientIdentity client)
    {
        lock (_gate)
        {
            return HeldUnsynchronized(client);
        }
    }

    /// <summary>
    /// Makes room for one more session of <paramref name="client"/>: admitted (and counted as opening until
    /// <see cref="Opened"/> or <see cref="Abandoned"/>), possibly with one of its own sessions to close first.
    /// </summary>
    public ShareDecision Reserve(HttpClientIdentity client)
    {
        lock (_gate)
        {
            string? evict = null;
            var held = HeldUnsynchronized(client);
            if (held >= perClient)
            {
                var oldest = _sessions.Where(s => s.Value.Client == client && s.Value.Busy == 0)
                    .OrderBy(s => s.Value.LastActivity).Select(s => s.Key).FirstOrDefault();
                if (oldest is null)
                {
                    return new ShareDecision(false, null, held);
                }

                // Out of the count at once, so concurrent opens never pick the same victim.
                _sessions.Remove(oldest);
                evict = oldest;
            }

            _pending[client] = _pending.GetValueOrDefault(client) + 1;
            return new ShareDecision(true, evict, held);
        }
    }

    /// <summary>The reserved session got its id.</summary>
    public void Opened(HttpClientIdentity client, string sessionId)
    {
        lock (_gate)
        {
            ReleasePendingUnsynchronized(client);
            _sessions[sessionId] = new Entry(client) { LastActivity = time.GetTimestamp() };
        }
    }

    /// <summary>The reserved session was never opened (the initialize request failed).</summary>
    public void Abandoned(HttpClientIdentity client)
    {
        lock (_gate)
        {
            ReleasePendingUnsynchronized(client);
        }
    }

    public void RequestStarted(string sessionId, bool standing) => Touch(sessionId, standing ? 0 : 1);

    public void RequestEnded(string sessionId, bool standing) => Touch(sessionId, standing ? 0 : -1);

    /// <summary>The session ended (DELETE, idle expiry, the global cap, eviction, shutdown).</summary>
    public void Ended(string sessionId)
    {
        lock (_gate)
        {
            _sessions.Remove(sessionId);
        }
    }

    private void Touch(string sessionId, int busyChange)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(sessionId, out var entry))
            {
                entry.Busy = Math.Max(0, entry.Busy + busyChange);
                entry.LastActivity = time.GetTimestamp();
            }
        }
    }

    private int HeldUnsynchronized(HttpClientIdentity client) =>
        _sessions.Values.Count(e => e.Client == client) + _pending.GetValueOrDefault(client);

    private void ReleasePendingUnsynchronized(HttpClientIdentity client)
    {
        var left = _pending.GetValueOrDefault(client) - 1;
        if (left > 0)
        {
            _pending[client] = left;
        }
        else
        {
            _pending.Remove(client);
        }
    }

    private sealed class Entry(HttpClientIdentity client)
    {
        public HttpClientIdentity Client { get; } = client;

        public long LastActivity { get; set; }

        public int Busy { get; set; }
    }
}
