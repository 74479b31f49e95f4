using Orchestrator.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orchestrator.Core.Options;

/// <summary>Loads <c>.orchestrator/config.yaml</c>; a typo or a wrong type is an error naming the line, never ignored.</summary>
public static class OptionsLoader
{
    public const string FileName = "config.yaml";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        // Option records expose read-only lists; YAML sequences become lists behind them.
        .WithTypeMapping<IReadOnlyList<string>, List<string>>()
        .Build();

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
        try
        {
            var options = Deserializer.Deserialize<OrchestratorOptions?>(yaml) ?? OrchestratorOptions.Default;
            return Outcome<OrchestratorOptions>.Success(options);
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            return Outcome<OrchestratorOptions>.Failure(ErrorCode.InvalidArgument,
                $"{sourcePath} line {ex.Start.Line}: {reason}. Fix or remove that key (keys are snake_case; every key is optional).");
        }
    }
}
