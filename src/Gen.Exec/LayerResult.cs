using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gen.Exec;

/// <summary>
/// The outcome of a layer that produces no value (<see langword="void"/>, <see cref="System.Threading.Tasks.Task"/>
/// or <see cref="System.Threading.Tasks.ValueTask"/>), and the status part of every <see cref="LayerResult{T}"/>.
/// </summary>
/// <remarks>A value type: a run records its results without allocating one object per layer.</remarks>
public readonly struct LayerResult
{
    private readonly string? _name;

    // The layer's error, or (rarely: only when a fallback failed) a FallbackFailure holding it and the fallback's:
    // one field for both keeps every result, and so every run, as small as before fallbacks existed.
    private readonly object? _error;

    /// <summary>
    /// Creates a result. Executors create results; this is public for testing layer methods. <see cref="Attempts"/>
    /// is 1 for a status that only a started layer has, 0 otherwise.
    /// </summary>
    public LayerResult(string name, LayerStatus status, Exception? error = null, TimeSpan elapsed = default, TimeSpan startOffset = default)
        : this(name, status, error, elapsed, startOffset, status is LayerStatus.NotRun or LayerStatus.Skipped ? 0 : 1, null)
    {
    }

    internal LayerResult(string name, LayerStatus status, Exception? error, TimeSpan elapsed, TimeSpan startOffset, int attempts, Exception? fallbackError)
    {
        _name = name ?? throw new ArgumentNullException(nameof(name));
        Status = status;
        _error = fallbackError is null ? error : new FallbackFailure(error, fallbackError);
        Elapsed = elapsed;
        StartOffset = startOffset;
        Attempts = attempts;
    }

    /// <summary>The layer's name: its method name.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>The layer's outcome.</summary>
    public LayerStatus Status { get; }

    /// <summary>Whether the layer completed successfully.</summary>
    public bool Succeeded => Status == LayerStatus.Succeeded;

    /// <summary>
    /// Whether the layer has a value: it <see cref="LayerStatus.Succeeded"/>, or its fallback stood in for it
    /// (<see cref="LayerStatus.FellBack"/>). Dependents that take the value as <c>T</c> run exactly when this is true.
    /// </summary>
    public bool HasValue => Status is LayerStatus.Succeeded or LayerStatus.FellBack;

    /// <summary>
    /// How many attempts the layer made: 0 when it never started (<see cref="LayerStatus.NotRun"/>,
    /// <see cref="LayerStatus.Skipped"/>, or a condition that threw), 1 plus its retries otherwise. A fallback is not an attempt.
    /// </summary>
    public int Attempts { get; }

    /// <summary>
    /// The exception of the layer's <see cref="FallbackAttribute"/> method when it failed, timed out or was
    /// cancelled (the layer then keeps its own last status and <see cref="Error"/>); otherwise <see langword="null"/>.
    /// </summary>
    public Exception? FallbackError => (_error as FallbackFailure)?.FallbackError;

    /// <summary>
    /// The exception of a <see cref="LayerStatus.Failed"/> layer; a <see cref="TimeoutException"/> for a
    /// <see cref="LayerStatus.TimedOut"/> one; an <see cref="OperationCanceledException"/> for a
    /// <see cref="LayerStatus.Canceled"/> one; for a <see cref="LayerStatus.FellBack"/> one, the error of its last
    /// attempt (which the fallback stood in for); otherwise <see langword="null"/>.
    /// </summary>
    public Exception? Error => _error is FallbackFailure failure ? failure.Error : (Exception?)_error;

    /// <summary>How long the layer ran (zero if it did not start).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>When the layer started (or was skipped), measured from the start of the run.</summary>
    public TimeSpan StartOffset { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string text = string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1} at +{2:0.0} ms for {3:0.0} ms",
            Name,
            Status,
            StartOffset.TotalMilliseconds,
            Elapsed.TotalMilliseconds);
        return Error is null ? text : text + " (" + Error.GetType().Name + ": " + Error.Message + ")";
    }

    private sealed class FallbackFailure(Exception? error, Exception fallbackError)
    {
        public Exception? Error { get; } = error;

        public Exception FallbackError { get; } = fallbackError;
    }

    internal InvalidOperationException NoValueException()
    {
        string message = Error is null
            ? $"Layer '{Name}' has no value: its status is {Status}."
            : $"Layer '{Name}' has no value: its status is {Status} ({Error.GetType().Name}: {Error.Message}).";
        return new InvalidOperationException(message, Error);
    }
}

/// <summary>The outcome of a layer that produces a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The layer's value type.</typeparam>
public readonly struct LayerResult<T>
{
    private readonly LayerResult _info;
    private readonly T _value;

    /// <summary>Creates a result. Executors create results; this is public for testing layer methods.</summary>
    public LayerResult(LayerResult info, T value = default!)
    {
        _info = info;
        _value = info.HasValue ? value : default!;
    }

    /// <summary>Creates a successful result, for example to test a layer that takes a <see cref="LayerResult{T}"/>.</summary>
    public static LayerResult<T> Success(string name, T value, TimeSpan elapsed = default)
        => new(new LayerResult(name, LayerStatus.Succeeded, null, elapsed), value);

    /// <summary>Creates a failed result, for example to test a layer that takes a <see cref="LayerResult{T}"/>.</summary>
    public static LayerResult<T> Failure(string name, Exception error, TimeSpan elapsed = default)
        => new(new LayerResult(name, LayerStatus.Failed, error ?? throw new ArgumentNullException(nameof(error)), elapsed));

    /// <summary>The layer's name: its method name.</summary>
    public string Name => _info.Name;

    /// <summary>The layer's outcome.</summary>
    public LayerStatus Status => _info.Status;

    /// <summary>Whether the layer completed successfully, so that <see cref="Value"/> is available.</summary>
    public bool Succeeded => _info.Succeeded;

    /// <inheritdoc cref="LayerResult.HasValue"/>
    public bool HasValue => _info.HasValue;

    /// <inheritdoc cref="LayerResult.Attempts"/>
    public int Attempts => _info.Attempts;

    /// <inheritdoc cref="LayerResult.FallbackError"/>
    public Exception? FallbackError => _info.FallbackError;

    /// <summary>The layer's value (its fallback's, when it <see cref="LayerStatus.FellBack"/>).</summary>
    /// <exception cref="InvalidOperationException">The layer has no value (<see cref="HasValue"/> is false); the message names its status and error.</exception>
    public T Value => _info.HasValue ? _value : throw _info.NoValueException();

    /// <inheritdoc cref="LayerResult.Error"/>
    public Exception? Error => _info.Error;

    /// <inheritdoc cref="LayerResult.Elapsed"/>
    public TimeSpan Elapsed => _info.Elapsed;

    /// <inheritdoc cref="LayerResult.StartOffset"/>
    public TimeSpan StartOffset => _info.StartOffset;

    /// <summary>Gets the value if the layer has one (it succeeded or fell back).</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return _info.HasValue;
    }

    /// <summary>The value if the layer has one (it succeeded or fell back), otherwise <paramref name="fallback"/>.</summary>
    public T GetValueOrDefault(T fallback) => _info.HasValue ? _value : fallback;

    /// <summary>The status part of the result.</summary>
    public static implicit operator LayerResult(LayerResult<T> result) => result._info;

    /// <summary>The status part of the result.</summary>
    public LayerResult ToLayerResult() => _info;

    /// <inheritdoc/>
    public override string ToString() => _info.ToString();
}
