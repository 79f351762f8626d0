using System;
using System.Collections.Generic;
using System.Threading;

namespace Gen.Exec;

// Per-request control before a layer starts: targets (RunOptions.Targets), the dependency gate (NotRun and
// Skipped propagation) and [When] conditions; and the per-layer control data ([When], [Retry], [Fallback])
// that generated code passes with a layer. Retries and fallbacks themselves are in GraphRun.Retry.cs.
public abstract partial class GraphRun<TRun, TResults>
{
    /// <summary>A dependency the layer needs has no value (it did not succeed nor fall back).</summary>
    protected const int DependencyWithoutValue = 1;

    /// <summary>A dependency the layer needs ended <see cref="LayerStatus.NotRun"/>: the layer ends NotRun too (this wins over <see cref="DependencyWithoutValue"/>).</summary>
    protected const int DependencyNotRun = 2;

    // The layers RunOptions.Targets selected, for graphs of up to 64 layers: 0 when every layer runs (a selection
    // has at least one layer). Larger selections, and fallbacks' errors, live in _extras, allocated only for them:
    // a run that uses neither is no bigger than one without these features (plus this word).
    private ulong _selection;
    private RunExtras? _extras;

    /// <summary>How a needed dependency with result <paramref name="result"/> gates its dependent: 0 when it has a value.</summary>
    protected static int DependencyGate(in LayerResult result) => result.Status switch
    {
        LayerStatus.Succeeded or LayerStatus.FellBack => 0,
        LayerStatus.NotRun => DependencyNotRun,
        _ => DependencyWithoutValue,
    };

    /// <inheritdoc cref="DependencyGate(in LayerResult)"/>
    protected static int DependencyGate<T>(in LayerResult<T> result) => DependencyGate(result.ToLayerResult());

    /// <summary>
    /// Applies <see cref="RunOptions.Targets"/> before the run starts: only the targets' dependency closures run.
    /// <paramref name="masks"/> holds each layer's closure as bits, <c>masks.Length / layers</c> words per layer.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="targets"/> is empty or names a layer the graph does not have.</exception>
    protected void SelectTargets(IReadOnlyCollection<string>? targets, ulong[] masks)
    {
        if (targets is null)
        {
            return;
        }

        if (targets.Count == 0)
        {
            throw new ArgumentException($"RunOptions.Targets is empty: name at least one layer ({LayerList()}), or leave it null to run every layer.", "options");
        }

        int words = masks.Length / _plan.LayerCount;
        ulong[]? selection = words > 1 ? new ulong[words] : null;
        ulong first = 0;

        // Indexing an IReadOnlyList (arrays, lists, collection expressions) allocates no enumerator.
        if (targets is IReadOnlyList<string> list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                Include(list[i], masks, words, ref first, selection);
            }
        }
        else
        {
            foreach (string target in targets)
            {
                Include(target, masks, words, ref first, selection);
            }
        }

        _selection = first;
        if (selection is not null)
        {
            _extras = new RunExtras { SelectionWords = selection };
        }
    }

    /// <summary>The error that the fallback of <paramref name="layer"/> receives (its last attempt's). Called by generated fallback invocations.</summary>
    protected Exception LayerError(int layer) => Volatile.Read(ref _extras)!.FallbackErrors![layer]!;

    private void Include(string target, ulong[] masks, int words, ref ulong first, ulong[]? selection)
    {
        int layer = target is null ? -1 : _plan.IndexOfLayer(target);
        if (layer < 0)
        {
            throw new ArgumentException($"RunOptions.Targets names '{target}', which is not a layer of this graph; its layers are {LayerList()}.", "options");
        }

        if (selection is null)
        {
            first |= masks[layer];
            return;
        }

        for (int word = 0; word < words; word++)
        {
            selection[word] |= masks[(layer * words) + word];
        }
    }

    /// <summary>The graph's layers in declaration order, for messages.</summary>
    private string LayerList()
    {
        var names = new string[_plan.LayerCount];
        for (int layer = 0; layer < names.Length; layer++)
        {
            names[layer] = _plan.NameOf(layer);
        }

        return string.Join(", ", names);
    }

    private bool IsSelected(int layer)
    {
        if (_selection != 0)
        {
            return ((_selection >> layer) & 1) != 0;
        }

        return Volatile.Read(ref _extras)?.SelectionWords is not { } words || ((words[layer >> 6] >> (layer & 63)) & 1) != 0;
    }

    /// <summary>
    /// Whether a ready layer starts: not when it is not selected or a dependency it needs is NotRun (NotRun), nor when
    /// a dependency it needs has no value or the run was aborted (Skipped), nor when its condition is false (NotRun)
    /// or throws (Failed). Completes the layer in each of those cases.
    /// </summary>
    private bool Admit<T>(int layer, int dependencies, LayerControl? control, object store)
    {
        if (dependencies >= DependencyNotRun || !IsSelected(layer))
        {
            CompleteNotStarted<T>(layer, LayerStatus.NotRun, store);
            return false;
        }

        if (dependencies != 0 || Volatile.Read(ref _abortState) != 0)
        {
            CompleteNotStarted<T>(layer, LayerStatus.Skipped, store);
            return false;
        }

        if (control?.Condition is not { } condition)
        {
            return true;
        }

        bool admitted;
        try
        {
            // User code: on a layer thread completing a layer, the layers queued for it must not wait for it.
            LayerThreads.UserCodeStarting();
            admitted = condition((TRun)this);
        }
        catch (Exception exception)
        {
            // The graph's own logic failed: no retry, no fallback, nothing hidden.
            CompleteNotStarted<T>(layer, LayerStatus.Failed, store, exception);
            return false;
        }

        if (!admitted)
        {
            CompleteNotStarted<T>(layer, LayerStatus.NotRun, store);
        }

        return admitted;
    }

    /// <summary>Stores the error the fallback of <paramref name="layer"/> receives.</summary>
    private void SetFallbackError(int layer, Exception error)
    {
        // Selections are set before the run starts; fallbacks' errors arrive from any thread.
        RunExtras? extras = Volatile.Read(ref _extras);
        if (extras is null)
        {
            Interlocked.CompareExchange(ref _extras, new RunExtras(), null);
            extras = _extras!;
        }

        if (Volatile.Read(ref extras.FallbackErrors) is null)
        {
            Interlocked.CompareExchange(ref extras.FallbackErrors, new Exception?[_plan.LayerCount], null);
        }

        Volatile.Write(ref extras.FallbackErrors![layer], error);
    }

    /// <summary>What only some runs need: a selection of more than 64 layers, the errors fallbacks receive.</summary>
    private sealed class RunExtras
    {
        public ulong[]? SelectionWords;
        public Exception?[]? FallbackErrors;
    }

    /// <summary>
    /// A layer's [When] condition, [Retry] policy and [Fallback], emitted by the generator once per layer that has any
    /// of them (as a static field: nothing is allocated per run).
    /// </summary>
    protected sealed class LayerControl
    {
        /// <summary>Creates a layer's control data. Called by generated code; the arguments are compile-time constants and static lambdas.</summary>
        /// <param name="condition">Calls the [When] predicate; <see langword="null"/> when the layer always runs.</param>
        /// <param name="maxRetries">How many times a failed or timed-out attempt is retried.</param>
        /// <param name="delayMilliseconds">The base delay before a retry.</param>
        /// <param name="backoff">How the delay grows.</param>
        /// <param name="jitter">Whether each delay is drawn between 0.5 and 1.5 times its nominal value.</param>
        /// <param name="handle">Whether an attempt's exception is retried; <see langword="null"/> retries any.</param>
        /// <param name="fallback">Calls the [Fallback] method (a delegate shaped as a layer's invocation); <see langword="null"/> when there is none.</param>
        /// <param name="fallbackShape">How the fallback method hands back its work.</param>
        /// <param name="fallbackTakesToken">Whether the fallback method has a <see cref="CancellationToken"/> parameter.</param>
        /// <param name="fallbackAccepts">Whether the fallback takes the layer's error (its error parameter's type); <see langword="null"/> for any.</param>
        public LayerControl(
            Func<TRun, bool>? condition = null,
            int maxRetries = 0,
            int delayMilliseconds = 0,
            RetryBackoff backoff = RetryBackoff.Exponential,
            bool jitter = false,
            Func<Exception, bool>? handle = null,
            Delegate? fallback = null,
            LayerShape fallbackShape = LayerShape.ValueTask,
            bool fallbackTakesToken = false,
            Func<Exception, bool>? fallbackAccepts = null)
        {
            if (maxRetries < 0) throw new ArgumentOutOfRangeException(nameof(maxRetries));
            if (delayMilliseconds < 0) throw new ArgumentOutOfRangeException(nameof(delayMilliseconds));
            Condition = condition;
            MaxRetries = maxRetries;
            DelayMilliseconds = delayMilliseconds;
            Backoff = backoff;
            Jitter = jitter;
            Handle = handle;
            Fallback = fallback;
            FallbackShape = fallbackShape;
            FallbackTakesToken = fallbackTakesToken;
            FallbackAccepts = fallbackAccepts;
        }

        internal Func<TRun, bool>? Condition { get; }

        internal int MaxRetries { get; }

        internal int DelayMilliseconds { get; }

        internal RetryBackoff Backoff { get; }

        internal bool Jitter { get; }

        internal Func<Exception, bool>? Handle { get; }

        internal Delegate? Fallback { get; }

        internal LayerShape FallbackShape { get; }

        internal bool FallbackTakesToken { get; }

        internal Func<Exception, bool>? FallbackAccepts { get; }

        /// <summary>Whether the layer may make more than one attempt or run a fallback: only then does its life need state of its own.</summary>
        internal bool HasLife => MaxRetries > 0 || Fallback is not null;
    }
}
