using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.Graph;

/// <summary>Small questions about symbols and where to report on them, shared by the graph-building steps.</summary>
internal static class SymbolFacts
{
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    public static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };

    /// <summary>The attribute's single <see langword="int"/> argument; a missing or mistyped one is the compiler's to report.</summary>
    public static int? ReadInt(AttributeData attribute, ref bool compilerErrors)
    {
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
        {
            return value;
        }

        compilerErrors = true;
        return null;
    }

    public static TypeDeclarationSyntax? FindNonPartialDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
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

    public static Location AttributeLocation(AttributeData attribute, ISymbol owner, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? NameLocation(owner);

    /// <summary>Whether <paramref name="type"/> is <paramref name="exception"/> or derives from it.</summary>
    public static bool IsException(ITypeSymbol? type, INamedTypeSymbol? exception)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the attribute's positional argument <paramref name="index"/> is written; the attribute when it is not found.</summary>
    public static Location ConstructorArgumentLocation(AttributeData attribute, int index, ISymbol owner, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list } &&
            list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(index) is { } argument)
        {
            return argument.Expression.GetLocation();
        }

        return AttributeLocation(attribute, owner, cancellationToken);
    }

    /// <summary>The expression of the attribute's named argument <paramref name="name"/> (<c>Name = ...</c>); the attribute when it is not found.</summary>
    public static Location NamedArgumentLocation(AttributeData attribute, string name, ISymbol owner, CancellationToken cancellationToken)
        => NamedArgument(attribute, name, cancellationToken)?.GetLocation() ?? AttributeLocation(attribute, owner, cancellationToken);

    public static ExpressionSyntax? NamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list })
        {
            foreach (AttributeArgumentSyntax argument in list.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression;
                }
            }
        }

        return null;
    }

    /// <summary>The elements of an array written as <c>new[] { ... }</c>, <c>new T[] { ... }</c> or <c>[...]</c>; <see langword="null"/> otherwise.</summary>
    public static IReadOnlyList<SyntaxNode>? ArrayElements(ExpressionSyntax? expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        CollectionExpressionSyntax collection => collection.Elements,
        _ => null,
    };

    public static Location NameLocation(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

    public static Location ParameterLocation(IParameterSymbol parameter, IMethodSymbol method)
        => parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? NameLocation(method);

    public static string DescribeMethodKind(MethodKind kind) => kind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet => "a property accessor",
        MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise => "an event accessor",
        MethodKind.UserDefinedOperator or MethodKind.Conversion => "an operator",
        MethodKind.Destructor => "a finalizer",
        MethodKind.Constructor or MethodKind.StaticConstructor => "a constructor",
        MethodKind.ExplicitInterfaceImplementation => "an explicit interface implementation",
        _ => "a special method",
    };
}
