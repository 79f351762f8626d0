using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// The run inputs found so far: one per name, in order of first appearance. Layers' parameters come first (layers in
/// declaration order, parameters left to right), then those only conditions and fallbacks take (layer by layer, the
/// condition before the fallback, parameters left to right).
/// </summary>
internal sealed class RunInputs
{
    private readonly List<ITypeSymbol> _types = new();
    private readonly List<string> _firstLayer = new();
    private readonly List<string> _firstUse = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Binds a layer's parameter, reporting GEX011 when the input already has another type.</summary>
    public ArgumentModel Bind(GraphDraft draft, IParameterSymbol parameter, IMethodSymbol method)
    {
        if (_index.TryGetValue(parameter.Name, out int existing))
        {
            if (!SymbolEqualityComparer.Default.Equals(_types[existing], parameter.Type))
            {
                draft.Report(
                    GraphProblemKind.InputTypeConflict,
                    ParameterLocation(parameter, method),
                    parameter.Name,
                    _types[existing].ToDisplayString(),
                    parameter.Type.ToDisplayString(),
                    _firstLayer[existing],
                    method.Name);
            }

            return new ArgumentModel(ArgumentKind.Input, existing);
        }

        return Add(draft, parameter, method, method.Name, $"layer '{method.Name}'");
    }

    /// <summary>
    /// Binds a condition's or fallback's parameter; <paramref name="conflict"/> says why it binds to nothing when the
    /// input already has another type (the caller reports it as the method's unbound parameter).
    /// </summary>
    /// <param name="use">"condition 'P' of layer 'A'" or "fallback 'F' of layer 'A'".</param>
    public ArgumentModel? BindForControl(GraphDraft draft, IParameterSymbol parameter, IMethodSymbol method, string layer, string use, out string? conflict)
    {
        conflict = null;
        if (_index.TryGetValue(parameter.Name, out int existing))
        {
            if (SymbolEqualityComparer.Default.Equals(_types[existing], parameter.Type))
            {
                return new ArgumentModel(ArgumentKind.Input, existing);
            }

            conflict = $"run input '{parameter.Name}' has type '{_types[existing].ToDisplayString()}' in {_firstUse[existing]}; an input name must have one type across the graph";
            return null;
        }

        return Add(draft, parameter, method, layer, use);
    }

    private ArgumentModel Add(GraphDraft draft, IParameterSymbol parameter, IMethodSymbol method, string layer, string use)
    {
        if (LayerNameRules.HidesRunMember(draft, parameter.Name, GeneratedNames.InputFieldSuffix) is { } hidden)
        {
            draft.Report(GraphProblemKind.ReservedName, ParameterLocation(parameter, method), parameter.Name, $"the generated '{hidden}' would hide the Gen.Exec runtime member of that name");
        }

        int added = draft.Inputs.Count;
        _index.Add(parameter.Name, added);
        draft.Inputs.Add(new InputModel(parameter.Name, parameter.Type.ToDisplayString(ModelFactory.TypeFormat)));
        _types.Add(parameter.Type);
        _firstLayer.Add(layer);
        _firstUse.Add(use);
        return new ArgumentModel(ArgumentKind.Input, added);
    }
}
