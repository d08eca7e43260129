#include "ingest/pubmed_xml_parser.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <exception>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "common/input_file.h"

namespace evident {
namespace {

// libxml2 2.12 made the structured error callback take a const pointer.
#if LIBXML_VERSION >= 21200
using XmlErrorArg = const xmlError*;
#else
using XmlErrorArg = xmlErrorPtr;
#endif

void InitLibxml2Once() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

// ---- Reading one record's tree --------------------------------------------------------------

std::string_view NameOf(const xmlChar* name) {
  return name == nullptr ? std::string_view() : reinterpret_cast<const char*>(name);
}

bool IsElement(const xmlNode* node, std::string_view name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && NameOf(node->name) == name;
}

const xmlNode* Child(const xmlNode* parent, std::string_view name) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (IsElement(c, name)) return c;
  }
  return nullptr;
}

std::vector<const xmlNode*> Children(const xmlNode* parent, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (parent == nullptr) return out;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (IsElement(c, name)) out.push_back(c);
  }
  return out;
}

//! Follows a path of child elements: Descend(article, {"Journal", "Title"}).
const xmlNode* Descend(const xmlNode* node, std::initializer_list<std::string_view> path) {
  for (std::string_view name : path) node = Child(node, name);
  return node;
}

//! Appends the text of `first` and its following siblings, descending into elements.
void AppendRawText(const xmlNode* first, std::string* out) {
  for (const xmlNode* c = first; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out->append(reinterpret_cast<const char*>(c->content));
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendRawText(c->children, out);  // inline markup (<i>, <sup>, MathML) flattens to text
    }
  }
}

std::string CollapseXmlWhitespace(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  for (char ch : in) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

//! The text of `first_child` and its siblings, markup flattened and whitespace runs collapsed.
std::string FlatText(const xmlNode* first_child) {
  std::string raw;
  AppendRawText(first_child, &raw);
  return CollapseXmlWhitespace(raw);
}

//! The element's flattened text; "" for no element.
std::string Text(const xmlNode* node) { return node == nullptr ? "" : FlatText(node->children); }

std::string Attribute(const xmlNode* node, std::string_view name) {
  if (node == nullptr) return "";
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (NameOf(a->name) == name) return FlatText(a->children);
  }
  return "";
}

bool IsAllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---- Dates -------------------------------------------------------------------------------------

struct PartialDate {
  int year = 0;
  int month = 0;  // 0 if unknown
  int day = 0;    // 0 if unknown
};

int ParseYear(std::string_view s) {
  return s.size() == 4 && IsAllDigits(s) ? std::stoi(std::string(s)) : 0;
}

//! "06", "6", "Jun", "June" -> 6; anything else -> 0.
int ParseMonth(std::string_view s) {
  if (IsAllDigits(s) && s.size() <= 2) {
    int m = std::stoi(std::string(s));
    return m >= 1 && m <= 12 ? m : 0;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  std::string prefix;
  for (char c : s.substr(0, 3)) prefix.push_back(static_cast<char>(c | 0x20));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (prefix == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

int ParseDay(std::string_view s) {
  if (!IsAllDigits(s) || s.size() > 2) return 0;
  int d = std::stoi(std::string(s));
  return d >= 1 && d <= 31 ? d : 0;
}

//! MedlineDate is free text ("2008 Jul-Aug", "1998 Dec-1999 Jan", "Summer 2001"): the first
//! 4-digit number is the year, and a month name right after it gives the month.
PartialDate ParseMedlineDate(std::string_view s) {
  PartialDate date;
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    bool starts_number = i == 0 || !IsAllDigits(s.substr(i - 1, 1));
    bool ends_number = i + 4 == s.size() || !IsAllDigits(s.substr(i + 4, 1));
    if (!starts_number || !ends_number || !IsAllDigits(s.substr(i, 4))) continue;
    date.year = ParseYear(s.substr(i, 4));
    std::string_view rest = s.substr(i + 4);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    size_t word = 0;
    while (word < rest.size() && std::isalpha(static_cast<unsigned char>(rest[word]))) ++word;
    date.month = word >= 3 ? ParseMonth(rest.substr(0, word)) : 0;
    return date;
  }
  return date;
}

//! A PubDate / ArticleDate / DateCompleted element: Year, Month, Day or MedlineDate.
PartialDate ParseDateElement(const xmlNode* node) {
  if (node == nullptr) return {};
  if (const xmlNode* medline = Child(node, "MedlineDate")) return ParseMedlineDate(Text(medline));
  PartialDate date;
  date.year = ParseYear(Text(Child(node, "Year")));
  if (date.year == 0) return date;
  date.month = ParseMonth(Text(Child(node, "Month")));
  if (date.month != 0) date.day = ParseDay(Text(Child(node, "Day")));
  return date;
}

std::string FormatDate(const PartialDate& date) {
  char buf[16];
  if (date.month == 0) {
    std::snprintf(buf, sizeof(buf), "%04d", date.year);
  } else if (date.day == 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d", date.year, date.month);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", date.year, date.month, date.day);
  }
  return buf;
}

// ---- One record ------------------------------------------------------------------------------

//! Where a record keeps each group of fields. A journal citation (PubmedArticle or a bare
//! MedlineCitation) splits them between MedlineCitation, its Article and PubmedData; a book
//! chapter (PubmedBookArticle) keeps nearly everything in BookDocument.
struct RecordParts {
  const xmlNode* citation = nullptr;     //!< PMID, MeSH, keywords, comments/corrections
  const xmlNode* article = nullptr;      //!< title, abstract, authors, journal, publication types
  const xmlNode* book = nullptr;         //!< BookTitle, publisher, book PubDate (books only)
  const xmlNode* pubmed_data = nullptr;  //!< ArticleIdList with doi/pmc (absent in MEDLINE sets)
};

RecordParts SplitRecord(const xmlNode* record) {
  RecordParts parts;
  if (IsElement(record, "MedlineCitation")) {
    parts.citation = record;
    parts.article = Child(record, "Article");
  } else if (IsElement(record, "PubmedArticle")) {
    parts.citation = Child(record, "MedlineCitation");
    parts.article = Child(parts.citation, "Article");
    parts.pubmed_data = Child(record, "PubmedData");
  } else {  // PubmedBookArticle
    parts.citation = Child(record, "BookDocument");
    parts.article = parts.citation;
    parts.book = Child(parts.citation, "Book");
    parts.pubmed_data = Child(record, "PubmedBookData");
  }
  return parts;
}

std::string FirstNonEmptyText(std::initializer_list<const xmlNode*> nodes) {
  for (const xmlNode* node : nodes) {
    std::string text = Text(node);
    if (!text.empty()) return text;
  }
  return "";
}

std::string Title(const RecordParts& r) {
  return FirstNonEmptyText({Child(r.article, "ArticleTitle"), Child(r.article, "VernacularTitle"),
                            Child(r.book, "BookTitle")});
}

std::string Journal(const RecordParts& r) {
  const xmlNode* journal = Child(r.article, "Journal");
  return FirstNonEmptyText({Child(journal, "Title"), Child(journal, "ISOAbbreviation"),
                            Descend(r.citation, {"MedlineJournalInfo", "MedlineTA"}),
                            Child(r.book, "BookTitle"),
                            Descend(r.book, {"Publisher", "PublisherName"})});
}

//! The first source that has a year, in order of preference; the date keeps that source's
//! precision so that `year` and `date` always agree.
PartialDate PublicationDate(const RecordParts& r) {
  for (const xmlNode* node :
       {Descend(r.article, {"Journal", "JournalIssue", "PubDate"}), Child(r.book, "PubDate"),
        Child(r.article, "ArticleDate"), Child(r.citation, "DateCompleted")}) {
    PartialDate date = ParseDateElement(node);
    if (date.year != 0) return date;
  }
  return {};
}

std::vector<Section> AbstractSections(const xmlNode* abstract) {
  std::vector<Section> sections;
  for (const xmlNode* part : Children(abstract, "AbstractText")) {
    Section section{Attribute(part, "Label"), Text(part)};
    if (section.text.empty()) continue;
    if (section.heading.empty()) {
      std::string category = Attribute(part, "NlmCategory");
      if (category != "UNASSIGNED") section.heading = std::move(category);
    }
    sections.push_back(std::move(section));
  }
  return sections;
}

//! The Abstract's sections; a record without one falls back to an OtherAbstract (publisher or
//! translated abstract), preferring an English one.
std::vector<Section> Sections(const RecordParts& r) {
  std::vector<Section> sections = AbstractSections(Child(r.article, "Abstract"));
  if (!sections.empty()) return sections;
  std::vector<const xmlNode*> others = Children(r.citation, "OtherAbstract");
  std::stable_partition(others.begin(), others.end(),
                        [](const xmlNode* o) { return Attribute(o, "Language") == "eng"; });
  for (const xmlNode* other : others) {
    sections = AbstractSections(other);
    if (!sections.empty()) break;
  }
  return sections;
}

//! "LastName Initials" or the CollectiveName. Names flagged ValidYN="N" are misspellings that
//! PubMed keeps only for searching, and book editors are not authors of the chapter.
std::vector<std::string> Authors(const RecordParts& r) {
  std::vector<std::string> authors;
  for (const xmlNode* list : Children(r.article, "AuthorList")) {
    if (Attribute(list, "Type") == "editors") continue;
    for (const xmlNode* author : Children(list, "Author")) {
      if (Attribute(author, "ValidYN") == "N") continue;
      std::string name = Text(Child(author, "CollectiveName"));
      if (name.empty()) {
        name = Text(Child(author, "LastName"));
        std::string initials = Text(Child(author, "Initials"));
        if (!name.empty() && !initials.empty()) name += " " + initials;
      }
      if (!name.empty()) authors.push_back(std::move(name));
    }
  }
  return authors;
}

void AppendTexts(const std::vector<const xmlNode*>& nodes, std::vector<std::string>* out) {
  for (const xmlNode* node : nodes) {
    std::string text = Text(node);
    if (!text.empty()) out->push_back(std::move(text));
  }
}

std::vector<std::string> MeshHeadings(const RecordParts& r) {
  std::vector<std::string> mesh;
  for (const xmlNode* heading : Children(Child(r.citation, "MeshHeadingList"), "MeshHeading")) {
    AppendTexts({Child(heading, "DescriptorName")}, &mesh);
  }
  return mesh;
}

std::vector<std::string> Keywords(const RecordParts& r) {
  std::vector<std::string> keywords;
  for (const xmlNode* list : Children(r.citation, "KeywordList")) {
    AppendTexts(Children(list, "Keyword"), &keywords);
  }
  return keywords;
}

//! Journal articles list them in PublicationTypeList; book chapters as bare PublicationType.
std::vector<std::string> PublicationTypes(const RecordParts& r) {
  std::vector<std::string> types;
  AppendTexts(Children(Child(r.article, "PublicationTypeList"), "PublicationType"), &types);
  AppendTexts(Children(r.article, "PublicationType"), &types);
  return types;
}

//! ArticleId[@IdType=id_type] from the record's own ArticleIdList (not those of its references).
std::string ArticleId(const RecordParts& r, std::string_view id_type) {
  for (const xmlNode* list :
       {Child(r.pubmed_data, "ArticleIdList"), Child(r.citation, "ArticleIdList")}) {
    for (const xmlNode* id : Children(list, "ArticleId")) {
      if (Attribute(id, "IdType") == id_type) {
        std::string value = Text(id);
        if (!value.empty()) return value;
      }
    }
  }
  return "";
}

std::string Doi(const RecordParts& r) {
  std::string doi = ArticleId(r, "doi");
  if (!doi.empty()) return doi;
  for (const xmlNode* location : Children(r.article, "ELocationID")) {
    if (Attribute(location, "EIdType") == "doi") return Text(location);
  }
  return "";
}

//! Sets `retracted` and attributes["retracted_by"] (its notices) for a retracted article, and
//! attributes["retraction_of"] for the notice that retracts other articles.
void MarkRetractions(const RecordParts& r, Document* doc) {
  auto has_type = [&](std::string_view type) {
    return std::find(doc->publication_types.begin(), doc->publication_types.end(), type) !=
           doc->publication_types.end();
  };
  doc->retracted = has_type("Retracted Publication");
  bool is_notice = has_type("Retraction of Publication");
  std::string retracted_ids, notice_ids;
  auto append = [](std::string* list, const std::string& pmid) {
    if (!list->empty()) *list += ",";
    *list += "pmid:" + pmid;
  };
  for (const xmlNode* comment :
       Children(Child(r.citation, "CommentsCorrectionsList"), "CommentsCorrections")) {
    std::string ref_type = Attribute(comment, "RefType");
    if (ref_type != "RetractionIn" && ref_type != "RetractionOf") continue;
    std::string pmid = Text(Child(comment, "PMID"));
    if (ref_type == "RetractionIn") {
      doc->retracted = true;
      if (IsAllDigits(pmid)) append(&notice_ids, pmid);
      continue;
    }
    is_notice = true;
    if (IsAllDigits(pmid)) append(&retracted_ids, pmid);
  }
  if (is_notice && !retracted_ids.empty()) doc->attributes["retraction_of"] = retracted_ids;
  if (!notice_ids.empty()) doc->attributes["retracted_by"] = notice_ids;
}

Document BuildDocument(const RecordParts& r, const std::string& pmid, std::string title) {
  Document doc;
  doc.id = "pmid:" + pmid;
  doc.pmid = pmid;
  doc.title = std::move(title);
  doc.kind = SourceKind::kResearch;
  doc.audience = "professional";
  doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/";
  doc.source = Journal(r);
  PartialDate date = PublicationDate(r);
  if (date.year != 0) {
    doc.year = date.year;
    doc.date = FormatDate(date);
  }
  doc.authors = Authors(r);
  doc.mesh = MeshHeadings(r);
  doc.keywords = Keywords(r);
  doc.publication_types = PublicationTypes(r);
  doc.doi = Doi(r);
  doc.pmcid = ArticleId(r, "pmc");
  doc.sections = Sections(r);
  MarkRetractions(r, &doc);
  return doc;
}

// ---- The streaming driver --------------------------------------------------------------------
//
// libxml2's push parser builds the tree while a SAX end-element hook hands each top-level record
// over the moment its end tag is parsed, then frees it. (xmlTextReader cannot do this: it only
// finishes expanding a subtree once it has parsed what follows, so garbage or a cut right after
// a record's end tag would lose that complete record.)

bool IsRecordSet(std::string_view name) {
  return name == "PubmedArticleSet" || name == "MedlineCitationSet" ||
         name == "PubmedBookArticleSet";
}

bool IsRecord(std::string_view name) {
  return name == "PubmedArticle" || name == "MedlineCitation" || name == "PubmedBookArticle";
}

bool IsEntry(std::string_view name) { return IsRecord(name) || name == "DeleteCitation"; }

// No DTD, no external entities, no network: the DOCTYPE of PubMed files names an https DTD that
// is never needed (PubMed text uses character references only).
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
constexpr size_t kChunkBytes = 64 * 1024;

//! Receives the bytes of one XML document and streams its records to a sink.
class RecordStreamer {
 public:
  RecordStreamer(const std::string& label, DocumentSink& sink) : label_(label), sink_(sink) {
    InitLibxml2Once();
    xmlSAXVersion(&sax_, 2);
    sax_.startElementNs = &OnStartElement;
    sax_.endElementNs = &OnEndElement;
    sax_.serror = &OnXmlError;  // collected, never printed
  }
  ~RecordStreamer() {
    if (ctxt_ == nullptr) return;
    xmlFreeDoc(ctxt_->myDoc);
    xmlFreeParserCtxt(ctxt_);
  }
  RecordStreamer(const RecordStreamer&) = delete;
  RecordStreamer& operator=(const RecordStreamer&) = delete;

  //! Parses the next bytes; false once parsing has stopped (the reason is already reported).
  bool Feed(std::string_view bytes) { return Push(bytes, /*terminate=*/false); }
  //! Ends the document; reports it if it is incomplete.
  void Finish() { Push({}, /*terminate=*/true); }
  //! The input could not be read further; reports where parsing stopped.
  void FailRead(const Status& status) {
    if (stopped_) return;
    stopped_ = true;
    ReportAtLine(CurrentLine(), "read error (" + status.message() + ")" + StoppedAfter());
  }

 private:
  static RecordStreamer* Self(void* ctx) {
    return static_cast<RecordStreamer*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  }

  bool Push(std::string_view bytes, bool terminate) {
    if (stopped_) return false;
    if (ctxt_ == nullptr) {
      // Created without bytes, so that no callback runs before it can find this streamer (an
      // encoding error in the first bytes is reported at once); libxml2 then detects the
      // encoding from the first bytes pushed.
      ctxt_ = xmlCreatePushParserCtxt(&sax_, /*user_data=*/nullptr, nullptr, 0, label_.c_str());
      if (ctxt_ == nullptr) {
        stopped_ = true;
        sink_.Error({label_, "", "libxml2 could not create a parser"});
        return false;
      }
      ctxt_->_private = this;
      xmlCtxtUseOptions(ctxt_, kParseOptions);
    }
    int rc = xmlParseChunk(ctxt_, bytes.data(), static_cast<int>(bytes.size()), terminate);
    if (sink_exception_) std::rethrow_exception(sink_exception_);
    if (rc == 0 && !stopped_) return true;
    if (!stopped_) {
      stopped_ = true;
      std::string reason =
          xml_error_.message.empty() ? "libxml2 error " + std::to_string(rc) : xml_error_.message;
      int line = xml_error_.line > 0 ? xml_error_.line : CurrentLine();
      // At the end of input libxml2 says "Extra content at the end of the document" even for a
      // document cut short; name the situation instead.
      std::string what = terminate ? "XML incomplete at end of input" : "XML not well-formed";
      ReportAtLine(line, what + " (" + reason + ")" + StoppedAfter());
    }
    return false;
  }

  static void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                             const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                             int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    if (ctxt->nodeNr == 0 && !Self(ctx)->AcceptRoot(NameOf(localname))) {
      xmlStopParser(ctxt);
      return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
  }

  static void OnEndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                           const xmlChar* uri) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    RecordStreamer* self = Self(ctx);
    xmlNodePtr closing = ctxt->node;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    if (closing == nullptr || ctxt->nodeNr != (self->root_is_set_ ? 1 : 0)) return;
    if (IsEntry(NameOf(closing->name))) {
      // Exceptions must not unwind through libxml2's C frames: carry them past it.
      try {
        self->HandleEntry(closing);
      } catch (...) {
        self->sink_exception_ = std::current_exception();
        xmlStopParser(ctxt);
      }
    }
    if (self->root_is_set_) FreeThrough(closing);  // done with this child of the set
  }

  //! Frees `last` and all its preceding siblings, keeping the tree to one record at a time.
  static void FreeThrough(xmlNodePtr last) {
    while (last->parent != nullptr && last->parent->children != nullptr) {
      xmlNodePtr first = last->parent->children;
      bool done = first == last;
      xmlUnlinkNode(first);
      xmlFreeNode(first);
      if (done) break;
    }
  }

  static void OnXmlError(void* ctx, XmlErrorArg error) {
    XmlErrorLog& log = Self(ctx)->xml_error_;
    if (error == nullptr || error->level < XML_ERR_ERROR || log.fatal) return;
    if (!log.message.empty() && error->level != XML_ERR_FATAL) return;
    log.message = CollapseXmlWhitespace(error->message == nullptr ? "" : error->message);
    log.line = error->line;
    log.fatal = error->level == XML_ERR_FATAL;
  }

  bool AcceptRoot(std::string_view name) {
    root_is_set_ = IsRecordSet(name);
    if (root_is_set_ || IsEntry(name)) return true;
    stopped_ = true;
    ReportAtLine(CurrentLine(), "not PubMed XML: root element is <" + std::string(name) +
                                    ">, expected PubmedArticleSet or MedlineCitationSet");
    return false;
  }

  void HandleEntry(const xmlNode* entry) {
    if (IsElement(entry, "DeleteCitation")) {
      for (const xmlNode* pmid : Children(entry, "PMID")) {
        std::string id = Text(pmid);
        if (IsAllDigits(id)) sink_.Delete("pmid:" + id);
      }
      return;
    }
    ++records_;
    RecordParts parts = SplitRecord(entry);
    std::string pmid = Text(Child(parts.citation, "PMID"));
    if (!IsAllDigits(pmid)) {
      std::string why =
          pmid.empty() ? "missing PMID" : "PMID is not a number: \"" + pmid.substr(0, 40) + "\"";
      sink_.Error({label_, "record " + std::to_string(records_), why});
      return;
    }
    std::string title = Title(parts);
    if (title.empty()) {
      sink_.Error({label_, "record " + std::to_string(records_) + " (PMID " + pmid + ")",
                   "missing ArticleTitle"});
      return;
    }
    sink_.Add(BuildDocument(parts, pmid, std::move(title)));
  }

  int CurrentLine() const { return ctxt_ == nullptr ? 1 : xmlSAX2GetLineNumber(ctxt_); }

  std::string StoppedAfter() const {
    return "; stopped after " + std::to_string(records_) + " records";
  }

  void ReportAtLine(int line, std::string message) {
    sink_.Error({label_, "line " + std::to_string(line), std::move(message)});
  }

  //! The first fatal libxml2 error (or, failing that, the first error) of the parse.
  struct XmlErrorLog {
    std::string message;
    int line = 0;
    bool fatal = false;
  };

  const std::string label_;
  DocumentSink& sink_;
  xmlSAXHandler sax_{};
  xmlParserCtxtPtr ctxt_ = nullptr;
  XmlErrorLog xml_error_;
  std::exception_ptr sink_exception_;  // thrown by the sink inside a libxml2 callback
  bool root_is_set_ = false;           // records are the root's children, not the root itself
  bool stopped_ = false;
  int records_ = 0;  // PubmedArticle / MedlineCitation / PubmedBookArticle elements closed
};

}  // namespace

Status ParsePubmedXmlFile(const std::string& path, DocumentSink& sink) {
  Result<std::unique_ptr<InputFile>> file = InputFile::Open(path);
  if (!file.ok()) return file.status();
  RecordStreamer streamer(path, sink);
  std::vector<char> buffer(kChunkBytes);
  while (true) {
    int got = (*file)->Read(buffer.data(), static_cast<int>(buffer.size()));
    if (got > 0) {
      if (!streamer.Feed({buffer.data(), static_cast<size_t>(got)})) break;
    } else if (!(*file)->status().ok()) {
      streamer.FailRead((*file)->status());
      break;
    } else {
      streamer.Finish();
      break;
    }
  }
  return Status::OK();
}

Status ParsePubmedXmlBuffer(std::string_view xml, const std::string& label, DocumentSink& sink) {
  RecordStreamer streamer(label, sink);
  for (size_t offset = 0; offset < xml.size(); offset += kChunkBytes) {
    if (!streamer.Feed(xml.substr(offset, kChunkBytes))) return Status::OK();
  }
  streamer.Finish();
  return Status::OK();
}

}  // namespace evident
