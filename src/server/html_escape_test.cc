#include "server/html_escape.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(EscapeHtml, EscapesMarkupAndBothQuotes) {
  EXPECT_EQ(EscapeHtml("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\"onmouseover=x' & y"), "&quot;onmouseover=x&#39; &amp; y");
}

TEST(EscapeHtml, KeepsValidUtf8) {
  EXPECT_EQ(EscapeHtml("PDQ® – 177Lu ≥ 2 µg 😀"), "PDQ® – 177Lu ≥ 2 µg 😀");
}

TEST(EscapeHtml, ReplacesInvalidUtf8AndControlCharacters) {
  EXPECT_EQ(EscapeHtml("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(EscapeHtml("\xC3"), "\xEF\xBF\xBD");                  // truncated sequence
  EXPECT_EQ(EscapeHtml("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<'
  EXPECT_EQ(EscapeHtml("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(EscapeHtml(std::string("a\0b\x07", 4)), "a b ");
  EXPECT_EQ(EscapeHtml("tab\tline\n"), "tab\tline\n");
}

}  // namespace
}  // namespace evident
