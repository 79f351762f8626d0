using System;

namespace Gen.Exec;

/// <summary>How an executor runs its graph. Read at the start of every run.</summary>
public sealed class ExecutorOptions
{
    /// <summary>The value of <see cref="MaxConcurrency"/> that means "no limit".</summary>
    public const int Unbounded = int.MaxValue;

    private int _maxConcurrency = Unbounded;
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>
    /// The largest number of layers of one run that execute at once; <see cref="Unbounded"/> by default.
    /// Waiting layers start by <see cref="LayerAttribute.Priority"/>, then by longest remaining critical path,
    /// then in declaration order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), value, "MaxConcurrency must be at least 1.");
            }

            _maxConcurrency = value;
        }
    }

    /// <summary>
    /// <see langword="true"/> (the default) runs independent layers concurrently; <see langword="false"/>
    /// runs one layer at a time in plan order, which is easier to debug.
    /// </summary>
    public bool Parallel { get; set; } = true;

    /// <summary>
    /// When <see langword="true"/>, the first failure or time-out cancels the rest of the run:
    /// running layers become Canceled and layers not yet started become Skipped.
    /// </summary>
    public bool FailFast { get; set; }

    /// <summary>The clock for all timing and time-outs; <see cref="TimeProvider.System"/> by default.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    }
}
