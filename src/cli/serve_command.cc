#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/composer_flags.h"
#include "cli/engine.h"
#include "ingest/corpus_ingester.h"
#include "server/generation_watcher.h"
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
  // How often to look for a newly committed index generation (0: only on SIGHUP).
  int reload_interval_ms = 1000;
  ComposerFlags composer;
};

void RunServe(const ServeArgs& args, GlobalOptions& global) {
  // SIGTERM and SIGINT are taken by a thread of ours (sigwait), not by a handler: blocked here,
  // before any thread starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
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
  // The answer services over one index generation; made again for each generation that an
  // ingest beside the server commits.
  auto services_over = [&global, &llm, store_path = engine->layout.store_path()](
                           std::shared_ptr<const IndexReader> index,
                           const std::string& generation) {
    AnswerServiceFactory services =
        EngineAnswerServiceFactory(std::move(index), store_path, {}, global.store, generation);
    if (*llm) {
      // What the LLM composer did with each answer, one JSON line on stderr beside the access log.
      services = WithLlmComposer(std::move(services), **llm, [](const ComposerReport& report) {
        std::fprintf(stderr, "%s\n",
                     nlohmann::json{{"llm_composer", ComposerReportToJson(report)}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                         .c_str());
      });
    }
    return services;
  };
  if (*llm) {
    // The reply is streamed, so that the page can show the draft as it is written.
    (*llm)->stream = true;
    options.stream_drafts = true;
  }
  AnswerServiceFactory services = services_over(engine->index, engine->generation);
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
  // A generation committed by `evident ingest` while we serve is switched to without a restart.
  std::unique_ptr<Store> watch_store;  // the watcher's own connection
  GenerationWatcher watcher(
      engine->generation,
      [&]() -> Result<std::string> {
        if (watch_store == nullptr) {
          auto opened = OpenStore(engine->layout.store_path());
          if (!opened.ok()) return opened.status();
          watch_store = std::move(*opened);
        }
        return ServingGeneration(*watch_store, engine->layout.index_root());
      },
      [&](const std::string& generation) {
        std::string path = engine->layout.index_root() + "/" + generation;
        auto reader = IndexReader::Open(path);
        if (!reader.ok()) return reader.status().WithContext("opening index " + path);
        std::shared_ptr<const IndexReader> index = std::move(*reader);
        int64_t documents = index->num_documents();
        int64_t passages = index->num_passages();
        server.SwapIndex(services_over(index, generation), generation, documents, passages);
        std::fprintf(stderr, "evident: now serving %s (%lld documents)\n", generation.c_str(),
                     static_cast<long long>(documents));
        return Status::OK();
      },
      [](const Status& error) { PrintError(error); });
  watcher.Start(std::chrono::milliseconds(args.reload_interval_ms));
  std::atomic<bool> signalled{false};
  std::thread stopper([&] {
    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGHUP && !signalled) watcher.Poke();
    signalled = true;
    std::fprintf(stderr, "evident: %s received; finishing requests in flight\n",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server.Stop();
  });
  Status served = server.Serve();
  // Serve can also end without a signal (a socket error): wake the stopper so it can be joined.
  if (!signalled) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  watcher.Stop();
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
  cmd->add_option("--reload-interval-ms", args->reload_interval_ms,
                  "How often to look for an index generation committed by `evident ingest` and\n"
                  "switch to it without a restart (0: only on SIGHUP)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600000));
  AddComposerFlags(cmd, args->composer);
  cmd->callback([args, &global] { RunServe(*args, global); });
}

}  // namespace evident::cli
