using Orchestrator.Core.Common;
using Orchestrator.Core.Options.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Core.Options;

/// <summary>
/// Loads <c>.orchestrator/config.yaml</c>; a typo or a wrong value is an error naming the key, its line and what is
/// accepted, never ignored.
/// </summary>
public static class OptionsLoader
{
    public const string FileName = "config.yaml";

    public static async Task<Outcome<OrchestratorOptions>> LoadAsync(string orchestratorDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(orchestratorDirectory, FileName);
        if (!File.Exists(path))
        {
            return Outcome<OrchestratorOptions>.Success(OrchestratorOptions.Default);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    public static Outcome<OrchestratorOptions> Parse(string yaml, string sourcePath)
    {
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return Failure(sourcePath, ex.Start.Line, $"this is not valid YAML ({ex.Message.TrimEnd('.')}). Check the indentation and quoting around it");
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        switch (root)
        {
            case null:
            case YamlScalarNode { Value: null or "" or "~" or "null" }:
                return Outcome<OrchestratorOptions>.Success(OrchestratorOptions.Default);
            case YamlMappingNode mapping:
                try
                {
                    return Outcome<OrchestratorOptions>.Success(OptionsYamlReader.Read(ConfigSection.Root(mapping)));
                }
                catch (ConfigFileException ex)
                {
                    return Failure(sourcePath, ex.Line, ex.Message);
                }

            default:
                return Failure(sourcePath, root.Start.Line, "the file must hold 'key: value' lines (e.g. worktree_root: ../worktrees)");
        }
    }

    private static Outcome<OrchestratorOptions> Failure(string sourcePath, long line, string reason) =>
        Outcome<OrchestratorOptions>.Failure(ErrorCode.InvalidArgument,
            $"{sourcePath} line {line}: {reason}. Fix or remove it (keys are snake_case; every key is optional).");
}
