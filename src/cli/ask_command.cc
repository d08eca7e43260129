#include <cstdio>
#include <nlohmann/json.hpp>

#include "answer/answer_composer.h"
#include "answer/llm_composer.h"
#include "cli/commands.h"
#include "cli/composer_flags.h"
#include "cli/engine.h"

namespace evident::cli {

namespace {

struct AskArgs {
  std::string question;
  std::string audience = "physician";
  std::string conversation;
  bool json = false;
  bool markdown = false;
  ComposerFlags composer;
};

void RunAsk(const AskArgs& args, GlobalOptions& global) {
  auto audience = ParseAudience(args.audience);
  if (!audience) {
    PrintError(Status::InvalidArgument("unknown audience '" + args.audience +
                                       "' (physician, nurse, student or patient)"));
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
  if (*llm) {
    LlmComposer rewriter(**llm, PassageTextsFrom(engine->store.get()));
    LlmAnswer rewritten = rewriter.Rewrite(*article);
    *article = std::move(rewritten.article);
    json_extra["composer"] = LlmReportToJson(rewritten.report);
    if (!global.quiet) std::fprintf(stderr, "%s", DescribeComposition(rewritten.report).c_str());
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
  AddComposerFlags(cmd, args->composer);
  cmd->callback([args, &global] { RunAsk(*args, global); });
}

}  // namespace evident::cli
