#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/progress_bar.h"

namespace evident::cli {

namespace {

void RunStats(bool json, GlobalOptions& global) {
  auto engine = OpenEngine(global.data_dir);
  if (!engine.ok()) {
    PrintError(engine.status());
    global.exit_code = 1;
    return;
  }
  auto stats = engine->store->Stats();
  if (!stats.ok()) {
    PrintError(stats.status());
    global.exit_code = 1;
    return;
  }
  const IndexReader& index = *engine->index;
  if (json) {
    nlohmann::json by_kind = nlohmann::json::object();
    for (const auto& [kind, n] : stats->documents_by_kind) by_kind[kind] = n;
    nlohmann::json out = {{"data_dir", global.data_dir},
                          {"store",
                           {{"documents", stats->documents},
                            {"passages", stats->passages},
                            {"references", stats->references},
                            {"retracted", stats->retracted},
                            {"documents_by_kind", by_kind}}},
                          {"index",
                           {{"generation", engine->generation},
                            {"passages", index.num_passages()},
                            {"documents", index.num_documents()},
                            {"terms", index.num_terms()},
                            {"bytes", index.size_bytes()}}}};
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  std::printf("data directory  %s\n", global.data_dir.c_str());
  std::printf("documents       %s\n", WithThousands(stats->documents).c_str());
  for (const auto& [kind, n] : stats->documents_by_kind) {
    std::printf("  %-13s %s\n", kind.c_str(), WithThousands(n).c_str());
  }
  std::printf("passages        %s\n", WithThousands(stats->passages).c_str());
  std::printf("references      %s\n", WithThousands(stats->references).c_str());
  std::printf("retracted       %s\n", WithThousands(stats->retracted).c_str());
  std::printf("index           %s: %s passages, %s terms, %.1f MiB\n", engine->generation.c_str(),
              WithThousands(index.num_passages()).c_str(),
              WithThousands(static_cast<long long>(index.num_terms())).c_str(),
              static_cast<double>(index.size_bytes()) / (1 << 20));
}

}  // namespace

void AddStatsCommand(CLI::App& app, GlobalOptions& global) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "Counts of what the store and the index hold.");
  cmd->add_flag("--json", *json, "Print JSON");
  cmd->callback([json, &global] { RunStats(*json, global); });
}

}  // namespace evident::cli
