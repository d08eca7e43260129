#include "index/index_directory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing.h"
#include "index/index_builder.h"
#include "index/index_reader.h"
#include "index/top_k.h"

namespace evident {
namespace {

Status BuildInto(const std::string& dir, const std::string& word) {
  IndexBuilder builder;
  IndexablePassage p;
  p.doc_id = "doc-" + word;
  p.body = word;
  builder.Add(p);
  IndexBuildStats stats;
  return builder.Finish(dir, &stats);
}

TEST(IndexDirectory, PublishSwitchesCurrentAtomicallyAndKeepsOldReadersValid) {
  IndexDirectory root(testing::TempDir() + "/index");
  EXPECT_TRUE(root.CurrentPath().status().IsNotFound());

  auto first = root.StartGeneration();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(BuildInto(*first, "alpha").ok());
  auto published = root.Publish(*first);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(*root.CurrentName(), "gen-000001");
  auto old_reader = IndexReader::Open(*root.CurrentPath());
  ASSERT_TRUE(old_reader.ok());

  auto second = root.StartGeneration();
  ASSERT_TRUE(BuildInto(*second, "beta").ok());
  ASSERT_TRUE(root.Publish(*second, /*keep=*/1).ok());
  EXPECT_EQ(*root.CurrentName(), "gen-000002");
  EXPECT_FALSE(std::filesystem::exists(root.root() + "/gen-000001"));
  // The reader opened before the swap still answers from its generation.
  auto hits = TopK(**old_reader, {{"alpha", 1}}, {});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ((*old_reader)->doc_id(hits[0].doc), "doc-alpha");
}

TEST(IndexDirectory, FailedBuildLeavesPreviousGenerationServing) {
  IndexDirectory root(testing::TempDir() + "/index");
  auto first = root.StartGeneration();
  ASSERT_TRUE(BuildInto(*first, "alpha").ok());
  ASSERT_TRUE(root.Publish(*first).ok());

  // A build that dies half-way leaves only a .tmp directory behind.
  auto crashed = root.StartGeneration();
  std::filesystem::create_directories(*crashed);
  std::FILE* f = std::fopen((*crashed + "/lexicon.bin").c_str(), "w");
  std::fputs("half", f);
  std::fclose(f);

  EXPECT_EQ(*root.CurrentName(), "gen-000001");
  auto reader = IndexReader::Open(*root.CurrentPath());
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(TopK(**reader, {{"alpha", 1}}, {}).size(), 1u);

  // The next build removes the abandoned directory and takes a new number.
  auto next = root.StartGeneration();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(std::filesystem::exists(*crashed));
  EXPECT_EQ(std::filesystem::path(*next).filename(), "gen-000003.tmp");
}

TEST(IndexDirectory, SealedGenerationServesOnlyAfterSwitchAndIsRemovedIfNeverSwitchedTo) {
  IndexDirectory root(testing::TempDir() + "/index");
  auto first = root.StartGeneration();
  ASSERT_TRUE(BuildInto(*first, "alpha").ok());
  ASSERT_TRUE(root.Publish(*first).ok());

  // Sealed but never switched to: the ingest that built it died before committing its store.
  auto orphan = root.StartGeneration();
  ASSERT_TRUE(BuildInto(*orphan, "beta").ok());
  auto sealed = root.Seal(*orphan);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(*sealed, "gen-000002");
  EXPECT_EQ(*root.CurrentName(), "gen-000001");

  auto next = root.StartGeneration();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(std::filesystem::exists(root.root() + "/gen-000002"));
  EXPECT_TRUE(std::filesystem::exists(root.root() + "/gen-000001"));
  ASSERT_TRUE(BuildInto(*next, "gamma").ok());
  auto third = root.Seal(*next);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(root.SwitchTo(*third).ok());
  EXPECT_EQ(*root.CurrentName(), "gen-000003");
  EXPECT_TRUE(root.SwitchTo("gen-000009").status().IsNotFound());
}

TEST(IndexDirectory, GarbageInCurrentIsCorruptionNotACrash) {
  IndexDirectory root(testing::TempDir() + "/index");
  std::filesystem::create_directories(root.root());
  std::FILE* f = std::fopen((root.root() + "/CURRENT").c_str(), "w");
  std::fputs("../../etc\n", f);
  std::fclose(f);
  auto path = root.CurrentPath();
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace evident
