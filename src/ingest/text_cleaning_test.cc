#include "ingest/text_cleaning.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(TextCleaning, ReplacesEachInvalidUtf8SequenceWithOneReplacementCharacter) {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain ascii", "plain ascii"},
      {"caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80"},
      {"a\xFF"
       "b",
       "a\uFFFDb"},
      {"a\xE2\x82 b", "a\uFFFD b"},    // truncated sequence
      {"a\x80\x80\x80z", "a\uFFFDz"},  // stray continuation bytes
      {"\xC0\xAF", "\uFFFD"},          // overlong '/'
      {"\xED\xA0\x80", "\uFFFD"},      // surrogate
      {"\xF4\x90\x80\x80", "\uFFFD"},  // above U+10FFFF
      {"end\xC3", "end\uFFFD"},
  };
  for (const auto& c : cases) EXPECT_EQ(ToValidUtf8(c.in), c.out) << c.in;
}

TEST(TextCleaning, CollapsesWhitespaceIncludingNoBreakSpaces) {
  EXPECT_EQ(CollapseWhitespace("  a \t\n b\xC2\xA0\xC2\xA0"
                               "c\r\n"),
            "a b c");
  EXPECT_EQ(CollapseWhitespace("x\x01y"), "x y");
  EXPECT_EQ(CleanText(" \xFF "), "\uFFFD");
}

TEST(TextCleaning, DecodesCharacterReferences) {
  EXPECT_EQ(DecodeEntities("a &amp; b &lt;0.05 &ndash; &#946; &#x3B1; &plusmn;"),
            "a & b <0.05 \u2013 \u03B2 \u03B1 \u00B1");
  EXPECT_EQ(DecodeEntities("&amp;gt;60"), "&gt;60");  // one level per call
  EXPECT_EQ(DecodeEntities("AT&T; &unknown; &#; &#xZZ; & alone &#0;"),
            "AT&T; &unknown; &#; &#xZZ; & alone \uFFFD");
  EXPECT_EQ(DecodeEntities("&#x110000; &#1114112;"), "\uFFFD \uFFFD");
}

TEST(TextCleaning, RecognisesTagsStrictly) {
  struct Case {
    std::string text;
    size_t length;
  };
  const Case cases[] = {
      {"<i>x", 3},
      {"</sub>", 6},
      {"<br/>", 5},
      {"<br />", 6},
      {"<AbstractText Label=\"METHODS\" NlmCategory='M'>", 46},
      {"<td valign=top>", 15},
      {"<!-- note -->x", 13},
      {"<0.05", 0},
      {"< 20 or > 35", 0},
      {"<or = 6 or>6", 0},
      {"<MM/DD/YYYY>", 0},
      {"<A and B>", 0},  // attributes need values
      {"<b attr=\"open", 0},
      {"<", 0},
  };
  for (const auto& c : cases) EXPECT_EQ(HtmlTagLength(c.text, 0), c.length) << c.text;
  EXPECT_EQ(HtmlTagName("<AbstractText Label=\"X\">"), "abstracttext");
  EXPECT_EQ(HtmlTagName("</BR>"), "br");
}

TEST(TextCleaning, StripsMarkupIntoParagraphs) {
  EXPECT_EQ(StripHtmlMarkup("(GCN)<sub>6</sub> &amp; P<0.05"), "(GCN)6 & P<0.05");
  EXPECT_EQ(MarkupToParagraphs("Title.<AbstractText Label=\"A\">First.<br><b>B</b>: next  "),
            (std::vector<std::string>{"Title.", "First.", "B: next"}));
}

TEST(TextCleaning, JoinsCellsReadably) {
  EXPECT_EQ(JoinCells({"Stage", " ", "TNM", "Description "}), "Stage; TNM; Description");
  EXPECT_EQ(JoinCells({"such as:", "one", "two."}), "such as: one; two.");
  EXPECT_EQ(JoinCells({"", ""}), "");
}

}  // namespace
}  // namespace evident
