#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/composer_flags.h"
#include "cli/engine.h"
#include "server/http_server.h"
#include "server/llm_answer_service.h"

namespace evident::cli {

namespace {

struct ServeArgs {
  int port = 8080;
  std::string bind = "127.0.0.1";
  int engines = 0;
  int threads = 0;
  bool insecure_cookies = false;
  // Per minute from one client address; the defaults are the server's.
  int ask_rate_limit = ServerOptions{}.ask_rate_limit.max_requests;
  int sign_in_rate_limit = ServerOptions{}.sign_in_rate_limit.max_requests;
  ComposerFlags composer;
};

void RunServe(const ServeArgs& args, GlobalOptions& global) {
  // SIGTERM and SIGINT are taken by a thread of ours (sigwait), not by a handler: blocked here,
  // before any thread starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

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
  auto stats = engine->store->Stats();
  ServerOptions options;
  options.bind_address = args.bind;
  options.port = args.port;
  options.engines = args.engines;
  options.connection_threads = args.threads;
  options.index_generation = engine->generation;
  options.documents = engine->index->num_documents();
  options.passages = engine->index->num_passages();
  options.secure_cookies = !args.insecure_cookies;
  options.ask_rate_limit = {args.ask_rate_limit, std::chrono::minutes(1)};
  options.sign_in_rate_limit = {args.sign_in_rate_limit, std::chrono::minutes(1)};
  engine->store.reset();  // each answer engine opens its own connection
  // The shared state is reached (and its schema migrated) now, not at the first request.
  if (!global.store.empty()) {
    auto state = OpenStateStore(global.store);
    if (!state.ok()) {
      PrintError(state.status());
      global.exit_code = 1;
      return;
    }
  }
  AnswerServiceFactory services = EngineAnswerServiceFactory(
      engine->index, engine->layout.store_path(), {}, global.store, engine->generation);
  if (*llm) {
    // The reply is streamed, so that the page can show the draft as it is written.
    (*llm)->stream = true;
    options.stream_drafts = true;
    // What the LLM composer did with each answer, one JSON line on stderr beside the access log.
    services = WithLlmComposer(std::move(services), **llm, [](const ComposerReport& report) {
      std::fprintf(stderr, "%s\n",
                   nlohmann::json{{"llm_composer", ComposerReportToJson(report)}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                       .c_str());
    });
  }
  HttpServer server(options, std::move(services));
  if (Status bound = server.Bind(); !bound.ok()) {
    PrintError(bound);
    global.exit_code = 1;
    return;
  }
  std::fprintf(
      stderr, "evident: serving %s (%s documents) on http://%s:%d/ — SIGTERM or Ctrl-C stops\n",
      engine->generation.c_str(), stats.ok() ? std::to_string(stats->documents).c_str() : "?",
      args.bind.c_str(), server.port());
  std::atomic<bool> signalled{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    signalled = true;
    std::fprintf(stderr, "evident: %s received; finishing requests in flight\n",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server.Stop();
  });
  Status served = server.Serve();
  // Serve can also end without a signal (a socket error): wake the stopper so it can be joined.
  if (!signalled) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!served.ok()) {
    PrintError(served);
    global.exit_code = 1;
    return;
  }
  std::fprintf(stderr, "evident: stopped\n");
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the web app and the JSON API over HTTP (pages at /, API at /api/, OpenAPI document\n"
      "at /api/openapi.json, /healthz, /metrics). Access logs go to stderr, one JSON line per\n"
      "request. SIGTERM stops gracefully: requests in flight finish.");
  cmd->add_option("--port", args->port, "TCP port (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", args->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--engines", args->engines,
                  "Answer engines, i.e. questions composed at once (0 = one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd->add_option("--threads", args->threads, "Connection threads (0 = 4 per engine, at least 16)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--insecure-cookies", args->insecure_cookies,
                "Reviewer session cookies without the Secure flag, for plain HTTP to another host "
                "in development (browsers send Secure cookies to http://127.0.0.1 and localhost)");
  cmd->add_option("--ask-rate-limit", args->ask_rate_limit,
                  "Questions a minute from one client address (POST /api/ask, the ask form, the "
                  "answer stream); more are answered 429 with Retry-After (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--sign-in-rate-limit", args->sign_in_rate_limit,
                  "Reviewer sign-in attempts a minute from one client address, besides the "
                  "per-username back-off; more are answered 429 (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  AddComposerFlags(cmd, args->composer);
  cmd->callback([args, &global] { RunServe(*args, global); });
}

}  // namespace evident::cli
