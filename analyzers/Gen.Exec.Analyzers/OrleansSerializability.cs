using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers;

/// <summary>
/// Whether Orleans can serialize a declared type: what its codecs cover out of the box, and types with
/// <c>[GenerateSerializer]</c>. Conservative on purpose: a type it does not know (an interface that LINQ may implement
/// lazily, <see cref="object"/>, a delegate) is reported; a type serialized through a registered surrogate can
/// suppress GEX035 where it is used.
/// </summary>
internal sealed class OrleansSerializability
{
    private static readonly HashSet<string> s_wellKnown = new()
    {
        "System.Guid", "System.TimeSpan", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.Uri",
        "System.Version", "System.Half", "System.Int128", "System.UInt128", "System.Numerics.BigInteger",
        "System.Net.IPAddress", "System.Net.IPEndPoint", "System.Globalization.CultureInfo", "System.Text.StringBuilder",
        "System.DBNull", "System.Type",
    };

    // Generic collections, tuples and wrappers Orleans has codecs for (by metadata name); their type arguments must be serializable too.
    private static readonly HashSet<string> s_generic = new()
    {
        "System.Nullable`1", "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.HashSet`1", "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedList`2", "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1",
        "System.Collections.Generic.LinkedList`1", "System.Collections.Generic.KeyValuePair`2",
        "System.Collections.Generic.IList`1", "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.ObjectModel.ReadOnlyCollection`1", "System.Collections.ObjectModel.ReadOnlyDictionary`2",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.ImmutableSortedDictionary`2", "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableQueue`1", "System.Collections.Immutable.ImmutableStack`1",
        "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4", "System.ValueTuple`5",
        "System.ValueTuple`6", "System.ValueTuple`7", "System.ValueTuple`8",
        "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4", "System.Tuple`5", "System.Tuple`6", "System.Tuple`7", "System.Tuple`8",
        "System.ReadOnlyMemory`1", "System.Memory`1",
    };

    private readonly INamedTypeSymbol? _generateSerializer;
    private readonly INamedTypeSymbol? _layerResult;
    private readonly INamedTypeSymbol? _layerResultOfT;

    public OrleansSerializability(Compilation compilation)
    {
        _generateSerializer = compilation.GetTypeByMetadataName("Orleans.GenerateSerializerAttribute");
        _layerResult = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult");
        _layerResultOfT = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult`1");
    }

    /// <summary>Why <paramref name="type"/> cannot travel; <see langword="null"/> when it can.</summary>
    public string? Problem(ITypeSymbol type) => Problem(type, depth: 0);

    private string? Problem(ITypeSymbol type, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
                return null;
            case SpecialType.System_Object:
                return "'object' says nothing about what travels; declare the type";
        }

        if (type is IArrayTypeSymbol array)
        {
            return Problem(array.ElementType, depth + 1);
        }

        if (type is not INamedTypeSymbol named || type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic)
        {
            return type is ITypeParameterSymbol
                ? "a type parameter may stand for anything"
                : "it is not a data type";
        }

        INamedTypeSymbol definition = named.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, _layerResultOfT) || SymbolEqualityComparer.Default.Equals(definition, _layerResult))
        {
            return "a dependency's LayerResult stays on the caller; take the dependency's value as T";
        }

        if (HasGenerateSerializer(definition))
        {
            return named.IsGenericType ? TypeArguments(named, depth) : null;
        }

        string name = MetadataName(definition);
        if (s_wellKnown.Contains(name))
        {
            return null;
        }

        if (s_generic.Contains(name))
        {
            return TypeArguments(named, depth);
        }

        return type.TypeKind == TypeKind.Enum
            ? "add [GenerateSerializer] to the enum"
            : "add [GenerateSerializer] to it (and [Id(n)] to its members), or pass a type Orleans knows";
    }

    private string? TypeArguments(INamedTypeSymbol type, int depth)
    {
        foreach (ITypeSymbol argument in type.TypeArguments)
        {
            if (Problem(argument, depth + 1) is { } problem)
            {
                return "its type argument '" + argument.ToDisplayString() + "' cannot travel (" + problem + ")";
            }
        }

        return null;
    }

    private bool HasGenerateSerializer(INamedTypeSymbol type)
    {
        if (_generateSerializer is null)
        {
            return false;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _generateSerializer))
            {
                return true;
            }
        }

        return false;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() + "." : string.Empty;
        return ns + type.MetadataName;
    }
}
