// Crash safety of `evident ingest` (docs/reliability.md, "Crash safety"): the real binary on a
// slice of the shared research abstracts. An ingest of changed and added input is killed with
// SIGKILL at random points (seeded; the seed is printed, EVIDENT_CRASH_SEED replays it), and
// after each kill the data directory must be consistent: SQLite's integrity check passes, the
// serving index opens and is the previous generation or the new complete one (a search gives
// exactly one of the two reference answers, never a mix), every document the index points at
// is in the store, and the next ingest completes and gives the new answer. A full disk and a
// read-only data directory (tmpfs mounts, so root is needed) give a clear error, exit code 1,
// and leave the previous data as it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/input_file.h"
#include "common/testing.h"
#include "index/index_reader.h"
#include "ingest/corpus_ingester.h"
#include "store/store.h"

namespace evident {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kDefaultKills = 15;     // EVIDENT_CRASH_KILLS changes it (the asan preset runs fewer)
constexpr int kBaseRecords = 2500;    // corpus A: the first records of the research file
constexpr int kAddedRecords = 2500;   // corpus B adds the next ones ...
constexpr int kRevisedRecords = 400;  // ... and revises the first ones
constexpr const char* kQuery = "codeine metabolism";

struct ProcessRun {
  int exit_code = -1;  // -1: killed or did not exit normally
  std::string out, err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Starts `evident --quiet --data-dir DIR args...` with stdout and stderr in files.
pid_t Start(const std::string& data_dir, const std::vector<std::string>& args,
            const std::string& out_path, const std::string& err_path) {
  std::vector<std::string> all = {EVIDENT_BINARY, "--quiet", "--data-dir", data_dir};
  all.insert(all.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* out = std::fopen(out_path.c_str(), "w");
    FILE* err = std::fopen(err_path.c_str(), "w");
    if (out != nullptr) dup2(fileno(out), STDOUT_FILENO);
    if (err != nullptr) dup2(fileno(err), STDERR_FILENO);
    execv(all[0].c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

ProcessRun Finish(pid_t pid, const std::string& out_path, const std::string& err_path) {
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadAll(out_path);
  run.err = ReadAll(err_path);
  return run;
}

ProcessRun Evident(const std::string& data_dir, const std::vector<std::string>& args) {
  std::string base = testing::TempDir() + "/run";
  return Finish(Start(data_dir, args, base + ".out", base + ".err"), base + ".out", base + ".err");
}

// The top results of the known query: ids, titles and snippets, which tell the generations
// apart (the revised records have other titles). Empty if the search failed.
std::string SearchAnswer(const std::string& data_dir) {
  ProcessRun run = Evident(data_dir, {"search", "--json", "-k", "10", kQuery});
  if (run.exit_code != 0)
    return "search failed (" + std::to_string(run.exit_code) + "): " + run.err;
  json out = json::parse(run.out, nullptr, false);
  if (out.is_discarded()) return "search printed no JSON: " + run.out;
  json results = json::array();
  for (const json& hit : out.value("hits", json::array())) {
    results.push_back(
        {hit.value("passage_id", ""), hit.value("title", ""), hit.value("snippet", "")});
  }
  return results.dump();
}

std::string IntegrityCheck(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open " + db_path;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    } else {
      result = sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return result;
}

// The serving generation opens, and every document it points at is in the store.
void ExpectIndexAgreesWithStore(const std::string& data_dir) {
  auto store = OpenStore(data_dir + "/evident.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto generation = ServingGeneration(**store, data_dir + "/index");
  ASSERT_TRUE(generation.ok()) << generation.status().ToString();
  auto reader = IndexReader::Open(data_dir + "/index/" + *generation);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(static_cast<int64_t>((*reader)->num_documents()), stats->documents)
      << "index " << *generation << " and store hold different numbers of documents";
  for (uint32_t d = 0; d < (*reader)->num_documents(); ++d) {
    std::string id((*reader)->doc_id(d));
    auto doc = (*store)->GetDocument(id, DocumentParts{});
    ASSERT_TRUE(doc.ok()) << "index " << *generation << " points at " << id
                          << ", which is not in the store: " << doc.status().ToString();
  }
}

void CopyDir(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

// Corpus A (the first records of the shared research file) and corpus B (A with the first
// records revised, plus the next records), each a directory of JSON Lines.
class CrashSafety : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::TempDir());
    auto file = InputFile::Open(testing::DataDir() + "/corpus/research/abstracts.jsonl.gz");
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    fs::create_directories(*dir_ + "/in-a");
    fs::create_directories(*dir_ + "/in-b");
    std::ofstream a(*dir_ + "/in-a/research.jsonl"), b(*dir_ + "/in-b/research.jsonl"),
        added(*dir_ + "/in-b/added.jsonl");
    std::string line;
    for (int n = 0; n < kBaseRecords + kAddedRecords && (*file)->ReadLine(&line); ++n) {
      if (n >= kBaseRecords) {
        added << line << "\n";
        continue;
      }
      a << line << "\n";
      if (n < kRevisedRecords) {
        json record = json::parse(line);
        record["title"] = record.value("title", "") + " (revised)";
        b << record.dump() << "\n";
      } else {
        b << line << "\n";
      }
    }
    a.close(), b.close(), added.close();

    // The two reference states: A ingested, and B ingested over A.
    ASSERT_EQ(Evident(RefA(), {"ingest", *dir_ + "/in-a"}).exit_code, 0);
    CopyDir(RefA(), RefB());
    auto started = std::chrono::steady_clock::now();
    ProcessRun b_run = Evident(RefB(), {"ingest", *dir_ + "/in-b"});
    ASSERT_EQ(b_run.exit_code, 0) << b_run.err;
    ingest_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
    answer_a_ = new std::string(SearchAnswer(RefA()));
    answer_b_ = new std::string(SearchAnswer(RefB()));
  }

  void SetUp() override {
    ASSERT_NE(*answer_a_, *answer_b_) << "the query does not tell A and B apart";
    ASSERT_NE(answer_a_->find("\"pmc:"), std::string::npos) << *answer_a_;
  }

  static std::string RefA() { return *dir_ + "/ref-a"; }
  static std::string RefB() { return *dir_ + "/ref-b"; }
  static std::string InputB() { return *dir_ + "/in-b"; }

  static std::string* dir_;
  static std::string* answer_a_;
  static std::string* answer_b_;
  static int64_t ingest_ms_;
};

std::string* CrashSafety::dir_ = nullptr;
std::string* CrashSafety::answer_a_ = nullptr;
std::string* CrashSafety::answer_b_ = nullptr;
int64_t CrashSafety::ingest_ms_ = 0;

TEST_F(CrashSafety, KilledIngestLeavesPreviousOrNewGenerationAndNextIngestCompletes) {
  unsigned seed = std::random_device{}();
  if (const char* env = std::getenv("EVIDENT_CRASH_SEED")) seed = std::stoul(env);
  std::cout << "crash seed " << seed << " (EVIDENT_CRASH_SEED=" << seed
            << " replays it); a clean ingest of B takes " << ingest_ms_ << " ms\n";
  RecordProperty("crash_seed", std::to_string(seed));
  std::mt19937 random(seed);
  // Kill anywhere in the first 90% of a clean run's time (a run may still finish first when the
  // machine is less loaded than when it was measured).
  std::uniform_int_distribution<int64_t> delay_ms(0, ingest_ms_ * 9 / 10);

  int kills = kDefaultKills;
  if (const char* env = std::getenv("EVIDENT_CRASH_KILLS")) kills = std::max(3, std::atoi(env));
  std::string work = *dir_ + "/work";
  CopyDir(RefA(), work);
  int killed_mid_run = 0;
  for (int round = 0; round < kills; ++round) {
    int64_t delay = delay_ms(random);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", round " + std::to_string(round) +
                 ", kill after " + std::to_string(delay) + " ms");
    std::string out = *dir_ + "/ingest.out", err = *dir_ + "/ingest.err";
    pid_t pid = Start(work, {"ingest", InputB()}, out, err);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      ++killed_mid_run;
    }
    Finish(pid, out, err);

    EXPECT_EQ(IntegrityCheck(work + "/evident.db"), "ok");
    ExpectIndexAgreesWithStore(work);
    std::string answer = SearchAnswer(work);
    bool is_a = answer == *answer_a_, is_b = answer == *answer_b_;
    EXPECT_TRUE(is_a || is_b) << "after the kill the search answers neither A nor B:\n"
                              << answer << "\nA: " << *answer_a_ << "\nB: " << *answer_b_;

    // Every third round, and at the end: the next ingest completes and gives B.
    if (round % 3 == 2 || round == kills - 1) {
      ProcessRun next = Evident(work, {"ingest", InputB()});
      EXPECT_EQ(next.exit_code, 0) << next.err;
      EXPECT_EQ(IntegrityCheck(work + "/evident.db"), "ok");
      ExpectIndexAgreesWithStore(work);
      EXPECT_EQ(SearchAnswer(work), *answer_b_);
      is_b = true;
    }
    if (is_b) CopyDir(RefA(), work);  // start the next round from A again
  }
  std::cout << killed_mid_run << " of " << kills << " ingests were killed while running\n";
  EXPECT_GE(killed_mid_run, kills / 3);
}

// A tmpfs of `megabytes` at `path`; false (and the test skips) where mounting is not allowed.
bool MountTmpfs(const std::string& path, int megabytes) {
  fs::create_directories(path);
  std::string options = "size=" + std::to_string(megabytes) + "m";
  return mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  return bytes;
}

TEST_F(CrashSafety, FullDiskGivesClearErrorAndKeepsPreviousData) {
  int base_mb = static_cast<int>(DirBytes(RefA()) >> 20) + 1;
  int failures = 0;
  // Room for A plus 1, 6, 11, 16 or 32 MB: the ingest of B runs out of space at different stages
  // (store writes, index build) or, with the most room, completes.
  for (int spare_mb : {1, 6, 11, 16, 32}) {
    SCOPED_TRACE("tmpfs of " + std::to_string(base_mb + spare_mb) + " MB");
    std::string mnt = *dir_ + "/full-" + std::to_string(spare_mb);
    if (!MountTmpfs(mnt, base_mb + spare_mb)) {
      GTEST_SKIP() << "cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): " << strerror(errno);
    }
    std::string work = mnt + "/data";
    CopyDir(RefA(), work);
    ProcessRun run = Evident(work, {"ingest", InputB()});
    if (run.exit_code != 0) {
      ++failures;
      EXPECT_EQ(run.exit_code, 1) << run.err;
      EXPECT_EQ(run.err.rfind("evident: ", 0), 0u) << run.err;
      EXPECT_TRUE(run.err.find("full") != std::string::npos ||
                  run.err.find("space") != std::string::npos)
          << "the message does not say the disk is full: " << run.err;
      std::cout << "  " << base_mb + spare_mb << " MB: " << run.err;
    }
    EXPECT_EQ(IntegrityCheck(work + "/evident.db"), "ok");
    ExpectIndexAgreesWithStore(work);
    std::string answer = SearchAnswer(work);
    if (run.exit_code == 0) {
      EXPECT_EQ(answer, *answer_b_);
    } else {
      // Out of space before the commit: A; after it (switching CURRENT): B, which the store names.
      EXPECT_TRUE(answer == *answer_a_ || answer == *answer_b_) << answer;
      // With room again, the next ingest completes.
      std::string bigger = "size=" + std::to_string(base_mb + 64) + "m";
      ASSERT_EQ(mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT, bigger.c_str()), 0)
          << strerror(errno);
      ProcessRun again = Evident(work, {"ingest", InputB()});
      EXPECT_EQ(again.exit_code, 0) << again.err;
      EXPECT_EQ(IntegrityCheck(work + "/evident.db"), "ok");
      ExpectIndexAgreesWithStore(work);
      EXPECT_EQ(SearchAnswer(work), *answer_b_);
    }
    umount2(mnt.c_str(), MNT_DETACH);
  }
  EXPECT_GT(failures, 0) << "no tmpfs size made the ingest run out of space";
}

TEST_F(CrashSafety, ReadOnlyDataDirectoryGivesClearErrorAndStaysReadable) {
  std::string mnt = *dir_ + "/ro";
  if (!MountTmpfs(mnt, static_cast<int>(DirBytes(RefA()) >> 20) + 8)) {
    GTEST_SKIP() << "cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): " << strerror(errno);
  }
  std::string work = mnt + "/data";
  CopyDir(RefA(), work);
  ASSERT_EQ(mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0)
      << strerror(errno);

  ProcessRun run = Evident(work, {"ingest", InputB()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.err.rfind("evident: ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("not writable"), std::string::npos) << run.err;
  // Searching a read-only data directory works.
  EXPECT_EQ(SearchAnswer(work), *answer_a_);

  ASSERT_EQ(mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT, nullptr), 0) << strerror(errno);
  EXPECT_EQ(IntegrityCheck(work + "/evident.db"), "ok");
  EXPECT_EQ(SearchAnswer(work), *answer_a_);
  umount2(mnt.c_str(), MNT_DETACH);
}

}  // namespace
}  // namespace evident
