#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "answer/answer_composer.h"
#include "answer/llm_composer.h"
#include "cli/commands.h"
#include "cli/composer_flags.h"
#include "cli/engine.h"
#include "cli/live_pubmed.h"

namespace evident::cli {

namespace {

struct AskArgs {
  std::string question;
  std::string audience = "physician";
  std::string conversation;
  bool json = false;
  bool markdown = false;
  int live_pubmed = 0;
  ComposerFlags composer;
};

void RunAsk(const AskArgs& args, GlobalOptions& global) {
  if (Status utf8 = RequireUtf8(args.question, "the question"); !utf8.ok()) {
    PrintError(utf8);
    global.exit_code = 2;
    return;
  }
  auto audience = AudienceFromFlag(args.audience);
  if (!audience.ok()) {
    PrintError(audience.status());
    global.exit_code = 2;
    return;
  }
  auto llm = LlmOptionsFrom(args.composer);
  if (!llm.ok()) {
    PrintError(llm.status());
    global.exit_code = 2;
    return;
  }
  auto engine = OpenEngine(global.data_dir);
  if (!engine.ok()) {
    PrintError(engine.status());
    global.exit_code = 1;
    return;
  }
  ComposerOptions options;
  options.vocab_dir = global.vocab_dir;
  AnswerComposer composer(engine->index, engine->store.get(), options);
  AskRequest request;
  request.question = args.question;
  request.audience = *audience;
  request.conversation_id = args.conversation;
  auto article = composer.Ask(request);
  if (!article.ok()) {
    PrintError(article.status());
    global.exit_code = article.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
    return;
  }
  nlohmann::json json_extra = nlohmann::json::object();
  Store* store = engine->store.get();  // where the answer's passages are read
  std::optional<Engine> topped_up;
  if (!article->answerable && args.live_pubmed > 0) {
    // Thin local evidence: top it up from live PubMed, then answer again from the new index.
    auto fetched = TopUpFromPubmed(args.question, args.live_pubmed, *engine->store, engine->layout);
    json_extra["live_pubmed"] = {{"fetched", fetched.ok() ? fetched->pmids : 0},
                                 {"added", fetched.ok() ? fetched->ingest.put.added : 0}};
    if (!fetched.ok()) {
      json_extra["live_pubmed"]["error"] = fetched.status().message();
      if (!global.quiet) {
        std::fprintf(stderr, "evident: live PubMed not used: %s\n",
                     fetched.status().message().c_str());
      }
    } else if (fetched->ingest.put.added > 0) {
      if (!global.quiet) {
        std::fprintf(stderr, "evident: added %lld PubMed records for this question\n",
                     static_cast<long long>(fetched->ingest.put.added));
      }
      if (auto reopened = OpenEngine(global.data_dir); reopened.ok()) {
        topped_up = std::move(*reopened);
        AnswerComposer again(topped_up->index, topped_up->store.get(), options);
        AskRequest second = request;
        second.record_turn = false;  // the question was recorded by the first answer
        if (auto answer = again.Ask(second); answer.ok()) {
          answer->conversation_id = article->conversation_id;
          *article = std::move(*answer);
          store = topped_up->store.get();
        }
      }
    }
  }
  if (*llm) {
    LlmComposer rewriter(**llm, PassageTextsFrom(store));
    *article = rewriter.Rewrite(*article);
    if (!global.quiet) std::fprintf(stderr, "%s", DescribeComposition(article->composer).c_str());
  }
  if (args.json) {
    nlohmann::json json = ArticleToJson(*article);
    json.update(json_extra);
    std::printf("%s\n", json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else if (args.markdown) {
    std::printf("%s", RenderMarkdown(*article).c_str());
  } else {
    std::printf("%s", RenderTerminal(*article).c_str());
    std::printf("\nFollow up: evident ask --conversation %s \"...\"\n",
                article->conversation_id.c_str());
  }
}

}  // namespace

void AddAskCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<AskArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ask",
      "Answer a clinical question with a cited evidence article: guideline recommendations\n"
      "first, then the research, every sentence quoted from a numbered source.");
  cmd->add_option("question", args->question, "The question, in plain words")->required();
  cmd->add_option("--audience", args->audience,
                  "Who reads it: physician (or professional), nurse, student, patient")
      ->capture_default_str();
  cmd->add_option("--conversation", args->conversation,
                  "Continue this conversation (follow-ups are read in its context)");
  auto* json = cmd->add_flag("--json", args->json, "Print the article as JSON");
  cmd->add_flag("--markdown", args->markdown, "Print the article as Markdown")->excludes(json);
  cmd->add_option("--live-pubmed", args->live_pubmed,
                  "When the local evidence does not answer the question, fetch up to N PubMed "
                  "records for it (as fetch-pubmed does), ingest them and answer again (0 = off)")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxPubmedResults));
  AddComposerFlags(cmd, args->composer);
  cmd->callback([args, &global] { RunAsk(*args, global); });
}

}  // namespace evident::cli
