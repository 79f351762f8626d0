using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators;

/// <summary>
/// The optional libraries a compilation references, looked up once per compilation with
/// <c>GetTypeByMetadataName</c>. A project without them gets no code that names them.
/// </summary>
internal readonly record struct IntegrationFlags(bool DependencyInjection, bool Logging, bool Options, bool StartupValidator, bool Polly)
{
    public static IntegrationFlags For(Compilation compilation)
    {
        // IServiceProviderIsService (DI 6.0) is what the start-up check uses: older DI gets no integration at all.
        bool di = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not null
            && compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions") is not null
            && compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceProviderIsService") is not null;
        return new IntegrationFlags(
            di,
            di && compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessage") is not null,
            di && compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.IValidateOptions`1") is not null
               && compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions") is not null,
            di && compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.IStartupValidator") is not null,
            compilation.GetTypeByMetadataName("Polly.Registry.ResiliencePipelineProvider`1") is not null
               && compilation.GetTypeByMetadataName("Polly.ResilienceContextPool") is not null);
    }
}

/// <summary>A valid graph with what service integration needs beyond its executor model.</summary>
internal sealed record ValidGraph(GraphModel Model, GraphServiceInfo Services);

/// <summary>
/// What <c>AddGenExec</c> and the Polly wrappers need to know about a graph: its telemetry name, whether generated
/// code at namespace level can name it, the constructor the container calls, and each layer's pipeline key.
/// </summary>
/// <param name="GraphName">Namespace, containing types and type joined with '.', as the <c>gen_exec.graph</c> tag.</param>
/// <param name="Registrable">Whether <c>AddGenExec</c> can register the graph: reachable from the assembly (no private or protected nesting), not generic.</param>
/// <param name="Constructor">The graph's constructor parameters; <see langword="null"/> when it has no usable constructor (or is static).</param>
/// <param name="PipelineKeys">Per layer, its <c>[ResiliencePipeline]</c> key (its own, else the class's); <see langword="null"/> for none.</param>
internal sealed record GraphServiceInfo(string GraphName, bool Registrable, EquatableArray<ConstructorParameter>? Constructor, EquatableArray<NullableKey> PipelineKeys)
{
    public bool HasPipelines => PipelineKeys.Any(k => k.Key is not null);
}

/// <summary>A pipeline key or none (an equatable wrapper, since <see cref="EquatableArray{T}"/> needs <c>IEquatable</c> items).</summary>
internal readonly record struct NullableKey(string? Key);

/// <summary>One constructor parameter: its fully qualified type, its name, and its default value as C# text when it is optional.</summary>
internal sealed record ConstructorParameter(string Type, string Name, string? Default);

internal static class ServiceInfoBuilder
{
    public const string PipelineAttributeName = "Gen.Exec.ResiliencePipelineAttribute";

    public static GraphServiceInfo Build(INamedTypeSymbol type, GraphModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        INamedTypeSymbol? pipeline = compilation.GetTypeByMetadataName(PipelineAttributeName);
        string? classKey = KeyOf(type, pipeline);
        var keys = new NullableKey[model.Layers.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? own = null;
            foreach (ISymbol member in type.GetMembers(model.Layers[i].Name))
            {
                if (member is IMethodSymbol method && KeyOf(method, pipeline) is { } key)
                {
                    own = key;
                }
            }

            keys[i] = new NullableKey(own ?? classKey);
        }

        return new GraphServiceInfo(GraphName(type), IsRegistrable(type, model), type.IsStatic ? null : ConstructorOf(type), new EquatableArray<NullableKey>(keys));
    }

    private static string? KeyOf(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return null;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass) &&
                attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string key)
            {
                return key;
            }
        }

        return null;
    }

    private static string GraphName(INamedTypeSymbol type)
    {
        var name = new StringBuilder();
        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            name.Append(type.ContainingNamespace.ToDisplayString()).Append('.');
        }

        var outers = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            outers.Insert(0, outer.Name);
        }

        foreach (string outer in outers)
        {
            name.Append(outer).Append('.');
        }

        return name.Append(type.Name).ToString();
    }

    private static bool IsRegistrable(INamedTypeSymbol type, GraphModel model)
    {
        if (model.Accessibility is not ("public" or "internal"))
        {
            return false;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.Arity > 0 || current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return !type.IsAbstract || type.IsStatic;
    }

    /// <summary>
    /// The constructor the container calls, chosen as Microsoft.Extensions.DependencyInjection would among those it
    /// could satisfy: the public or internal instance constructor with the most parameters (the first declared among
    /// equals). <see langword="null"/> when none is usable from generated code (a ref, out or pointer parameter).
    /// </summary>
    private static EquatableArray<ConstructorParameter>? ConstructorOf(INamedTypeSymbol type)
    {
        IMethodSymbol? chosen = null;
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal) ||
                constructor.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out || p.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || p.Type.IsRefLikeType))
            {
                continue;
            }

            if (chosen is null || constructor.Parameters.Length > chosen.Parameters.Length)
            {
                chosen = constructor;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        return new EquatableArray<ConstructorParameter>(chosen.Parameters
            .Select(p => new ConstructorParameter(p.Type.ToDisplayString(ModelFactory.TypeFormat), p.Name, p.HasExplicitDefaultValue ? DefaultOf(p) : null))
            .ToArray());
    }

    private static string DefaultOf(IParameterSymbol parameter)
    {
        object? value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return "default!";
        }

        string type = parameter.Type.ToDisplayString(ModelFactory.TypeFormat);
        return "(" + type + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + ")";
    }
}
