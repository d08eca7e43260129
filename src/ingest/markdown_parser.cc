#include "ingest/markdown_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "common/input_file.h"
#include "ingest/document_builder.h"
#include "ingest/text_cleaning.h"

namespace evident {
namespace {

constexpr size_t kMaxComposedHeadingChars = 80;  // "Parent: Child" headings stay readable
constexpr size_t kMaxLinkBytes = 4096;           // bounds the bracket search on bad input
constexpr std::string_view kCitationAnchor = "#cit/section_";
constexpr std::string_view kFootnoteAnchor = "#r";
constexpr std::string_view kPubmedLinkText = "[PUBMED Abstract]";

using ascii::IsAlnum;
using ascii::IsBlankOrLineBreak;
using ascii::IsDigit;
bool IsAsciiPunct(char c) { return c > 0x20 && c < 0x7F && !IsAlnum(c); }

std::string_view TrimBlanksAndLineBreaks(std::string_view s) {
  while (!s.empty() && IsBlankOrLineBreak(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlankOrLineBreak(s.back())) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int* value) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
  return ec == std::errc() && end == s.data() + s.size();
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Front matter.

struct FrontMatter {
  std::vector<std::pair<std::string, std::string>> fields;  // in file order
  size_t body_line = 0;                                     // index of the first body line
};

// "\"a \\\"b\\\"\"" -> a "b"; 'x' -> x; bare values are taken as they are.
std::string ParseScalar(std::string_view value) {
  value = TrimBlanksAndLineBreaks(value);
  if (value.size() < 2 || (value.front() != '"' && value.front() != '\'') ||
      value.back() != value.front()) {
    return std::string(value);
  }
  std::string out;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    if (value[i] == '\\' && value.front() == '"' && i + 2 < value.size()) ++i;
    out.push_back(value[i]);
  }
  return out;
}

// "[18, 100]" -> "18, 100"; quoted items may contain commas.
std::string ParseValue(std::string_view value) {
  value = TrimBlanksAndLineBreaks(value);
  if (value.size() < 2 || value.front() != '[' || value.back() != ']') return ParseScalar(value);
  std::string out;
  char quote = 0;
  size_t start = 1;
  for (size_t i = 1; i < value.size(); ++i) {
    char c = value[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ',' || i + 1 == value.size()) {
      std::string item = ParseScalar(value.substr(start, i - start));
      if (!item.empty()) out += (out.empty() ? "" : ", ") + item;
      start = i + 1;
    }
  }
  return out;
}

Result<FrontMatter> ReadFrontMatter(const std::vector<std::string_view>& lines) {
  if (lines.empty() || TrimBlanksAndLineBreaks(lines[0]) != "---") {
    return Status::InvalidArgument("no front matter (the file must start with a '---' line)");
  }
  FrontMatter front;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = TrimBlanksAndLineBreaks(lines[i]);
    if (line == "---") {
      front.body_line = i + 1;
      return front;
    }
    size_t colon = line.find(':');
    if (line.empty() || line.front() == '#' || colon == std::string_view::npos) continue;
    front.fields.emplace_back(std::string(TrimBlanksAndLineBreaks(line.substr(0, colon))),
                              ParseValue(line.substr(colon + 1)));
  }
  return Status::InvalidArgument("front matter is not closed by a '---' line");
}

void ApplyFrontMatterField(const std::string& key, const std::string& value, Document* doc) {
  std::string text = CleanText(value);
  if (text.empty()) return;
  if (key == "id") {
    doc->id = text;
  } else if (key == "title") {
    doc->title = text;
  } else if (key == "issuer") {
    doc->source = text;
  } else if (key == "audience") {
    doc->audience = text;
  } else if (key == "url") {
    doc->url = text;
  } else if (key == "last_reviewed" || key == "date") {
    doc->year = YearFromDate(text);
    doc->date = text;
  } else if (key == "kind") {
    doc->kind = SourceKindFromLabel(text, SourceKind::kGuideline);
    doc->attributes["kind"] = text;
  } else {
    doc->attributes[key] = text;
  }
}

// ---------------------------------------------------------------------------------------------
// Block structure: the body as headings, paragraphs (list items included), table rows and
// reference-list items, with the raw Markdown of each.

enum class BlockKind { kHeading, kParagraph, kTableRow, kReference };

struct Block {
  BlockKind kind;
  int level = 0;    // heading level
  int chapter = 0;  // ordinal of the enclosing level-2 heading (PDQ's "section_N")
  std::string text;
  std::vector<std::string> cells;  // table rows
};

bool ParseAtxHeading(std::string_view line, int* level, std::string_view* text) {
  size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 6 || (hashes < line.size() && !IsBlankOrLineBreak(line[hashes])))
    return false;
  std::string_view rest = TrimBlanksAndLineBreaks(line.substr(hashes));
  size_t closing = rest.find_last_not_of('#');
  if (closing == std::string_view::npos) {
    rest = {};
  } else if (closing + 1 < rest.size() && IsBlankOrLineBreak(rest[closing])) {
    rest = TrimBlanksAndLineBreaks(rest.substr(0, closing));
  }
  *level = static_cast<int>(hashes);
  *text = rest;
  return true;
}

// "N. rest" with N of one to three digits (list items) or any length (references).
bool SplitItemNumber(std::string_view line, size_t max_digits, int* number,
                     std::string_view* rest) {
  size_t digits = 0;
  while (digits < line.size() && IsDigit(line[digits])) ++digits;
  if (digits == 0 || digits > max_digits || digits + 1 >= line.size()) return false;
  if ((line[digits] != '.' && line[digits] != ')') || !IsBlankOrLineBreak(line[digits + 1]))
    return false;
  *rest = TrimBlanksAndLineBreaks(line.substr(digits + 2));
  return ParseInt(line.substr(0, digits), number);
}

bool ParseListItem(std::string_view line, std::string_view* item) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
      IsBlankOrLineBreak(line[1])) {
    *item = TrimBlanksAndLineBreaks(line.substr(2));
    return true;
  }
  int number = 0;
  return SplitItemNumber(line, 3, &number, item);
}

// "| a | b \| c |" -> {"a", "b \| c"}; escaped pipes stay for the inline renderer.
std::vector<std::string> SplitTableCells(std::string_view line) {
  line = TrimBlanksAndLineBreaks(line);
  if (line.starts_with('|')) line.remove_prefix(1);
  if (line.ends_with('|') && !line.ends_with("\\|")) line.remove_suffix(1);
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && (line[i] != '|' || (i > 0 && line[i - 1] == '\\'))) continue;
    cells.emplace_back(TrimBlanksAndLineBreaks(line.substr(start, i - start)));
    start = i + 1;
  }
  return cells;
}

bool IsSeparatorRow(const std::vector<std::string>& cells) {
  for (const auto& cell : cells) {
    if (cell.find('-') == std::string::npos || cell.find_first_not_of("-: ") != std::string::npos) {
      return false;
    }
  }
  return true;
}

class BlockScanner {
 public:
  void AddLine(std::string_view raw_line) {
    std::string_view line = TrimBlanksAndLineBreaks(raw_line);
    int level = 0;
    std::string_view heading;
    if (line.empty()) {
      continues_ = false;
    } else if (ParseAtxHeading(line, &level, &heading)) {
      AddHeading(level, heading);
    } else if (in_references_) {
      AddReferenceLine(line);
    } else {
      AddTextLine(line);
    }
  }

  std::vector<Block> Take() { return std::move(blocks_); }

 private:
  void AddHeading(int level, std::string_view text) {
    if (level == 2) ++chapter_;
    blocks_.push_back(Block{BlockKind::kHeading, level, chapter_, std::string(text), {}});
    in_references_ = text == "References";
    continues_ = false;
  }

  // Numbered items, continued by the lines after them; after a blank line, anything but a
  // numbered item ends the list.
  void AddReferenceLine(std::string_view line) {
    int number = 0;
    std::string_view rest;
    if (SplitItemNumber(line, 6, &number, &rest)) {
      blocks_.push_back(Block{BlockKind::kReference, 0, chapter_, std::string(line), {}});
      continues_ = true;
    } else if (continues_) {
      blocks_.back().text += ' ';
      blocks_.back().text += line;
    } else {
      in_references_ = false;
      AddTextLine(line);
    }
  }

  void AddTextLine(std::string_view line) {
    std::string_view item;
    if (line.starts_with('|')) {
      continues_ = false;
      std::vector<std::string> cells = SplitTableCells(line);
      if (!IsSeparatorRow(cells)) {
        blocks_.push_back(Block{BlockKind::kTableRow, 0, chapter_, {}, std::move(cells)});
      }
    } else if (ParseListItem(line, &item)) {
      blocks_.push_back(Block{BlockKind::kParagraph, 0, chapter_, std::string(item), {}});
      continues_ = true;
    } else if (continues_) {
      blocks_.back().text += ' ';
      blocks_.back().text += line;
    } else {
      blocks_.push_back(Block{BlockKind::kParagraph, 0, chapter_, std::string(line), {}});
      continues_ = true;
    }
  }

  std::vector<Block> blocks_;
  int chapter_ = 0;
  bool in_references_ = false;
  bool continues_ = false;  // the last block is a paragraph that takes continuation lines
};

// ---------------------------------------------------------------------------------------------
// Inline Markdown.

// (chapter, number in that chapter's list) -> number in Document::references.
using CitationMap = std::map<std::pair<int, int>, int>;

struct LinkSpan {
  std::string_view text;
  std::string_view destination;
  size_t length = 0;
};

// Position of the bracket closing the one at `open_pos`, nesting and escapes respected; inside
// parentheses, quoted titles are skipped. npos if there is none within kMaxLinkBytes.
size_t MatchingClose(std::string_view s, size_t open_pos) {
  char open = s[open_pos];
  char close = open == '[' ? ']' : ')';
  int depth = 0;
  size_t limit = std::min(s.size(), open_pos + kMaxLinkBytes);
  for (size_t i = open_pos; i < limit; ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"' && open == '(') {
      size_t quote = s.find('"', i + 1);
      if (quote == std::string_view::npos || quote >= limit) return std::string_view::npos;
      i = quote;
    } else if (c == open) {
      ++depth;
    } else if (c == close && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "[text](destination "title")" at `pos`.
std::optional<LinkSpan> ParseLink(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != '[') return std::nullopt;
  size_t text_end = MatchingClose(s, pos);
  if (text_end == std::string_view::npos || text_end + 1 >= s.size() || s[text_end + 1] != '(') {
    return std::nullopt;
  }
  size_t dest_end = MatchingClose(s, text_end + 1);
  if (dest_end == std::string_view::npos) {  // unbalanced "(" in a URL: the first ')' ends it
    dest_end = s.substr(0, text_end + kMaxLinkBytes).find(')', text_end + 2);
  }
  if (dest_end == std::string_view::npos) return std::nullopt;
  std::string_view destination =
      TrimBlanksAndLineBreaks(s.substr(text_end + 2, dest_end - text_end - 2));
  return LinkSpan{s.substr(pos + 1, text_end - pos - 1),
                  destination.substr(0, destination.find(' ')), dest_end + 1 - pos};
}

// "#cit/section_4.27" -> chapter 4, number 27 (PDQ); "#r6" -> chapter 0, number 6 (the fact
// sheets, whose reference lists are not part of the pages).
bool ParseCitationAnchor(std::string_view destination, int* chapter, int* number) {
  if (destination.starts_with(kFootnoteAnchor)) {
    *chapter = 0;
    return ParseInt(destination.substr(kFootnoteAnchor.size()), number);
  }
  if (!destination.starts_with(kCitationAnchor)) return false;
  destination.remove_prefix(kCitationAnchor.size());
  size_t dot = destination.find('.');
  return dot != std::string_view::npos && ParseInt(destination.substr(0, dot), chapter) &&
         ParseInt(destination.substr(dot + 1), number);
}

// After a dropped citation at `end`: removes the spaces before it from `out`, and an opening
// parenthesis left empty ("years ([4](#r4)):" -> "years:"). Returns the input bytes consumed.
size_t DropCitationRemains(std::string_view s, size_t end, std::string* out) {
  while (!out->empty() && out->back() == ' ') out->pop_back();
  if (out->empty() || out->back() != '(' || end >= s.size() || s[end] != ')') return 0;
  out->pop_back();
  while (!out->empty() && out->back() == ' ') out->pop_back();
  return 1;
}

// Is the '*' / '_' run at `pos` an emphasis delimiter? '*' is literal only between spaces,
// '_' also inside a word (snake_case).
size_t EmphasisRunLength(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && s[end] == s[pos]) ++end;
  bool space_before = pos == 0 || IsBlankOrLineBreak(s[pos - 1]);
  bool space_after = end == s.size() || IsBlankOrLineBreak(s[end]);
  if (space_before && space_after) return 0;
  if (s[pos] == '_' && pos > 0 && end < s.size() && IsAlnum(s[pos - 1]) && IsAlnum(s[end])) {
    return 0;
  }
  return end - pos;
}

// "](destination)" left of a link whose '[' lies in an earlier paragraph (NCI's promo cards
// wrap an image, a title and a blurb, separated by blank lines, in one link): its length, else 0.
size_t LinkTailLength(std::string_view s, size_t pos) {
  if (pos + 1 >= s.size() || s[pos + 1] != '(') return 0;
  size_t close = MatchingClose(s, pos + 1);
  return close == std::string_view::npos ? 0 : close + 1 - pos;
}

class InlineRenderer {
 public:
  explicit InlineRenderer(const CitationMap* citations) : citations_(citations) {}

  //! Plain text of a piece of inline Markdown (not yet whitespace-collapsed).
  std::string Render(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
      size_t used = RenderAt(text, i, &out);
      if (used == 0) out.push_back(text[i++]);
      i += used;
    }
    return out;
  }

 private:
  // Renders the construct starting at `pos` into `out` and returns its length, or returns 0
  // (appending nothing) if no construct starts there.
  size_t RenderAt(std::string_view s, size_t pos, std::string* out) const {
    switch (s[pos]) {
      case '\\':
        if (pos + 1 < s.size() && IsAsciiPunct(s[pos + 1])) {
          out->push_back(s[pos + 1]);
          return 2;
        }
        return 0;
      case '!':
        if (auto image = ParseLink(s, pos + 1)) return image->length + 1;  // images vanish
        return 0;
      case '[':
        if (size_t used = RenderCitations(s, pos, out); used > 0) return used;
        if (size_t used = RenderLink(s, pos, out); used > 0) return used;
        return MatchingClose(s, pos) == std::string_view::npos ? 1 : 0;  // a stray '[' vanishes
      case ']':
        return LinkTailLength(s, pos);
      case '<':
        return RenderAngle(s, pos, out);
      case '&':
        return DecodeEntityAt(s, pos, out);
      case '*':
      case '_':
        return EmphasisRunLength(s, pos);
      default:
        return 0;
    }
  }

  size_t RenderLink(std::string_view s, size_t pos, std::string* out) const {
    auto link = ParseLink(s, pos);
    if (!link) return 0;
    out->append(Render(link->text));
    return link->length;
  }

  // A citation group "[[1](#cit/section_1.1),[2](#cit/section_1.2)-[4](#cit/section_1.4)]" or
  // a single citation link "[4](#r4)", rewritten to "[n,n+1-n+3]" / "[n]". A citation naming
  // no reference of the document is dropped, with the space or parentheses around it.
  size_t RenderCitations(std::string_view s, size_t pos, std::string* out) const {
    if (citations_ == nullptr) return 0;
    bool group = s.substr(pos).starts_with("[[");
    std::string rendered = "[";
    bool resolved = true;
    size_t i = group ? pos + 1 : pos;
    while (true) {
      auto link = ParseLink(s, i);
      int chapter = 0, number = 0;
      if (!link || !ParseCitationAnchor(link->destination, &chapter, &number)) return 0;
      auto it = citations_->find({chapter, number});
      resolved = resolved && it != citations_->end();
      if (resolved) rendered += std::to_string(it->second);
      i += link->length;
      if (!group || (i < s.size() && s[i] == ']')) break;
      if (i >= s.size() || (s[i] != ',' && s[i] != '-')) return 0;
      rendered += s[i++];
    }
    if (group) ++i;  // the closing ']'
    if (!resolved) return i - pos + DropCitationRemains(s, i, out);
    out->append(rendered + "]");
    return i - pos;
  }

  // Autolinks keep their URL; HTML tags vanish (<br> leaves a space); a lone '<' is text.
  size_t RenderAngle(std::string_view s, size_t pos, std::string* out) const {
    std::string_view rest = s.substr(pos + 1);
    if (rest.starts_with("http://") || rest.starts_with("https://")) {
      size_t close = rest.find_first_of("> \t");
      if (close != std::string_view::npos && rest[close] == '>') {
        out->append(rest.substr(0, close));
        return close + 2;
      }
    }
    size_t length = HtmlTagLength(s, pos);
    if (length > 0 && HtmlTagName(s.substr(pos, length)) == "br") out->push_back(' ');
    return length;
  }

  const CitationMap* citations_;
};

// A paragraph that is nothing but a "[Go to Patient Version](...)"-style link.
bool IsNavigationLink(std::string_view raw) {
  auto link = ParseLink(raw, 0);
  return link && link->length == raw.size() && link->text.starts_with("Go to ");
}

// ---------------------------------------------------------------------------------------------
// References.

std::string PubmedIdOf(std::string_view citation) {
  for (std::string_view marker : {"list_uids=", "pubmed.ncbi.nlm.nih.gov/"}) {
    size_t at = citation.find(marker);
    if (at == std::string_view::npos) continue;
    at += marker.size();
    size_t end = at;
    while (end < citation.size() && IsDigit(citation[end])) ++end;
    if (end > at) return std::string(citation.substr(at, end - at));
  }
  return "";
}

std::string CitationText(std::string_view raw) {
  std::string text = InlineRenderer(nullptr).Render(raw);
  for (size_t at; (at = text.find(kPubmedLinkText)) != std::string::npos;) {
    text.erase(at, kPubmedLinkText.size());
  }
  return CleanText(text);
}

// Numbers every reference of the document in order and returns where each list entry went.
CitationMap CollectReferences(const std::vector<Block>& blocks,
                              std::vector<Reference>* references) {
  CitationMap citations;
  for (const Block& block : blocks) {
    int number = 0;
    std::string_view rest;
    if (block.kind != BlockKind::kReference || !SplitItemNumber(block.text, 6, &number, &rest)) {
      continue;
    }
    Reference reference;
    reference.number = static_cast<int>(references->size()) + 1;
    reference.pmid = PubmedIdOf(rest);
    reference.citation = CitationText(rest);
    citations.emplace(std::make_pair(block.chapter, number), reference.number);
    references->push_back(std::move(reference));
  }
  return citations;
}

// ---------------------------------------------------------------------------------------------
// Sections.

// The headings above the current point, by level, and the heading convention of the header.
class HeadingTrail {
 public:
  void Set(int level, std::string text) {
    headings_[level] = std::move(text);
    for (int deeper = level + 1; deeper < static_cast<int>(headings_.size()); ++deeper) {
      headings_[deeper].clear();
    }
    current_ = level;
  }

  std::string SectionHeading() const {
    const std::string& own = headings_[current_];
    for (int level = current_ - 1; level >= 2; --level) {
      if (headings_[level].empty()) continue;
      std::string composed = headings_[level] + ": " + own;
      return composed.size() <= kMaxComposedHeadingChars ? composed : own;
    }
    return own;
  }

 private:
  std::array<std::string, 7> headings_;
  int current_ = 0;
};

std::vector<Section> BuildSections(const std::vector<Block>& blocks,
                                   const InlineRenderer& renderer) {
  SectionBuilder builder;
  HeadingTrail trail;
  for (const Block& block : blocks) {
    switch (block.kind) {
      case BlockKind::kHeading:
        trail.Set(block.level, CleanText(renderer.Render(block.text)));
        builder.StartSection(trail.SectionHeading());
        break;
      case BlockKind::kParagraph:
        if (!IsNavigationLink(block.text)) builder.AddParagraph(renderer.Render(block.text));
        break;
      case BlockKind::kTableRow: {
        std::vector<std::string> cells;
        for (const auto& cell : block.cells) {
          std::string_view item;  // a cell may hold one list item: "| - The SICG improves ... |"
          cells.push_back(renderer.Render(ParseListItem(cell, &item) ? item : cell));
        }
        builder.AddParagraph(JoinCells(cells));
        break;
      }
      case BlockKind::kReference:
        break;
    }
  }
  return builder.Take();
}

std::string FirstH1(const std::vector<Block>& blocks, const InlineRenderer& renderer) {
  for (const Block& block : blocks) {
    if (block.kind == BlockKind::kHeading && block.level == 1) {
      return CleanText(renderer.Render(block.text));
    }
  }
  return "";
}

}  // namespace

Status ParseMarkdownBuffer(std::string_view markdown, const std::string& label,
                           DocumentSink& sink) {
  if (markdown.starts_with("\xEF\xBB\xBF")) markdown.remove_prefix(3);  // byte order mark
  std::vector<std::string_view> lines = SplitLines(markdown);
  auto front = ReadFrontMatter(lines);
  if (!front.ok()) {
    sink.Error(IngestError{label, "line 1", front.status().message()});
    return Status::OK();
  }
  Document doc;
  doc.kind = SourceKind::kGuideline;
  for (const auto& [key, value] : front->fields) ApplyFrontMatterField(key, value, &doc);
  if (doc.id.empty()) {
    sink.Error(IngestError{label, "line 1", "front matter has no id"});
    return Status::OK();
  }

  BlockScanner scanner;
  for (size_t i = front->body_line; i < lines.size(); ++i) scanner.AddLine(lines[i]);
  std::vector<Block> blocks = scanner.Take();
  CitationMap citations = CollectReferences(blocks, &doc.references);
  InlineRenderer renderer(&citations);
  doc.sections = BuildSections(blocks, renderer);
  if (doc.title.empty()) doc.title = FirstH1(blocks, renderer);
  if (doc.title.empty() && doc.sections.empty()) {
    sink.Error(IngestError{label, "line 1", "page " + doc.id + " has neither title nor text"});
    return Status::OK();
  }
  sink.Add(std::move(doc));
  return Status::OK();
}

Status ParseMarkdownFile(const std::string& path, DocumentSink& sink) {
  auto contents = ReadFileContents(path);
  if (!contents.ok()) return contents.status();
  return ParseMarkdownBuffer(*contents, path, sink);
}

}  // namespace evident
