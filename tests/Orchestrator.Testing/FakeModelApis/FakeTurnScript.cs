namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// The ordered replies of a fake model API. Several CLI processes may talk to one fake at once, so turns can be routed
/// per conversation: a request whose conversation text (the prompt, tool results) contains a registered marker string
/// takes its turn from that marker's queue; any other request takes from the default queue.
/// Use markers that cannot be a prefix of one another, e.g. <c>[chunk:c1]</c> rather than <c>c1</c>.
/// </summary>
public sealed class FakeTurnScript
{
    private readonly object _gate = new();
    private readonly Queue<FakeTurn> _defaultQueue = new();
    private readonly List<KeyValuePair<string, Queue<FakeTurn>>> _markerQueues = [];

    /// <summary>Appends turns for requests that carry no registered marker.</summary>
    public FakeTurnScript Enqueue(params FakeTurn[] turns)
    {
        lock (_gate)
        {
            foreach (var turn in turns)
            {
                _defaultQueue.Enqueue(turn);
            }
        }

        return this;
    }

    /// <summary>Appends turns for the conversation whose text contains <paramref name="marker"/>.</summary>
    public FakeTurnScript EnqueueFor(string marker, params FakeTurn[] turns)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        lock (_gate)
        {
            var queue = _markerQueues.FirstOrDefault(pair => pair.Key == marker).Value;
            if (queue is null)
            {
                queue = new Queue<FakeTurn>();
                _markerQueues.Add(new(marker, queue));
            }

            foreach (var turn in turns)
            {
                queue.Enqueue(turn);
            }
        }

        return this;
    }

    /// <summary>
    /// The API recovers for <paramref name="marker"/>'s conversation: the error or hang turns at the head of its queue
    /// (which stay there while they are the last turn) are dropped, so the turns enqueued after them are served.
    /// </summary>
    public FakeTurnScript Recover(string marker)
    {
        lock (_gate)
        {
            var queue = _markerQueues.FirstOrDefault(pair => pair.Key == marker).Value;
            while (queue is not null && queue.TryPeek(out var head) && head is HttpErrorTurn or HangTurn)
            {
                queue.Dequeue();
            }
        }

        return this;
    }

    /// <summary>Turns not yet consumed, over all queues; a finished test expects 0 (error and hang turns excepted).</summary>
    public int RemainingTurns
    {
        get
        {
            lock (_gate)
            {
                return _defaultQueue.Count + _markerQueues.Sum(pair => pair.Value.Count);
            }
        }
    }

    /// <summary>
    /// Picks the turn for a request whose conversation consists of <paramref name="conversationText"/>.
    /// Returns a null turn when the chosen queue is empty (an unscripted request).
    /// </summary>
    internal (FakeTurn? Turn, string? Marker) Next(IReadOnlyList<string> conversationText)
    {
        lock (_gate)
        {
            foreach (var (marker, queue) in _markerQueues)
            {
                if (conversationText.Any(text => text.Contains(marker, StringComparison.Ordinal)))
                {
                    return (Take(queue), marker);
                }
            }

            return (Take(_defaultQueue), null);
        }
    }

    private static FakeTurn? Take(Queue<FakeTurn> queue)
    {
        if (!queue.TryPeek(out var turn))
        {
            return null;
        }

        // Error and hang turns describe the state of the API, not one reply: the CLI's retry must see the same state.
        if (queue.Count == 1 && turn is HttpErrorTurn or HangTurn)
        {
            return turn;
        }

        return queue.Dequeue();
    }
}
