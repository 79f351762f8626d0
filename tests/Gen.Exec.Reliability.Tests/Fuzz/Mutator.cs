using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Gen.Exec.Reliability.Tests.Fuzz;

/// <summary>Random, reproducible mutations of graph sources: token damage and graph-shaped mistakes.</summary>
internal sealed class Mutator(Random random)
{
    public static readonly string[] Kinds =
    [
        "delete token", "duplicate token", "rename layer", "rename layer everywhere", "rename parameter",
        "wrong attribute argument", "extreme time-out", "inject cycle", "change type shape", "change signature",
        "remove attribute",
    ];

    private static readonly string[] s_layerNames =
    [
        "Executor", "Results", "Stats", "Layers", "Run", "Start", "_run", "_layers", "Plan", "Options", "RunAsync", "s_plan", "_graph",
        "ToString", "Equals", "GetType", "Value", "Status", "@event", "@class", "run", "layer", "Dispose", "Finalize",
        "ExecuteAsync", "StartLayer", "CollectStats", "CreateResults", "PendingDependencies", "GetStats", "RunLayer", "RunTaskLayer", "RunSyncLayer", "RunVoidLayer",
        "RunTaskVoidLayer", "RunSyncVoidLayer", "Abort", "FailRun", "Offload", "Renamed", "É", "a",
        "await", "async", "var", "nameof", "global", "dynamic", "partial", "record", "@this", "Skip", "Run_", "Result",
    ];

    private static readonly string[] s_parameterNames =
    [
        "run", "cancellationToken", "layer", "ct", "stats", "@class", "value", "state", "token", "result", "executor",
        "graph", "options", "_graph", "s_plan", "@params", "query", "seed", "label", "await", "@this", "global",
        "nameof", "var", "cancellationToken1", "Layers", "stats1",
    ];

    private static readonly string[] s_attributeArguments =
    [
        "(\"100\")", "(1.5)", "(null)", "(100, 200)", "()", "(-1)", "(0)", "(int.MaxValue)", "(int.MinValue)",
        "(3000000000)", "(1 << 30)", "(\"A\", 3)", "(nameof(Missing))", "(new string[0])", "(new[] { \"A\", null })",
        "(Critical = 3)", "(Priority = \"x\")", "(Critical = true, Priority = int.MinValue)", "((string)null)", "(default)",
        "(\"\")", "(\" \")", "(new string[] { })", "(null, null)", "(true)", "('c')", "(100L)", "(Timeout = 5)",
    ];

    private static readonly string[] s_returnTypes =
    [
        "void", "ref int", "System.Span<int>", "System.Collections.Generic.IAsyncEnumerable<int>", "Task<Task<int>>",
        "int*", "dynamic", "object", "Task<int>?", "ValueTask<(int A, string B)>", "System.Action", "T", "Task<LayerResult<int>>",
    ];

    private static readonly string[] s_parameterTypes =
    [
        "string", "int", "long", "object", "CancellationToken", "LayerResult", "LayerResult<string>", "ref int", "out int",
        "in int", "System.Span<int>", "int*", "params int[]", "dynamic", "int?", "LayerResult<int>?",
    ];

    private static readonly string[] s_typeShapes =
    [
        "remove partial", "make generic", "make struct", "make record", "make interface", "toggle static", "make abstract",
        "make record struct", "make container generic", "make file-local", "remove partial from container",
    ];

    public (string Source, string Description) Mutate(string source)
    {
        int count = 1 + random.Next(3);
        var applied = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string kind = Kinds[random.Next(Kinds.Length)];
            if (Apply(kind, source) is { } mutated)
            {
                source = mutated.Source;
                applied.Add(kind + ": " + mutated.What);
            }
        }

        return (source, applied.Count == 0 ? "no applicable mutation" : string.Join("; ", applied));
    }

    private (string Source, string What)? Apply(string kind, string source)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
        return kind switch
        {
            "delete token" => DeleteToken(source, root),
            "duplicate token" => DuplicateToken(source, root),
            "rename layer" => RenameLayer(source, root, everywhere: false),
            "rename layer everywhere" => RenameLayer(source, root, everywhere: true),
            "rename parameter" => RenameParameter(source, root),
            "wrong attribute argument" => WrongAttributeArgument(source, root),
            "extreme time-out" => ExtremeTimeout(source, root),
            "inject cycle" => InjectCycle(source, root),
            "change type shape" => ChangeTypeShape(source, root),
            "change signature" => ChangeSignature(source, root),
            "remove attribute" => RemoveAttribute(source, root),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private T? Pick<T>(IReadOnlyList<T> items) => items.Count == 0 ? default : items[random.Next(items.Count)];

    private static string Replace(string source, TextSpan span, string text) => source.Remove(span.Start, span.Length).Insert(span.Start, text);

    private static List<MethodDeclarationSyntax> Layers(SyntaxNode root)
        => root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Layer" or "LayerAttribute"))
            .ToList();

    private (string, string)? DeleteToken(string source, SyntaxNode root)
    {
        List<SyntaxToken> tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        SyntaxToken token = tokens[random.Next(tokens.Count)];
        return (Replace(source, token.Span, string.Empty), $"'{token.Text}' at {token.SpanStart}");
    }

    private (string, string)? DuplicateToken(string source, SyntaxNode root)
    {
        List<SyntaxToken> tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        SyntaxToken token = tokens[random.Next(tokens.Count)];
        return (source.Insert(token.SpanStart, token.Text + " "), $"'{token.Text}' at {token.SpanStart}");
    }

    private (string, string)? RenameLayer(string source, SyntaxNode root, bool everywhere)
    {
        List<MethodDeclarationSyntax> layers = Layers(root);
        if (Pick(layers) is not { } layer)
        {
            return null;
        }

        string old = layer.Identifier.ValueText;
        string[] others = layers.Select(l => l.Identifier.ValueText).Where(n => n != old).ToArray();
        string name = random.Next(4) switch
        {
            0 when others.Length > 0 => others[random.Next(others.Length)],
            1 when others.Length > 0 => SwapCase(others[random.Next(others.Length)]),
            _ => s_layerNames[random.Next(s_layerNames.Length)],
        };

        if (!everywhere)
        {
            return (Replace(source, layer.Identifier.Span, name), $"{old} -> {name}");
        }

        // Every identifier and string literal that names the layer, so that nameof() and DependsOn still agree.
        var spans = root.DescendantTokens()
            .Where(t => (t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == old) ||
                        (t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText == old))
            .Select(t => (t.Span, Text: t.IsKind(SyntaxKind.StringLiteralToken) ? "\"" + name.TrimStart('@') + "\"" : name))
            .OrderByDescending(s => s.Span.Start)
            .ToList();
        foreach ((TextSpan span, string text) in spans)
        {
            source = Replace(source, span, text);
        }

        return (source, $"{old} -> {name} ({spans.Count} places)");
    }

    private static string SwapCase(string name)
        => new(name.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());

    private (string, string)? RenameParameter(string source, SyntaxNode root)
    {
        List<ParameterSyntax> parameters = Layers(root).SelectMany(m => m.ParameterList.Parameters).ToList();
        if (Pick(parameters) is not { } parameter)
        {
            return null;
        }

        string[] layerNames = Layers(root).Select(l => l.Identifier.ValueText.ToLowerInvariant()).ToArray();
        string name = random.Next(3) == 0 ? layerNames[random.Next(layerNames.Length)] : s_parameterNames[random.Next(s_parameterNames.Length)];
        return (Replace(source, parameter.Identifier.Span, name), $"{parameter.Identifier.ValueText} -> {name}");
    }

    private (string, string)? WrongAttributeArgument(string source, SyntaxNode root)
    {
        List<AttributeSyntax> attributes = root.DescendantNodes().OfType<AttributeSyntax>().ToList();
        if (Pick(attributes) is not { } attribute)
        {
            return null;
        }

        string arguments = s_attributeArguments[random.Next(s_attributeArguments.Length)];
        TextSpan span = attribute.ArgumentList?.Span ?? new TextSpan(attribute.Span.End, 0);
        return (Replace(source, span, arguments), $"{attribute.Name}{arguments}");
    }

    private (string, string)? ExtremeTimeout(string source, SyntaxNode root)
    {
        List<AttributeSyntax> timeouts = root.DescendantNodes().OfType<AttributeSyntax>()
            .Where(a => a.Name.ToString() is "Timeout" or "LatencyBudget")
            .ToList();
        if (Pick(timeouts) is not { } attribute)
        {
            return null;
        }

        string[] values = ["-1", "0", "1", "int.MaxValue", "int.MinValue", "2147483647", "-2147483648", "1000000000", "-500"];
        string value = values[random.Next(values.Length)];
        TextSpan span = attribute.ArgumentList?.Span ?? new TextSpan(attribute.Span.End, 0);
        return (Replace(source, span, "(" + value + ")"), $"{attribute.Name}({value})");
    }

    private (string, string)? InjectCycle(string source, SyntaxNode root)
    {
        List<MethodDeclarationSyntax> layers = Layers(root);
        if (layers.Count == 0)
        {
            return null;
        }

        // A layer that depends on another: make that one (or the layer itself) depend back on it.
        MethodDeclarationSyntax dependent = layers[random.Next(layers.Count)];
        MethodDeclarationSyntax target = layers[random.Next(layers.Count)];
        string reference = random.Next(2) == 0 ? $"nameof({dependent.Identifier.ValueText})" : $"\"{dependent.Identifier.ValueText}\"";
        string attribute = $"[DependsOn({reference})] ";
        int at = target.AttributeLists.Count > 0 ? target.AttributeLists[0].SpanStart : target.Modifiers.Count > 0 ? target.Modifiers[0].SpanStart : target.ReturnType.SpanStart;
        return (source.Insert(at, attribute), $"{target.Identifier.ValueText} depends on {dependent.Identifier.ValueText}");
    }

    private (string, string)? ChangeTypeShape(string source, SyntaxNode root)
    {
        List<TypeDeclarationSyntax> types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().ToList();
        List<TypeDeclarationSyntax> graphs = types.Where(t => t.Members.OfType<MethodDeclarationSyntax>().Any(m => Layers(t).Contains(m))).ToList();
        if (Pick(graphs) is not { } graph)
        {
            return null;
        }

        string shape = s_typeShapes[random.Next(s_typeShapes.Length)];
        SyntaxToken partialKeyword = graph.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.PartialKeyword));
        switch (shape)
        {
            case "remove partial" when partialKeyword != default:
                return (Replace(source, partialKeyword.Span, string.Empty), shape);
            case "remove partial from container" when graph.Parent is TypeDeclarationSyntax container &&
                container.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.PartialKeyword)) is { } outerPartial && outerPartial != default:
                return (Replace(source, outerPartial.Span, string.Empty), shape);
            case "make generic":
                return (source.Insert(graph.Identifier.Span.End, "<T>"), shape);
            case "make container generic" when graph.Parent is TypeDeclarationSyntax container:
                return (source.Insert(container.Identifier.Span.End, "<TOuter>"), shape);
            case "make struct" or "make record" or "make interface" or "make record struct":
                string keyword = shape["make ".Length..];
                return (Replace(source, graph.Keyword.Span, keyword), shape);
            case "toggle static":
                SyntaxToken staticKeyword = graph.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.StaticKeyword));
                return staticKeyword != default
                    ? (Replace(source, staticKeyword.Span, string.Empty), "remove static")
                    : (source.Insert(graph.Keyword.SpanStart, "static "), "add static");
            case "make abstract":
                SyntaxToken sealedKeyword = graph.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.SealedKeyword));
                return sealedKeyword != default
                    ? (Replace(source, sealedKeyword.Span, "abstract"), shape)
                    : (source.Insert(graph.Keyword.SpanStart, "abstract "), shape);
            case "make file-local" when graph.Parent is not TypeDeclarationSyntax:
                SyntaxToken access = graph.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword));
                return access != default ? (Replace(source, access.Span, "file"), shape) : (source.Insert(graph.Keyword.SpanStart, "file "), shape);
            default:
                return null;
        }
    }

    private (string, string)? ChangeSignature(string source, SyntaxNode root)
    {
        List<MethodDeclarationSyntax> layers = Layers(root);
        if (Pick(layers) is not { } layer)
        {
            return null;
        }

        string name = layer.Identifier.ValueText;
        switch (random.Next(6))
        {
            case 0:
                string type = s_returnTypes[random.Next(s_returnTypes.Length)];
                return (Replace(source, layer.ReturnType.Span, type), $"{name} returns {type}");
            case 1 when layer.ParameterList.Parameters.FirstOrDefault(p => p.Type?.ToString() == "CancellationToken") is { } token:
                SeparatedSyntaxList<ParameterSyntax> parameters = layer.ParameterList.Parameters;
                string list = "(" + string.Join(", ", parameters.Where(p => p != token).Select(p => p.ToString())) + ")";
                return (Replace(source, layer.ParameterList.Span, list), $"{name} loses its CancellationToken");
            case 2:
                return (source.Insert(layer.Identifier.Span.End, "<T>"), $"{name} made generic");
            case 3 when Pick(layer.ParameterList.Parameters.ToList()) is { Type: { } parameterType } parameter:
                string newType = s_parameterTypes[random.Next(s_parameterTypes.Length)];
                return (Replace(source, parameterType.Span, newType), $"{name}({parameter.Identifier.ValueText}) typed {newType}");
            case 4:
                SyntaxToken staticKeyword = layer.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.StaticKeyword));
                return staticKeyword != default
                    ? (Replace(source, staticKeyword.Span, string.Empty), $"{name} made an instance method")
                    : (source.Insert(layer.ReturnType.SpanStart, "static "), $"{name} made static");
            default:
                string[] modifiers = ["async ", "abstract ", "extern ", "virtual ", "private ", "unsafe ", "partial ", "new "];
                string modifier = modifiers[random.Next(modifiers.Length)];
                return (source.Insert(layer.ReturnType.SpanStart, modifier), $"{name} gets '{modifier.Trim()}'");
        }
    }

    private (string, string)? RemoveAttribute(string source, SyntaxNode root)
    {
        List<AttributeSyntax> attributes = root.DescendantNodes().OfType<AttributeSyntax>().ToList();
        if (Pick(attributes) is not { } attribute)
        {
            return null;
        }

        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count == 1)
        {
            return (Replace(source, list.Span, string.Empty), $"[{attribute}]");
        }

        string remaining = "[" + string.Join(", ", list.Attributes.Where(a => a != attribute).Select(a => a.ToString())) + "]";
        return (Replace(source, list.Span, remaining), attribute.ToString());
    }
}
