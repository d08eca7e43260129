#include "ingest/jsonl_parser.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "common/input_file.h"
#include "ingest/document_builder.h"
#include "ingest/text_cleaning.h"

namespace evident {
namespace {

using nlohmann::json;

constexpr size_t kMaxTitleChars = 300;       // a longer title runs on into the abstract
constexpr size_t kMinTitleChars = 20;        // a first "sentence" shorter than this is no title
constexpr size_t kMaxLabelChars = 60;        // structured-abstract labels are short
constexpr size_t kDuplicateProbeChars = 40;  // prefix used to spot text already in the body

// Converts one parsed record into `doc`; a non-ok status says why the record is skipped.
using RecordConverter = Status (*)(const json& record, Document* doc);

// ---------------------------------------------------------------------------------------------
// Field access. Missing and null fields read as empty; any other type than the expected one
// throws json::type_error, which the caller reports as a malformed record.

std::string OptString(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return "";
  return it->get<std::string>();
}

std::vector<std::string> OptStrings(const json& record, const char* key) {
  std::vector<std::string> out;
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return out;
  for (const auto& item : *it) {
    std::string text = CleanText(item.get<std::string>());
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
      out.push_back(std::move(text));
    }
  }
  return out;
}

bool OptBool(const json& record, const char* key) {
  auto it = record.find(key);
  return it != record.end() && !it->is_null() && it->get<bool>();
}

int OptYear(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return 0;
  if (it->is_string()) return YearFromDate(it->get<std::string>());
  return it->get<int>();
}

// "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ...".
std::string JsonErrorMessage(const json::exception& e) {
  std::string_view what = e.what();
  size_t close = what.find("] ");
  if (what.starts_with("[json.exception") && close != std::string_view::npos) {
    what.remove_prefix(close + 2);
  }
  return std::string(what);
}

// ---------------------------------------------------------------------------------------------
// Line and file drivers shared by both record types.

void ParseLine(std::string_view line, int line_number, const std::string& path,
               RecordConverter convert, DocumentSink& sink) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  Document doc;
  Status status;
  try {
    json record = json::parse(line);
    status = record.is_object() ? convert(record, &doc)
                                : Status::InvalidArgument("record is not a JSON object");
  } catch (const json::exception& e) {
    status = Status::InvalidArgument(JsonErrorMessage(e));
  }
  if (status.ok()) {
    sink.Add(std::move(doc));
    return;
  }
  std::string position = "line " + std::to_string(line_number);
  if (!doc.id.empty()) position += " (" + ToValidUtf8(doc.id) + ")";
  sink.Error(IngestError{path, std::move(position), status.message()});
}

Status ParseJsonlFile(const std::string& path, RecordConverter convert, DocumentSink& sink) {
  auto file = InputFile::Open(path);
  if (!file.ok()) return file.status();
  std::string line;
  int line_number = 0;
  while ((*file)->ReadLine(&line)) ParseLine(line, ++line_number, path, convert, sink);
  if (!(*file)->status().ok()) {
    sink.Error(
        IngestError{path, "line " + std::to_string(line_number + 1), (*file)->status().message()});
  }
  return Status::OK();
}

Status ParseJsonlBuffer(std::string_view jsonl, const std::string& label, RecordConverter convert,
                        DocumentSink& sink) {
  int line_number = 0;
  while (!jsonl.empty()) {
    size_t newline = jsonl.find('\n');
    std::string_view line = jsonl.substr(0, newline);
    if (line.ends_with('\r')) line.remove_suffix(1);
    ParseLine(line, ++line_number, label, convert, sink);
    if (newline == std::string_view::npos) break;
    jsonl.remove_prefix(newline + 1);
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Research records.

// PubMed text may be entity-escaped twice ("&amp;gt;60"): one decoding here, one in
// MarkupToParagraphs.
std::vector<std::string> ResearchParagraphs(std::string_view raw) {
  return MarkupToParagraphs(DecodeEntities(raw));
}

// "RESULTS:" -> "RESULTS"; "UNLABELLED" -> "".
std::string NormalizeLabel(std::string_view label) {
  std::string out = CleanText(label);
  while (!out.empty() && (out.back() == ':' || out.back() == ' ')) out.pop_back();
  if (out == "UNLABELLED" || out == "UNLABELED") out.clear();
  return out;
}

// A structured-abstract label: at least three capital letters, no lower case, no digits
// ("BACKGROUND & AIMS", "MATERIALS AND METHODS").
bool IsAbstractLabel(std::string_view text) {
  if (text.empty() || text.size() > kMaxLabelChars) return false;
  int letters = 0;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (std::string_view(" &/,-()'").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return letters >= 3;
}

// Splits "METHODS: We randomised ..." into "METHODS" and "We randomised ..."; a paragraph that
// is only a label gives an empty rest. False for an ordinary paragraph.
bool SplitEmbeddedLabel(const std::string& paragraph, std::string* label, std::string* rest) {
  std::string_view text = paragraph;
  size_t colon = text.find(':');
  if (!IsAbstractLabel(text.substr(0, colon))) return false;
  *label = NormalizeLabel(text.substr(0, colon));
  *rest = colon == std::string_view::npos ? "" : CleanText(text.substr(colon + 1));
  return true;
}

void AddAbstractSection(std::string_view label, std::string_view text, SectionBuilder* body) {
  body->StartSection(NormalizeLabel(label));
  for (const auto& paragraph : ResearchParagraphs(text)) {
    std::string embedded_label, rest;
    if (SplitEmbeddedLabel(paragraph, &embedded_label, &rest)) {
      body->StartSection(embedded_label);
      body->AddParagraph(rest);
    } else {
      body->AddParagraph(paragraph);
    }
  }
}

Status AddAbstractSections(const json& record, SectionBuilder* body) {
  auto it = record.find("sections");
  if (it == record.end() || it->is_null()) return Status::OK();
  for (const auto& section : *it) {
    if (!section.is_object()) return Status::InvalidArgument("a section is not a JSON object");
    AddAbstractSection(OptString(section, "label"), OptString(section, "text"), body);
  }
  return Status::OK();
}

using ascii::IsLower;
using ascii::IsUpper;

// Number of ASCII letters directly before `pos`.
size_t LettersBefore(std::string_view text, size_t pos) {
  size_t n = 0;
  while (n < pos && (IsLower(text[pos - n - 1]) || IsUpper(text[pos - n - 1]))) ++n;
  return n;
}

// Where a title that runs on into its abstract ends: after a sentence end ("Remission? Objective",
// "patients.Intravesical", but not "vs. " or "al. "), at a missing space between two
// capitalised words ("Randomized Controlled TrialCommunity"), or before a section word
// ("... Recipients Abstract Hyperlipidemia"). npos if none within kMaxTitleChars.
size_t RunOnTitleEnd(std::string_view text) {
  static constexpr std::string_view kSectionWords[] = {
      " Abstract ", " Background ", " Background:", " Objective ", " Objective:", " Objectives:"};
  size_t limit = std::min(text.size() - 1, kMaxTitleChars);
  for (size_t i = kMinTitleChars; i < limit; ++i) {
    char c = text[i], next = text[i + 1];
    bool sentence_end = (c == '.' || c == '?' || c == '!') && (next == ' ' || IsUpper(next)) &&
                        LettersBefore(text, i) != 1 && LettersBefore(text, i) != 2;
    if (sentence_end) return i + 1;
    bool glued_words = IsUpper(next) && IsLower(c) && IsLower(text[i - 1]) &&
                       IsLower(text[i - 2]) && LettersBefore(text, i + 1) >= 4;
    if (glued_words) return i + 1;
    for (std::string_view word : kSectionWords) {
      if (text.substr(i).starts_with(word)) return i;
    }
  }
  return std::string_view::npos;
}

// PubMed titles sometimes run on into the abstract ("Title.<AbstractText ...>First sentence"),
// and some PMC records hold title and abstract in one long title. Sets the title proper and
// returns the text that belongs to the body: the run-on part, or the whole long title when its
// end cannot be found (the title is then cut at a word boundary and marked with an ellipsis).
std::vector<std::string> SplitRunOnTitle(std::string_view raw, std::string* title) {
  std::vector<std::string> paragraphs = ResearchParagraphs(raw);
  if (paragraphs.empty()) return paragraphs;
  std::string first = std::move(paragraphs.front());
  paragraphs.erase(paragraphs.begin());
  if (first.size() <= kMaxTitleChars) {
    *title = std::move(first);
    return paragraphs;
  }
  size_t end = RunOnTitleEnd(first);
  if (end != std::string_view::npos) {
    *title = CleanText(std::string_view(first).substr(0, end));
    paragraphs.insert(paragraphs.begin(), CleanText(std::string_view(first).substr(end)));
    return paragraphs;
  }
  size_t cut = first.rfind(' ', kMaxTitleChars);
  if (cut == std::string::npos || cut < kMinTitleChars) {
    cut = kMaxTitleChars;
    while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
  }
  *title = first.substr(0, cut) + "\u2026";
  paragraphs.insert(paragraphs.begin(), std::move(first));
  return paragraphs;
}

// Puts `lead` paragraphs before the sections, except those the sections already contain.
void PrependLeadText(const std::vector<std::string>& lead, std::vector<Section>* sections) {
  SectionBuilder builder;
  for (const auto& paragraph : lead) {
    std::string_view probe = std::string_view(paragraph).substr(0, kDuplicateProbeChars);
    bool duplicate = std::any_of(sections->begin(), sections->end(), [&](const Section& s) {
      return s.text.find(probe) != std::string::npos;
    });
    if (!duplicate) builder.AddParagraph(paragraph);
  }
  std::vector<Section> lead_sections = builder.Take();
  sections->insert(sections->begin(), lead_sections.begin(), lead_sections.end());
}

std::string ResearchUrl(const std::string& pmid, const std::string& pmcid) {
  if (!pmid.empty()) return "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/";
  if (!pmcid.empty()) return "https://www.ncbi.nlm.nih.gov/pmc/articles/" + pmcid + "/";
  return "";
}

void SetResearchIdentifiers(const json& record, Document* doc) {
  doc->pmid = CleanText(OptString(record, "pmid"));
  doc->pmcid = CleanText(OptString(record, "pmcid"));
  if (doc->pmid.empty() && doc->id.starts_with("pmid:")) doc->pmid = doc->id.substr(5);
  if (doc->pmcid.empty() && doc->id.starts_with("pmc:")) doc->pmcid = doc->id.substr(4);
  if (!doc->pmcid.empty() && !doc->pmcid.starts_with("PMC")) doc->pmcid = "PMC" + doc->pmcid;
  doc->url = ResearchUrl(doc->pmid, doc->pmcid);
}

Status ResearchRecordToDocument(const json& record, Document* doc) {
  doc->id = CleanText(OptString(record, "id"));
  if (doc->id.empty()) return Status::InvalidArgument("record has no id");
  doc->kind = SourceKind::kResearch;
  SetResearchIdentifiers(record, doc);
  doc->year = OptYear(record, "year");
  if (doc->year > 0) doc->date = std::to_string(doc->year);
  doc->mesh = OptStrings(record, "mesh");
  doc->publication_types = OptStrings(record, "publication_types");
  doc->retracted = std::find(doc->publication_types.begin(), doc->publication_types.end(),
                             "Retracted Publication") != doc->publication_types.end();
  doc->partial = OptBool(record, "partial");
  SetCleanAttribute("origin", OptString(record, "origin"), doc);
  SetCleanAttribute("note", OptString(record, "note"), doc);

  SectionBuilder body;
  EVIDENT_RETURN_IF_ERROR(AddAbstractSections(record, &body));
  doc->sections = body.Take();
  std::vector<std::string> lead = SplitRunOnTitle(OptString(record, "title"), &doc->title);
  PrependLeadText(lead, &doc->sections);
  if (doc->title.empty() && doc->sections.empty()) {
    return Status::InvalidArgument("record has neither title nor text");
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// MedQuAD records.

constexpr std::pair<std::string_view, std::string_view> kMedquadIssuers[] = {
    {"CancerGov", "National Cancer Institute"},
    {"CDC", "Centers for Disease Control and Prevention"},
    {"GARD", "Genetic and Rare Diseases Information Center"},
    {"GHR", "Genetics Home Reference"},
    {"MPlusHealthTopics", "MedlinePlus"},
    {"NIDDK", "National Institute of Diabetes and Digestive and Kidney Diseases"},
    {"NIHSeniorHealth", "NIHSeniorHealth"},
    {"NINDS", "National Institute of Neurological Disorders and Stroke"},
};

std::string IssuerForSite(const std::string& site) {
  for (const auto& [name, issuer] : kMedquadIssuers) {
    if (name == site) return std::string(issuer);
  }
  return site;
}

using ascii::IsBlankOrLineBreak;

// Splits at line breaks and at runs of three or more whitespace characters.
std::vector<std::string_view> SplitAtBreaks(std::string_view text) {
  std::vector<std::string_view> chunks;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    if (!IsBlankOrLineBreak(text[i])) {
      ++i;
      continue;
    }
    size_t run_start = i;
    bool newline = false;
    for (; i < text.size() && IsBlankOrLineBreak(text[i]); ++i)
      newline = newline || text[i] == '\n';
    if (newline || i - run_start >= 3) {
      chunks.push_back(text.substr(start, run_start - start));
      start = i;
    }
  }
  chunks.push_back(text.substr(start));
  return chunks;
}

// A bullet marker: one or two '-' ("- item", "-- nested item") between whitespace.
struct BulletMarker {
  size_t pos;
  size_t length;
};

size_t DashRunLength(std::string_view chunk, size_t pos) {
  size_t end = pos;
  while (end < chunk.size() && chunk[end] == '-') ++end;
  return end - pos;
}

// The bullet markers inside `chunk` (see the header for the rule).
std::vector<BulletMarker> BulletMarkers(std::string_view chunk) {
  std::vector<BulletMarker> strong, weak;
  for (size_t i = 1; i < chunk.size(); ++i) {
    size_t dashes =
        chunk[i] == '-' && IsBlankOrLineBreak(chunk[i - 1]) ? DashRunLength(chunk, i) : 0;
    if (dashes == 0 || dashes > 2 || i + dashes >= chunk.size() ||
        !IsBlankOrLineBreak(chunk[i + dashes])) {
      continue;
    }
    bool after_two_spaces = i >= 2 && IsBlankOrLineBreak(chunk[i - 2]);
    (after_two_spaces ? strong : weak).push_back({i, dashes});
    i += dashes;
  }
  if (weak.size() >= 2) strong.insert(strong.end(), weak.begin(), weak.end());
  std::sort(strong.begin(), strong.end(),
            [](const BulletMarker& a, const BulletMarker& b) { return a.pos < b.pos; });
  return strong;
}

void AddBulletItems(std::string_view chunk, std::vector<std::string>* paragraphs) {
  size_t first = chunk.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return;
  chunk.remove_prefix(first);
  size_t leading = DashRunLength(chunk, 0);
  size_t start =
      leading <= 2 && (leading == chunk.size() || IsBlankOrLineBreak(chunk[leading])) ? leading : 0;
  std::vector<BulletMarker> markers = BulletMarkers(chunk);
  markers.push_back({chunk.size(), 0});
  for (const BulletMarker& marker : markers) {
    std::string item = CleanText(chunk.substr(start, marker.pos - start));
    if (!item.empty()) paragraphs->push_back(std::move(item));
    start = marker.pos + marker.length;
  }
}

std::vector<std::string> MedquadParagraphs(std::string_view answer) {
  std::vector<std::string> paragraphs;
  for (std::string_view chunk : SplitAtBreaks(answer)) AddBulletItems(chunk, &paragraphs);
  return paragraphs;
}

// "What is (are) Adult Acute Lymphoblastic Leukemia ?" -> "... Leukemia?".
std::string CleanQuestion(std::string_view question) {
  std::string title = CleanText(question);
  if (title.ends_with(" ?")) title.erase(title.size() - 2, 1);
  return title;
}

Status MedquadRecordToDocument(const json& record, Document* doc) {
  doc->id = CleanText(OptString(record, "id"));
  if (doc->id.empty()) return Status::InvalidArgument("record has no id");
  doc->title = CleanQuestion(OptString(record, "question"));
  if (doc->title.empty()) return Status::InvalidArgument("record has no question");
  SectionBuilder body;
  for (const auto& paragraph : MedquadParagraphs(OptString(record, "answer"))) {
    body.AddParagraph(paragraph);
  }
  doc->sections = body.Take();
  if (doc->sections.empty()) return Status::InvalidArgument("record has no answer");

  doc->kind = SourceKind::kConsumer;
  doc->audience = "patient";
  std::string site = CleanText(OptString(record, "site"));
  doc->source = IssuerForSite(site);
  doc->url = CleanText(OptString(record, "url"));
  std::string focus = CleanText(OptString(record, "focus"));
  if (!focus.empty()) doc->keywords.push_back(focus);
  for (auto& synonym : OptStrings(record, "synonyms")) {
    if (synonym != focus) doc->keywords.push_back(std::move(synonym));
  }
  SetCleanAttribute("qtype", OptString(record, "qtype"), doc);
  SetCleanAttribute("focus", focus, doc);
  SetCleanAttribute("site", site, doc);
  return Status::OK();
}

}  // namespace

Status ParseResearchJsonl(const std::string& path, DocumentSink& sink) {
  return ParseJsonlFile(path, &ResearchRecordToDocument, sink);
}

Status ParseResearchJsonlBuffer(std::string_view jsonl, const std::string& label,
                                DocumentSink& sink) {
  return ParseJsonlBuffer(jsonl, label, &ResearchRecordToDocument, sink);
}

Status ParseMedquadJsonl(const std::string& path, DocumentSink& sink) {
  return ParseJsonlFile(path, &MedquadRecordToDocument, sink);
}

Status ParseMedquadJsonlBuffer(std::string_view jsonl, const std::string& label,
                               DocumentSink& sink) {
  return ParseJsonlBuffer(jsonl, label, &MedquadRecordToDocument, sink);
}

}  // namespace evident
