#include "ingest/response_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/input_file.h"
#include "common/testing.h"

namespace evident {
namespace {

TEST(ResponseCache, ReturnsTheReplyStoredForAKeyAndNothingForOthers) {
  ResponseCache cache(evident::testing::TempDir() + "/c", "xml");
  EXPECT_FALSE(cache.Lookup("efetch\nid=1").has_value());
  auto path = cache.Put("efetch\nid=1", "<PubmedArticleSet/>");
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(path->substr(path->size() - 4), ".xml");
  auto found = cache.Lookup("efetch\nid=1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, *path);
  EXPECT_EQ(*ReadFileContents(*found), "<PubmedArticleSet/>");
  EXPECT_FALSE(cache.Lookup("efetch\nid=2").has_value());
  ASSERT_TRUE(cache.Put("efetch\nid=1", "<PubmedArticleSet>new</PubmedArticleSet>").ok());
  EXPECT_EQ(*ReadFileContents(*cache.Lookup("efetch\nid=1")),
            "<PubmedArticleSet>new</PubmedArticleSet>");
}

TEST(ResponseCache, AnEntryWhoseKeyFileNamesAnotherRequestIsAMiss) {
  std::string dir = evident::testing::TempDir();
  ResponseCache cache(dir, "xml");
  auto path = cache.Put("a", "reply to a");
  ASSERT_TRUE(path.ok());
  std::string key_path = path->substr(0, path->size() - 4) + ".key";
  std::ofstream(key_path, std::ios::trunc) << "b";  // as if "b" had the same hash
  EXPECT_FALSE(cache.Lookup("a").has_value());
}

TEST(ResponseCache, HonoursMaxAge) {
  ResponseCache cache(evident::testing::TempDir(), "xml");
  auto path = cache.Put("k", "v");
  ASSERT_TRUE(path.ok());
  EXPECT_TRUE(cache.Lookup("k", std::chrono::hours(1)).has_value());
  std::filesystem::last_write_time(
      *path, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_FALSE(cache.Lookup("k", std::chrono::hours(1)).has_value());
  EXPECT_TRUE(cache.Lookup("k").has_value());
}

}  // namespace
}  // namespace evident
