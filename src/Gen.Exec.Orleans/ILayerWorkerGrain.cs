using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Orleans;

namespace Gen.Exec.Orleans;

/// <summary>
/// The worker that runs attempts of distributed layers on a silo. It lives in this compiled assembly, not in generated
/// code: the Orleans code generator does not see types another source generator emits.
/// </summary>
[Alias("Gen.Exec.Orleans.ILayerWorkerGrain")]
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILayerWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>Runs one attempt and returns the layer's value (boxed; <see langword="null"/> for a layer without one).</summary>
    /// <param name="work">The layer, its arguments and the caller's trace context.</param>
    /// <param name="cancellationToken">The attempt's token: Orleans cancels it here when the caller's is cancelled.</param>
    [Alias("Run")]
    Task<object?> RunAsync(LayerWork work, CancellationToken cancellationToken);
}
