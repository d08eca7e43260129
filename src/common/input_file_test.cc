#include "common/input_file.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "common/testing.h"

namespace evident {
namespace {

void WriteGz(const std::string& path, const std::string& data) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
  gzclose(f);
}

TEST(InputFile, ReadsPlainAndGzipLinesAlike) {
  std::string dir = testing::TempDir();
  std::ofstream(dir + "/a.txt") << "one\r\ntwo\nthree";
  WriteGz(dir + "/a.txt.gz", "one\r\ntwo\nthree");
  for (const char* name : {"/a.txt", "/a.txt.gz"}) {
    auto f = InputFile::Open(dir + name);
    ASSERT_TRUE(f.ok());
    std::string line;
    std::vector<std::string> lines;
    while ((*f)->ReadLine(&line)) lines.push_back(line);
    EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"})) << name;
    EXPECT_TRUE((*f)->status().ok());
  }
}

TEST(InputFile, TruncatedGzipIsAnErrorNotSilentEnd) {
  std::string dir = testing::TempDir();
  std::string big(200000, 'x');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  WriteGz(dir + "/t.gz", big);
  std::string whole = *ReadFileContents(dir + "/t.gz");
  ASSERT_EQ(whole, big);
  std::ifstream in(dir + "/t.gz", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(dir + "/cut.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  auto cut = ReadFileContents(dir + "/cut.gz");
  EXPECT_FALSE(cut.ok());
}

TEST(InputFile, MissingFileNamesThePath) {
  auto f = InputFile::Open("/nonexistent/evident.txt");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("/nonexistent/evident.txt"), std::string::npos);
}

}  // namespace
}  // namespace evident
