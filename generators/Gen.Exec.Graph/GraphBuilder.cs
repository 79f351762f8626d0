using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.Graph;

/// <summary>The result of analysing one graph type.</summary>
internal sealed class GraphAnalysis
{
    public GraphAnalysis(GraphModel? model, IReadOnlyList<GraphProblem> problems)
    {
        Model = model;
        Problems = problems;
    }

    /// <summary>The model to generate from; <see langword="null"/> when the graph has errors (ours or the compiler's).</summary>
    public GraphModel? Model { get; }

    public IReadOnlyList<GraphProblem> Problems { get; }
}

/// <summary>
/// Builds a graph's model from its symbols and finds everything wrong with it. The only place where
/// graph rules live: the generator uses the model, the analyzers report the problems.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>Names a layer cannot have: they would clash with generated members.</summary>
    private static readonly string[] s_reservedNames =
    {
        // Nested types and members of the graph's generated Executor and Results.
        "Executor", "Results", "Stats", "Layers", "StartRun", "RunState", "_state", "_all",

        // Members every class inherits from object.
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Whether the type declares anything Gen.Exec cares about (cheap: attribute checks only).</summary>
    public static bool IsCandidate(INamedTypeSymbol type, GraphSymbols symbols)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    INamedTypeSymbol? attributeClass = attribute.AttributeClass;
                    if (Is(attributeClass, symbols.Layer) || Is(attributeClass, symbols.DependsOn) || Is(attributeClass, symbols.Timeout))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// GEX008 for a type that is not a graph itself but contains one: it must be partial for the generator
    /// to reopen it. <see langword="null"/> when there is nothing to report.
    /// </summary>
    public static GraphProblem? AnalyzeContainer(INamedTypeSymbol type, GraphSymbols symbols, CancellationToken cancellationToken)
    {
        if (type.GetTypeMembers().IsEmpty || !ContainsGraph(type, symbols))
        {
            return null;
        }

        return FindNonPartialDeclaration(type, cancellationToken) is { } nonPartial
            ? new GraphProblem(GraphProblemKind.NotPartial, nonPartial.Identifier.GetLocation(), type.Name)
            : null;
    }

    /// <summary>
    /// Graph attributes on a local function or lambda, which can never be layers: [Layer] is an unsupported
    /// signature (GEX009), [DependsOn] and [Timeout] have no effect (GEX016).
    /// </summary>
    public static IEnumerable<GraphProblem> AnalyzeNonMemberFunction(IMethodSymbol function, GraphSymbols symbols, CancellationToken cancellationToken)
    {
        ImmutableArray<AttributeData> attributes = function.GetAttributes();
        string name = function.MethodKind == MethodKind.LocalFunction ? function.Name : "lambda";
        foreach (AttributeData attribute in attributes)
        {
            if (Is(attribute.AttributeClass, symbols.Layer))
            {
                string what = function.MethodKind == MethodKind.LocalFunction ? "a local function" : "a lambda";
                return new[]
                {
                    new GraphProblem(
                        GraphProblemKind.UnsupportedSignature,
                        AttributeLocation(attribute, function, cancellationToken),
                        name,
                        $"only ordinary methods can be layers, not {what}"),
                };
            }
        }

        var problems = new List<GraphProblem>();
        foreach (AttributeData attribute in attributes)
        {
            bool isDependsOn = Is(attribute.AttributeClass, symbols.DependsOn);
            if (isDependsOn || Is(attribute.AttributeClass, symbols.Timeout))
            {
                problems.Add(new GraphProblem(
                    GraphProblemKind.AttributeWithoutLayer,
                    AttributeLocation(attribute, function, cancellationToken),
                    isDependsOn ? "DependsOn" : "Timeout",
                    name));
            }
        }

        return problems;
    }

    /// <summary>Finds the graph's problems and, when it has no errors, builds the model the generator emits.</summary>
    public static GraphAnalysis Analyze(INamedTypeSymbol type, GraphSymbols symbols, CancellationToken cancellationToken)
        => Analyze(type, symbols, includeModel: true, cancellationToken);

    /// <summary>
    /// Finds the graph's problems; with <paramref name="includeModel"/> false (the analyzers) the model and the
    /// parts of the plan only the generator needs (batches, ranks, Mermaid) are not built.
    /// </summary>
    public static GraphAnalysis Analyze(INamedTypeSymbol type, GraphSymbols symbols, bool includeModel, CancellationToken cancellationToken)
    {
        var problems = new List<GraphProblem>();
        bool compilerErrors = false;

        // A type the compiler made up, such as <invalid-global-code> for methods a stray brace left outside
        // any class while typing: the compiler reports the syntax error, and there is nothing to generate into.
        if (!type.CanBeReferencedByName)
        {
            return new GraphAnalysis(null, problems);
        }

        // 1. Find the layer methods; flag graph attributes on methods that are not layers.
        var methods = new List<IMethodSymbol>();
        var layerAttributes = new List<AttributeData>();
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IMethodSymbol method)
            {
                continue;
            }

            AttributeData? layerAttribute = null;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (Is(attribute.AttributeClass, symbols.Layer))
                {
                    layerAttribute = attribute;
                }
            }

            if (layerAttribute is not null)
            {
                if (method.MethodKind == MethodKind.Ordinary)
                {
                    methods.Add(method);
                    layerAttributes.Add(layerAttribute);
                }
                else
                {
                    // Accessors, operators, finalizers and explicit interface implementations have no name
                    // that [DependsOn] or the generated code could use.
                    problems.Add(new GraphProblem(
                        GraphProblemKind.UnsupportedSignature,
                        AttributeLocation(layerAttribute, method, cancellationToken),
                        method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                        $"only ordinary methods can be layers, not {DescribeMethodKind(method.MethodKind)}"));
                }

                continue;
            }

            foreach (AttributeData attribute in method.GetAttributes())
            {
                bool isDependsOn = Is(attribute.AttributeClass, symbols.DependsOn);
                if (isDependsOn || Is(attribute.AttributeClass, symbols.Timeout))
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.AttributeWithoutLayer,
                        AttributeLocation(attribute, method, cancellationToken),
                        isDependsOn ? "DependsOn" : "Timeout",
                        method.Name));
                }
            }
        }

        if (methods.Count == 0)
        {
            return new GraphAnalysis(null, problems);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 2. The graph type itself.
        if (type.TypeKind != TypeKind.Class)
        {
            problems.Add(new GraphProblem(GraphProblemKind.UnsupportedGraphType, NameLocation(type), type.Name, "layers must be declared in a class"));
        }
        else if (type.IsFileLocal)
        {
            // The generated part lives in another file, where a file-local type is out of reach.
            problems.Add(new GraphProblem(GraphProblemKind.UnsupportedGraphType, NameLocation(type), type.Name, "a file-local class cannot be extended by generated code in another file"));
        }
        else if (FindNonPartialDeclaration(type, cancellationToken) is { } nonPartial)
        {
            problems.Add(new GraphProblem(GraphProblemKind.NotPartial, nonPartial.Identifier.GetLocation(), type.Name));
        }

        // A non-partial containing type blocks generation too; it is reported by AnalyzeContainer, when
        // the container itself is analysed, so that the diagnostic is local to its declaration.
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            compilerErrors |= FindNonPartialDeclaration(outer, cancellationToken) is not null;
        }

        int? classTimeout = null;
        bool classTimeoutDeclared = false;
        int? latencyBudget = null;
        AttributeData? budgetAttribute = null;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (Is(attribute.AttributeClass, symbols.Timeout))
            {
                classTimeoutDeclared = true;
                classTimeout = ReadInt(attribute, ref compilerErrors);
                if (classTimeout <= 0)
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.NonPositiveDuration,
                        AttributeLocation(attribute, type, cancellationToken),
                        $"The class-level time-out of '{type.Name}'",
                        classTimeout.Value.ToString(CultureInfo.InvariantCulture)));
                }
            }
            else if (Is(attribute.AttributeClass, symbols.LatencyBudget))
            {
                budgetAttribute = attribute;
                latencyBudget = ReadInt(attribute, ref compilerErrors);
                if (latencyBudget <= 0)
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.NonPositiveDuration,
                        AttributeLocation(attribute, type, cancellationToken),
                        $"The latency budget of '{type.Name}'",
                        latencyBudget.Value.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        // 3. Layer names: unique ignoring case (dependency parameters bind ignoring case), none reserved.
        int count = methods.Count;
        string[] names = new string[count];
        var indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int layer = 0; layer < count; layer++)
        {
            IMethodSymbol method = methods[layer];
            names[layer] = method.Name;
            if (indexByName.ContainsKey(method.Name))
            {
                problems.Add(new GraphProblem(GraphProblemKind.DuplicateLayerName, NameLocation(method), method.Name));
            }
            else
            {
                indexByName.Add(method.Name, layer);
            }

            foreach (string reserved in s_reservedNames)
            {
                if (string.Equals(reserved, method.Name, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.ReservedName,
                        NameLocation(method),
                        method.Name,
                        "it would clash with a member that Gen.Exec generates"));
                }
            }
        }

        // 4. Per layer: time-out, options, signature, dependencies.
        var timeouts = new int[count];
        var ownTimeout = new bool[count];
        var critical = new bool[count];
        var priorities = new int[count];
        var dependencies = new List<int>[count];
        var dependencyLocations = new List<Location>[count];
        var returnKinds = new ReturnKind[count];
        var valueTypes = new ITypeSymbol?[count];
        for (int layer = 0; layer < count; layer++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IMethodSymbol method = methods[layer];
            dependencies[layer] = new List<int>();
            dependencyLocations[layer] = new List<Location>();

            foreach (KeyValuePair<string, TypedConstant> argument in layerAttributes[layer].NamedArguments)
            {
                if (argument.Key == "Critical" && argument.Value.Value is bool isCritical)
                {
                    critical[layer] = isCritical;
                }
                else if (argument.Key == "Priority" && argument.Value.Value is int priority)
                {
                    priorities[layer] = priority;
                }
            }

            int? timeout = null;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (Is(attribute.AttributeClass, symbols.Timeout))
                {
                    timeout = ReadInt(attribute, ref compilerErrors);
                    ownTimeout[layer] = true;
                    if (timeout <= 0)
                    {
                        problems.Add(new GraphProblem(
                            GraphProblemKind.NonPositiveDuration,
                            AttributeLocation(attribute, method, cancellationToken),
                            $"The time-out of layer '{method.Name}'",
                            timeout.Value.ToString(CultureInfo.InvariantCulture)));
                    }
                }
                else if (Is(attribute.AttributeClass, symbols.DependsOn))
                {
                    ReadDependencies(attribute, method, layer, names, indexByName, dependencies[layer], dependencyLocations[layer], problems, ref compilerErrors, cancellationToken);
                }
            }

            if (!ownTimeout[layer])
            {
                // A class-level [Timeout] whose argument does not bind is the compiler's to report.
                timeout = classTimeout;
                if (timeout is null && !classTimeoutDeclared)
                {
                    problems.Add(new GraphProblem(GraphProblemKind.MissingTimeout, NameLocation(method), method.Name));
                }
            }

            timeouts[layer] = timeout ?? 0;
            returnKinds[layer] = ClassifyReturn(method, symbols, out valueTypes[layer], problems, ref compilerErrors);
            if (method.IsGenericMethod)
            {
                problems.Add(new GraphProblem(GraphProblemKind.UnsupportedSignature, NameLocation(method), method.Name, "a layer cannot be a generic method"));
            }
        }

        // 5. Parameters: cancellation token, dependency outputs, run inputs.
        var arguments = new ArgumentModel[count][];
        var inputs = new List<InputModel>();
        var inputTypes = new List<ITypeSymbol>();
        var inputFirstLayer = new List<string>();
        var inputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int layer = 0; layer < count; layer++)
        {
            IMethodSymbol method = methods[layer];
            bool hasToken = false;
            var bound = new ArgumentModel[method.Parameters.Length];
            for (int p = 0; p < method.Parameters.Length; p++)
            {
                IParameterSymbol parameter = method.Parameters[p];
                ITypeSymbol parameterType = parameter.Type;
                compilerErrors |= ContainsErrorType(parameterType);
                bound[p] = new ArgumentModel(ArgumentKind.Input, -1);
                if (parameter.RefKind != RefKind.None || parameterType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || parameterType.IsRefLikeType)
                {
                    string what = parameter.RefKind != RefKind.None
                        ? $"parameter '{parameter.Name}' is passed by reference ({parameter.RefKind.ToString().ToLowerInvariant()})"
                        : $"parameter '{parameter.Name}' has type '{parameterType.ToDisplayString()}', which cannot be stored across awaits";
                    problems.Add(new GraphProblem(GraphProblemKind.UnsupportedSignature, ParameterLocation(parameter, method), method.Name, what));
                    continue;
                }

                if (Is(parameterType, symbols.CancellationToken))
                {
                    hasToken = true;
                    bound[p] = new ArgumentModel(ArgumentKind.CancellationToken, -1);
                    continue;
                }

                // A parameter named like its own layer cannot be a dependency (a layer never depends on
                // itself), so it is a run input; offering to add a self-dependency would be wrong.
                if (indexByName.TryGetValue(parameter.Name, out int source) && source != layer)
                {
                    if (!dependencies[layer].Contains(source))
                    {
                        problems.Add(new GraphProblem(
                            GraphProblemKind.ParameterNotInDependsOn,
                            ParameterLocation(parameter, method),
                            method.Name,
                            parameter.Name,
                            names[source])
                        {
                            Properties = ImmutableDictionary<string, string?>.Empty.Add("Dependency", names[source]),
                        });
                        continue;
                    }

                    bound[p] = BindDependency(parameter, method, source, names[source], valueTypes[source], symbols, problems);
                    continue;
                }

                if (parameter.Name == "cancellationToken")
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.ReservedName,
                        ParameterLocation(parameter, method),
                        parameter.Name,
                        "RunAsync already has a parameter of that name; name the input differently or make it a CancellationToken"));
                    continue;
                }

                if (inputIndex.TryGetValue(parameter.Name, out int existing))
                {
                    if (!SymbolEqualityComparer.Default.Equals(inputTypes[existing], parameterType))
                    {
                        problems.Add(new GraphProblem(
                            GraphProblemKind.InputTypeConflict,
                            ParameterLocation(parameter, method),
                            parameter.Name,
                            inputTypes[existing].ToDisplayString(),
                            parameterType.ToDisplayString(),
                            inputFirstLayer[existing],
                            method.Name));
                    }

                    bound[p] = new ArgumentModel(ArgumentKind.Input, existing);
                }
                else
                {
                    inputIndex.Add(parameter.Name, inputs.Count);
                    bound[p] = new ArgumentModel(ArgumentKind.Input, inputs.Count);
                    inputs.Add(new InputModel(parameter.Name, parameterType.ToDisplayString(s_typeFormat)));
                    inputTypes.Add(parameterType);
                    inputFirstLayer.Add(method.Name);
                }
            }

            arguments[layer] = bound;
            if (ownTimeout[layer] && !hasToken)
            {
                problems.Add(new GraphProblem(GraphProblemKind.TimeoutWithoutCancellationToken, NameLocation(method), method.Name));
            }
        }

        // 6. Cycles: each reported once, at the [DependsOn] argument that closes it.
        int[][] dependencyArrays = dependencies.Select(d => d.ToArray()).ToArray();
        List<int[]> cycles = GraphAlgorithms.FindCycles(dependencyArrays);
        foreach (int[] cycle in cycles)
        {
            var edgeLocations = new List<Location>(cycle.Length);
            for (int i = 0; i < cycle.Length; i++)
            {
                int from = cycle[i];
                int to = cycle[(i + 1) % cycle.Length];
                edgeLocations.Add(dependencyLocations[from][dependencies[from].IndexOf(to)]);
            }

            string text = string.Join(" -> ", cycle.Select(i => names[i])) + " -> " + names[cycle[0]];
            problems.Add(new GraphProblem(GraphProblemKind.Cycle, edgeLocations[edgeLocations.Count - 1], text)
            {
                AdditionalLocations = edgeLocations.Take(edgeLocations.Count - 1).ToArray(),
            });
        }

        bool timeoutsValid = timeouts.All(t => t > 0);
        PlanModel? plan = null;
        if (cycles.Count == 0 && timeoutsValid)
        {
            plan = includeModel ? GraphAlgorithms.ComputePlan(names, timeouts, priorities, dependencyArrays) : null;
            if (latencyBudget > 0)
            {
                (int[] criticalPath, long worstCase) = plan is null
                    ? GraphAlgorithms.CriticalPath(timeouts, dependencyArrays)
                    : (plan.CriticalPath.ToArray(), plan.WorstCaseLatencyMilliseconds);
                if (worstCase > latencyBudget.Value)
                {
                    problems.Add(new GraphProblem(
                        GraphProblemKind.LatencyBudgetExceeded,
                        AttributeLocation(budgetAttribute!, type, cancellationToken),
                        type.Name,
                        worstCase.ToString(CultureInfo.InvariantCulture),
                        latencyBudget.Value.ToString(CultureInfo.InvariantCulture),
                        string.Join(" -> ", criticalPath.Select(i => names[i]))));
                }
            }
        }

        if (plan is null || compilerErrors || problems.Any(p => p.IsError))
        {
            return new GraphAnalysis(null, problems);
        }

        var layers = new LayerModel[count];
        for (int layer = 0; layer < count; layer++)
        {
            layers[layer] = new LayerModel(
                names[layer],
                timeouts[layer],
                critical[layer],
                priorities[layer],
                methods[layer].IsStatic,
                returnKinds[layer],
                valueTypes[layer]?.ToDisplayString(s_typeFormat),
                new EquatableArray<int>(dependencyArrays[layer]),
                new EquatableArray<ArgumentModel>(arguments[layer]));
        }

        var containing = new List<TypeDeclaration>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declaration(outer));
        }

        var model = new GraphModel(
            HintName(type),
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            containing.ToEquatableArray(),
            Declaration(type),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.IsStatic,
            new EquatableArray<LayerModel>(layers),
            inputs.ToEquatableArray(),
            plan);
        return new GraphAnalysis(model, problems);
    }

    private static void ReadDependencies(
        AttributeData attribute,
        IMethodSymbol method,
        int layer,
        string[] names,
        Dictionary<string, int> indexByName,
        List<int> dependencies,
        List<Location> locations,
        List<GraphProblem> problems,
        ref bool compilerErrors,
        CancellationToken cancellationToken)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array)
        {
            // The attribute did not bind (half-typed code); the compiler reports it.
            compilerErrors = true;
            return;
        }

        // [DependsOn(null)] passes a null array, which the attribute treats as no dependencies.
        if (attribute.ConstructorArguments[0].IsNull)
        {
            return;
        }

        ImmutableArray<TypedConstant> values = attribute.ConstructorArguments[0].Values;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].Kind == TypedConstantKind.Error)
            {
                compilerErrors = true;
                continue;
            }

            string? name = values[i].Value as string;
            Location location = DependencyArgumentLocation(attribute, i, method, cancellationToken);
            if (name is null || !indexByName.TryGetValue(name, out int target) || !string.Equals(names[target], name, StringComparison.Ordinal))
            {
                string unknown = name ?? "null";
                string? suggestion = name is null ? null : GraphAlgorithms.NearestName(name, names);
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (suggestion is not null)
                {
                    properties = properties.Add("Suggestion", suggestion);
                }

                problems.Add(new GraphProblem(GraphProblemKind.UnknownDependency, location, method.Name, unknown) { Properties = properties });
                continue;
            }

            if (target == layer)
            {
                problems.Add(new GraphProblem(GraphProblemKind.SelfDependency, location, method.Name));
                continue;
            }

            if (dependencies.Contains(target))
            {
                problems.Add(new GraphProblem(GraphProblemKind.DuplicateDependency, location, method.Name, name));
                continue;
            }

            dependencies.Add(target);
            locations.Add(location);
        }
    }

    private static ArgumentModel BindDependency(
        IParameterSymbol parameter,
        IMethodSymbol method,
        int source,
        string sourceName,
        ITypeSymbol? valueType,
        GraphSymbols symbols,
        List<GraphProblem> problems)
    {
        ITypeSymbol type = parameter.Type;
        if (Is(type, symbols.LayerResult))
        {
            return new ArgumentModel(ArgumentKind.DependencyStatus, source);
        }

        bool isResultOfT = type is INamedTypeSymbol { IsGenericType: true } named && Is(named.OriginalDefinition, symbols.LayerResultOfT);
        if (valueType is null)
        {
            problems.Add(new GraphProblem(GraphProblemKind.ValueFromVoidLayer, ParameterLocation(parameter, method), method.Name, parameter.Name, sourceName));
            return new ArgumentModel(ArgumentKind.Input, -1);
        }

        if (isResultOfT && SymbolEqualityComparer.Default.Equals(((INamedTypeSymbol)type).TypeArguments[0], valueType))
        {
            return new ArgumentModel(ArgumentKind.DependencyResult, source);
        }

        if (!isResultOfT && SymbolEqualityComparer.Default.Equals(type, valueType))
        {
            return new ArgumentModel(ArgumentKind.DependencyValue, source);
        }

        string value = valueType.ToDisplayString();
        problems.Add(new GraphProblem(
            GraphProblemKind.DependencyTypeMismatch,
            ParameterLocation(parameter, method),
            method.Name,
            parameter.Name,
            sourceName,
            $"'{value}' or 'LayerResult<{value}>'"));
        return new ArgumentModel(ArgumentKind.Input, -1);
    }

    private static ReturnKind ClassifyReturn(IMethodSymbol method, GraphSymbols symbols, out ITypeSymbol? valueType, List<GraphProblem> problems, ref bool compilerErrors)
    {
        valueType = null;
        ITypeSymbol returnType = method.ReturnType;
        compilerErrors |= ContainsErrorType(returnType);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            problems.Add(new GraphProblem(GraphProblemKind.UnsupportedSignature, NameLocation(method), method.Name, "a layer cannot return by reference"));
            return ReturnKind.Void;
        }

        if (method.ReturnsVoid)
        {
            if (method.IsAsync)
            {
                problems.Add(new GraphProblem(
                    GraphProblemKind.UnsupportedSignature,
                    NameLocation(method),
                    method.Name,
                    "an async void method cannot be awaited; return Task instead"));
            }

            return ReturnKind.Void;
        }

        if (Is(returnType, symbols.Task))
        {
            return ReturnKind.Task;
        }

        if (Is(returnType, symbols.ValueTask))
        {
            return ReturnKind.ValueTask;
        }

        if (returnType is INamedTypeSymbol { IsGenericType: true } named)
        {
            if (Is(named.OriginalDefinition, symbols.TaskOfT))
            {
                valueType = named.TypeArguments[0];
                return ReturnKind.TaskOfT;
            }

            if (Is(named.OriginalDefinition, symbols.ValueTaskOfT))
            {
                valueType = named.TypeArguments[0];
                return ReturnKind.ValueTaskOfT;
            }
        }

        if (returnType.IsRefLikeType || returnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            problems.Add(new GraphProblem(
                GraphProblemKind.UnsupportedSignature,
                NameLocation(method),
                method.Name,
                $"its return type '{returnType.ToDisplayString()}' cannot be stored as a result"));
            return ReturnKind.Void;
        }

        valueType = returnType;
        return ReturnKind.Value;
    }

    private static int? ReadInt(AttributeData attribute, ref bool compilerErrors)
    {
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
        {
            return value;
        }

        compilerErrors = true;
        return null;
    }

    private static TypeDeclaration Declaration(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        string name = type.TypeParameters.Length == 0
            ? type.Name
            : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        return new TypeDeclaration(keyword, name);
    }

    private static string HintName(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            parts.Insert(0, current.Arity == 0 ? current.Name : current.Name + "_" + current.Arity.ToString(CultureInfo.InvariantCulture));
        }

        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            parts.Insert(0, type.ContainingNamespace.ToDisplayString());
        }

        return string.Join(".", parts) + ".g.cs";
    }

    private static string DescribeMethodKind(MethodKind kind) => kind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet => "a property accessor",
        MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise => "an event accessor",
        MethodKind.UserDefinedOperator or MethodKind.Conversion => "an operator",
        MethodKind.Destructor => "a finalizer",
        MethodKind.Constructor or MethodKind.StaticConstructor => "a constructor",
        MethodKind.ExplicitInterfaceImplementation => "an explicit interface implementation",
        _ => "a special method",
    };

    private static bool ContainsGraph(INamedTypeSymbol container, GraphSymbols symbols)
    {
        foreach (INamedTypeSymbol nested in container.GetTypeMembers())
        {
            if (IsCandidate(nested, symbols) || ContainsGraph(nested, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static TypeDeclarationSyntax? FindNonPartialDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return declaration;
            }
        }

        return null;
    }

    private static Location DependencyArgumentLocation(AttributeData attribute, int index, IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
            if (arguments.Count == 1 && ArrayElements(arguments[0].Expression) is { } elements)
            {
                return index < elements.Count ? elements[index].GetLocation() : syntax.GetLocation();
            }

            return index < arguments.Count ? arguments[index].GetLocation() : syntax.GetLocation();
        }

        return NameLocation(method);
    }

    private static SeparatedSyntaxList<ExpressionSyntax>? ArrayElements(ExpressionSyntax expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        _ => null,
    };

    private static Location AttributeLocation(AttributeData attribute, ISymbol owner, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? NameLocation(owner);

    private static Location NameLocation(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

    private static Location ParameterLocation(IParameterSymbol parameter, IMethodSymbol method)
        => parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? NameLocation(method);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };
}
