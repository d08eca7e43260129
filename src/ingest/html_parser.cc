#include "ingest/html_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <map>
#include <memory>
#include <vector>

#include "common/input_file.h"
#include "ingest/document_builder.h"
#include "ingest/text_cleaning.h"

namespace evident {
namespace {

constexpr int kHtmlParseOptions =
    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

void InitLibxmlOnce() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

// ---------------------------------------------------------------------------------------------
// DOM access.

std::string_view NameOf(const xmlNode* node) {
  return node->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(node->name);
}

bool IsHtmlElement(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && NameOf(node) == name;
}

bool IsTextNode(const xmlNode* node) {
  return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

std::string_view ContentOf(const xmlNode* node) {
  return node->content == nullptr ? std::string_view()
                                  : reinterpret_cast<const char*>(node->content);
}

std::string AttributeOf(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

// All text below `node`, cleaned.
std::string TextOf(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string out = CleanText(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return out;
}

// The first element named `name` at or below `node`, in document order.
const xmlNode* FindElement(const xmlNode* node, std::string_view name) {
  for (; node != nullptr; node = node->next) {
    if (IsHtmlElement(node, name)) return node;
    if (const xmlNode* found = FindElement(node->children, name)) return found;
  }
  return nullptr;
}

// <meta name="..." content="..."> pairs below `node`; the first of a name wins.
void CollectMeta(const xmlNode* node, std::map<std::string, std::string>* meta) {
  for (; node != nullptr; node = node->next) {
    if (IsHtmlElement(node, "meta")) {
      meta->emplace(AttributeOf(node, "name"), AttributeOf(node, "content"));
    }
    CollectMeta(node->children, meta);
  }
}

bool IsSkippedElement(std::string_view name) {
  return name == "head" || name == "script" || name == "style" || name == "title" || name == "h1" ||
         name == "noscript" || name == "template";
}

// ---------------------------------------------------------------------------------------------
// Tables: one paragraph per row, cells (and the blocks inside a cell) joined by JoinCells.

void CollectCellPieces(const xmlNode* node, std::vector<std::string>* pieces) {
  for (; node != nullptr; node = node->next) {
    if (IsTextNode(node)) {
      pieces->back() += ContentOf(node);
      continue;
    }
    if (node->type != XML_ELEMENT_NODE || IsSkippedElement(NameOf(node))) continue;
    std::string name(NameOf(node));
    if (name == "br") {
      pieces->back() += ' ';
      continue;
    }
    bool block = IsBlockTag(name);
    if (block) pieces->emplace_back();
    CollectCellPieces(node->children, pieces);
    if (block) pieces->emplace_back();
  }
}

std::string RowText(const xmlNode* row) {
  std::vector<std::string> cells;
  for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
    if (!IsHtmlElement(cell, "td") && !IsHtmlElement(cell, "th")) continue;
    std::vector<std::string> pieces(1);
    CollectCellPieces(cell->children, &pieces);
    cells.push_back(JoinCells(pieces));
  }
  return JoinCells(cells);
}

// The rows of a table (through thead/tbody/tfoot), not those of tables nested in its cells.
void CollectRows(const xmlNode* node, std::vector<const xmlNode*>* rows) {
  for (; node != nullptr; node = node->next) {
    if (IsHtmlElement(node, "tr")) {
      rows->push_back(node);
    } else if (node->type == XML_ELEMENT_NODE && !IsHtmlElement(node, "table")) {
      CollectRows(node->children, rows);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Body: sections, paragraphs, tables.

class BodyCollector {
 public:
  void Walk(const xmlNode* node) {
    for (; node != nullptr; node = node->next) {
      if (IsTextNode(node)) {
        paragraph_ += ContentOf(node);
      } else if (node->type == XML_ELEMENT_NODE) {
        WalkElement(node);
      }
    }
  }

  std::vector<Section> Take() {
    Flush();
    return builder_.Take();
  }

 private:
  void WalkElement(const xmlNode* node) {
    std::string name(NameOf(node));
    if (IsSkippedElement(name)) return;
    if (name == "section") {
      Flush();
      builder_.StartSection("");
      Walk(node->children);
      Flush();
      builder_.StartSection("");
    } else if (name == "h2") {
      Flush();
      builder_.StartSection(TextOf(node));
    } else if (name == "table") {
      Flush();
      AddTable(node);
    } else {
      bool block = IsBlockTag(name);  // <br> included: it ends the line
      if (block) Flush();
      Walk(node->children);
      if (block) Flush();
    }
  }

  void AddTable(const xmlNode* table) {
    std::vector<const xmlNode*> rows;
    CollectRows(table->children, &rows);
    for (const xmlNode* row : rows) builder_.AddParagraph(RowText(row));
  }

  void Flush() {
    builder_.AddParagraph(paragraph_);
    paragraph_.clear();
  }

  SectionBuilder builder_;
  std::string paragraph_;
};

// ---------------------------------------------------------------------------------------------
// Metadata.

// End of the organisation type that follows " - " in an NGC publisher list: after "[U.S.]", or
// where the next name begins right after a lower-case letter ("AssociationCenters").
size_t EndOfOrganizationType(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s.substr(i).starts_with("[U.S.]")) return i + 6;
    if (std::islower(static_cast<unsigned char>(s[i])) &&
        std::isupper(static_cast<unsigned char>(s[i + 1]))) {
      return i + 1;
    }
  }
  return s.size();
}

// "A - Federal Government Agency [U.S.]B - Professional AssociationC - Nonprofit" -> "A; B; C".
std::string PublisherNames(const std::string& raw) {
  std::string_view rest = raw;
  std::string names;
  for (size_t dash; !rest.empty() && (dash = rest.find(" - ")) != std::string_view::npos;) {
    names += (names.empty() ? "" : "; ") + CleanText(rest.substr(0, dash));
    rest.remove_prefix(dash + 3);
    rest.remove_prefix(EndOfOrganizationType(rest));
  }
  return names.empty() ? CleanText(raw) : names;
}

int MonthNumber(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (word.substr(0, 3) == kMonths[i]) return i + 1;
  }
  return 0;
}

// Appends "-05" for 5.
void AppendDatePart(int n, std::string* date) {
  date->push_back('-');
  date->push_back(static_cast<char>('0' + n / 10));
  date->push_back(static_cast<char>('0' + n % 10));
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  while (!text.empty()) {
    size_t space = text.find(' ');
    if (space != 0) words.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return words;
}

// "2006 Feb (revised 2013 Sep 3)" -> "2013-09-03"; "2016 Jan" -> "2016-01"; "" if no year.
std::string IsoDateFromNlmDate(std::string_view raw) {
  if (size_t revised = raw.find("(revised "); revised != std::string_view::npos) {
    raw.remove_prefix(revised + 9);
    raw = raw.substr(0, raw.find(')'));
  }
  std::vector<std::string_view> words = Words(raw);
  if (words.empty() || words[0].size() != 4 || YearFromDate(words[0]) == 0) return "";
  std::string date(words[0]);
  int month = words.size() > 1 ? MonthNumber(words[1]) : 0;
  if (month == 0) return date;
  AppendDatePart(month, &date);
  int day = 0;
  if (words.size() > 2) {
    std::string_view word = words[2];
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), day);
    if (ec == std::errc() && end == word.data() + word.size() && day >= 1 && day <= 31) {
      AppendDatePart(day, &date);
    }
  }
  return date;
}

std::string Get(const std::map<std::string, std::string>& meta, const std::string& name) {
  auto it = meta.find(name);
  return it == meta.end() ? "" : it->second;
}

void ApplyMeta(const std::map<std::string, std::string>& meta, Document* doc) {
  doc->id = CleanText(Get(meta, "DC.identifier"));
  doc->title = CleanText(Get(meta, "citation_title"));
  doc->source = PublisherNames(Get(meta, "DC.publisher"));
  SetCleanAttribute("publisher", Get(meta, "DC.publisher"), doc);
  std::string type = CleanText(Get(meta, "DC.type"));
  doc->kind = SourceKindFromLabel(type, SourceKind::kGuideline);
  SetCleanAttribute("kind", type, doc);
  std::string dc_date = CleanText(Get(meta, "DC.date"));
  SetCleanAttribute("dc_date", dc_date, doc);
  std::string published = CleanText(Get(meta, "citation_publication_date"));
  doc->date = IsoDateFromNlmDate(dc_date);
  if (doc->date.empty()) doc->date = published;
  doc->year = YearFromDate(published);
  if (doc->year == 0) doc->year = YearFromDate(doc->date);
  for (char c : CleanText(Get(meta, "citation_pmid"))) {
    if (std::isdigit(static_cast<unsigned char>(c))) doc->pmid.push_back(c);
  }
  if (!doc->pmid.empty()) doc->url = "https://pubmed.ncbi.nlm.nih.gov/" + doc->pmid + "/";
}

std::string LineOf(const xmlNode* node) {
  return "line " + std::to_string(node == nullptr ? 1 : std::max(1L, xmlGetLineNo(node)));
}

}  // namespace

Status ParseGuidelineHtmlBuffer(std::string_view html, const std::string& label,
                                DocumentSink& sink) {
  InitLibxmlOnce();
  if (html.size() > static_cast<size_t>(INT_MAX)) {
    sink.Error(IngestError{label, "line 1", "page is too large to parse"});
    return Status::OK();
  }
  std::string utf8 = ToValidUtf8(html);  // libxml2 then never meets an encoding error
  XmlDocPtr dom(htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8",
                               kHtmlParseOptions));
  const xmlNode* root = dom == nullptr ? nullptr : xmlDocGetRootElement(dom.get());
  if (root == nullptr) {
    sink.Error(IngestError{label, "line 1", "not an HTML document"});
    return Status::OK();
  }
  Document doc;
  doc.audience = "professional";
  std::map<std::string, std::string> meta;
  CollectMeta(root, &meta);
  ApplyMeta(meta, &doc);
  const xmlNode* head = FindElement(root, "head");
  if (doc.id.empty()) {
    sink.Error(IngestError{label, LineOf(head), "no <meta name=\"DC.identifier\"> tag"});
    return Status::OK();
  }
  for (const char* fallback : {"title", "h1"}) {
    const xmlNode* element = FindElement(root, fallback);
    if (doc.title.empty() && element != nullptr) doc.title = TextOf(element);
  }
  if (doc.title.empty()) {
    sink.Error(IngestError{label, LineOf(head), "guideline " + doc.id + " has no title"});
    return Status::OK();
  }
  const xmlNode* body = FindElement(root, "body");
  BodyCollector collector;
  collector.Walk(body == nullptr ? root->children : body->children);
  doc.sections = collector.Take();
  sink.Add(std::move(doc));
  return Status::OK();
}

Status ParseGuidelineHtmlFile(const std::string& path, DocumentSink& sink) {
  auto contents = ReadFileContents(path);
  if (!contents.ok()) return contents.status();
  return ParseGuidelineHtmlBuffer(*contents, path, sink);
}

}  // namespace evident
