// Text cleaning shared by the ingest parsers: every string a parser puts into a Document passes
// through here, so that stored text is valid UTF-8, free of markup and has single spaces.
//   - ToValidUtf8 / CleanText: replace invalid byte sequences with U+FFFD; collapse whitespace.
//   - DecodeEntities: HTML character references (named, &#N;, &#xH;).
//   - HtmlTagLength / StripHtmlMarkup: recognise tags strictly enough that "P<0.05 and >2" or
//     "<or = 6" in an abstract are left alone while "<sub>", "<br/>" and
//     "<AbstractText Label=\"X\">" are removed.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evident {

//! Appends code point `cp` as UTF-8; invalid code points (surrogates, > U+10FFFF) become U+FFFD.
void AppendUtf8(char32_t cp, std::string* out);

//! `text` with every invalid UTF-8 sequence (stray continuation bytes, overlong forms,
//! surrogates, truncated sequences) replaced by one U+FFFD.
std::string ToValidUtf8(std::string_view text);

//! Trims and collapses every run of whitespace (ASCII whitespace and control characters, and
//! U+00A0 no-break space) into one ' '.
std::string CollapseWhitespace(std::string_view text);

//! ToValidUtf8 then CollapseWhitespace: the form every stored title, heading and paragraph takes.
std::string CleanText(std::string_view text);

//! If a character reference ("&amp;", "&ndash;", "&#8211;", "&#x2013;") starts at `pos`, appends
//! its character to `out` and returns its length; returns 0 (appending nothing) otherwise.
//! Unknown names are not references.
size_t DecodeEntityAt(std::string_view text, size_t pos, std::string* out);

//! Decodes every character reference in `text`; anything else is copied unchanged.
std::string DecodeEntities(std::string_view text);

//! Length of the HTML/XML tag starting at `pos` ("<i>", "</sub>", "<br />",
//! "<AbstractText Label=\"METHODS\">", "<!-- ... -->"), or 0 if the '<' there does not open a
//! tag. Attributes must have values; a tag longer than 1024 bytes is not a tag.
size_t HtmlTagLength(std::string_view text, size_t pos);

//! The lower-cased element name of a tag recognised by HtmlTagLength ("abstracttext" for
//! "<AbstractText Label=\"X\">", "br" for "</br>"); empty for comments.
std::string HtmlTagName(std::string_view tag);

//! True for elements that end a line of text: br, p, div, li, tr, td, headings, AbstractText,
//! sectioning elements, ...
bool IsBlockTag(const std::string& name);

//! Removes tags (block tags become '\n', others vanish) and decodes character references.
std::string StripHtmlMarkup(std::string_view text);

//! StripHtmlMarkup, then one CleanText paragraph per line; empty lines dropped.
std::vector<std::string> MarkupToParagraphs(std::string_view text);

//! Joins table cells (or the pieces of one cell) into one readable line: empty pieces are
//! dropped, the rest joined with "; " ("Stage; TNM; Description"), or with " " after a piece
//! that already ends in punctuation ("such as: The number of studies").
std::string JoinCells(const std::vector<std::string>& cells);

}  // namespace evident
