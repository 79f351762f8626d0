namespace Gen.Exec;

/// <summary>
/// Layers of one run whose dependencies have finished, waiting for a slot under a concurrency limit (or in
/// sequential mode): a binary min-heap by rank. Guarded by its own lock, taken by <see cref="GraphRun{TRun, TResults}"/>.
/// </summary>
internal sealed class ReadyQueue(int limit, int[] ranks)
{
    private readonly int[] _heap = new int[ranks.Length];

    public int Limit { get; } = limit;

    public int Running { get; set; }

    /// <summary>Whether some thread is draining the queue; others only enqueue.</summary>
    public bool Dispatching { get; set; }

    public int Count { get; private set; }

    public void Push(int layer)
    {
        int index = Count++;
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            if (ranks[_heap[parent]] <= ranks[layer])
            {
                break;
            }

            _heap[index] = _heap[parent];
            index = parent;
        }

        _heap[index] = layer;
    }

    public int Pop()
    {
        int top = _heap[0];
        int last = _heap[--Count];
        int index = 0;
        while (true)
        {
            int child = (2 * index) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && ranks[_heap[child + 1]] < ranks[_heap[child]])
            {
                child++;
            }

            if (ranks[last] <= ranks[_heap[child]])
            {
                break;
            }

            _heap[index] = _heap[child];
            index = child;
        }

        if (Count > 0)
        {
            _heap[index] = last;
        }

        return top;
    }
}
