#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace evident {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("metformin 500 mg"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x89\xa5 \xf0\x9f\x92\x8a"));  // é ≥ 💊
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));                           // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(IsValidUtf8, RefusesLatin1StrayBytesOverlongsSurrogatesAndTruncation) {
  EXPECT_FALSE(IsValidUtf8("caf\xe9"));           // Latin-1 é
  EXPECT_FALSE(IsValidUtf8("\xff\xfe"));          // never in UTF-8
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xe2\x89"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));          // bad continuation
}

}  // namespace
}  // namespace evident
